import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, requireAuth } from '../../http/request-context.ts';
import { passwordField } from '../../http/schemas.ts';
import type { IdentityDependencies } from '../services.ts';
import { StepUpService } from './stepup.service.ts';

export function registerStepUpRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new StepUpService(deps);

  app.post(
    '/api/auth/reauthenticate',
    {
      config: { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Prove it is you again before a sensitive change (valid 10 minutes): password, plus a factor code when one is enrolled, or a passkey with user verification alone',
        body: z.union([
          z.strictObject({ password: passwordField, method: z.enum(['totp', 'sms', 'recovery_code']).optional(), code: z.string().trim().min(1).max(40).optional() }),
          z.strictObject({ method: z.literal('passkey'), response: z.record(z.string(), z.unknown()) }),
        ]),
        response: { 200: z.object({ reauthenticatedUntil: z.date() }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const until = await service.reauthenticate(auth.user, auth.session, request.body, { ...auditContext(request), client: request.client, locale: request.locale });
      return { reauthenticatedUntil: until };
    },
  );

  app.post(
    '/api/auth/reauthenticate/passkey-options',
    {
      config: { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } },
      schema: { tags: ['auth'], summary: 'WebAuthn options for proving it is you with a passkey', response: { 200: z.object({ options: z.unknown() }) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      return service.passkeyOptions(auth.user, request.client);
    },
  );
}
