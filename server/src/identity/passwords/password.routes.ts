import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, requireAuth, setSessionCookie } from '../../http/request-context.ts';
import { passwordField } from '../../http/schemas.ts';
import { defaultSecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { IdentityDependencies } from '../services.ts';
import { assessPassword } from './password-policy.ts';
import { PasswordService } from './password.service.ts';

export function registerPasswordRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new PasswordService(deps);

  app.post(
    '/api/auth/password/check',
    {
      config: { rateLimit: { max: rateLimits.passwordCheckPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: "Assess a new password against the organisation's policy (strength meter)",
        body: z.strictObject({ password: z.string().max(4096), email: z.string().max(320).optional(), name: z.string().max(200).optional(), orgName: z.string().max(200).optional() }),
        response: {
          200: z.object({ valid: z.boolean(), score: z.number(), minLength: z.number(), problems: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })) }),
        },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (auth) {
        return assessPassword(request.body.password, auth.organization.securityPolicy, { name: auth.user.name, email: auth.user.email, orgName: auth.organization.name });
      }
      // Before sign-in (first run, invitation) the org's policy is the default one or is enforced again on submit.
      const [organization] = await deps.db.query.organizations.findMany({ limit: 1 });
      const policy = organization?.securityPolicy ?? defaultSecurityPolicy;
      return assessPassword(request.body.password, policy, { name: request.body.name, email: request.body.email, orgName: request.body.orgName ?? organization?.name });
    },
  );

  app.post(
    '/api/auth/password/change',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Change the password; every other session ends. currentPassword is required unless this session proved itself with a user-verified passkey within the step-up window (GET /api/auth/session → passkeyVerifiedUntil)',
        body: z.strictObject({ currentPassword: passwordField.optional(), newPassword: passwordField }),
        response: { 200: z.object({ ok: z.literal(true), otherSessionsEnded: z.number() }) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request, { allowExpiredPassword: true });
      const result = await service.change(auth.user, auth.session, request.body, { ...auditContext(request), client: request.client, locale: request.locale });
      setSessionCookie(reply, config, result.token, result.session);
      return { ok: true as const, otherSessionsEnded: result.otherSessionsEnded };
    },
  );
}
