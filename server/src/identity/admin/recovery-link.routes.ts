import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { actionContext, setSessionCookie } from '../../http/request-context.ts';
import { passwordField, tokenField } from '../../http/schemas.ts';
import { idleExpiryFor, meSchema, toMe } from '../me.ts';
import type { IdentityDependencies } from '../services.ts';
import { RecoveryLinkService } from './recovery-link.service.ts';

/** The member's side of an assisted or break-glass recovery link (`/recover#token=…`). */
export function registerRecoveryLinkRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new RecoveryLinkService(deps);
  const limited = { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/recovery-links/:token',
    {
      config: limited,
      schema: {
        tags: ['recovery'],
        summary: 'Check a recovery link from an admin or the server console without using it',
        params: z.strictObject({ token: tokenField }),
        response: {
          200: z.object({
            valid: z.boolean(),
            reason: z.string().optional(),
            kind: z.enum(['assisted', 'break_glass']).optional(),
            email: z.string().optional(),
            name: z.string().optional(),
            orgName: z.string().optional(),
            twoStepReset: z.boolean().optional(),
          }),
        },
      },
    },
    async (request) => service.inspect(request.params.token),
  );

  app.post(
    '/api/recovery-links/redeem',
    {
      config: limited,
      schema: {
        tags: ['recovery'],
        summary: 'Choose a new password with a recovery link. Signs in, unless a second factor is still enrolled (then sign in normally).',
        body: z.strictObject({ token: tokenField, password: passwordField }),
        response: { 200: z.union([meSchema, z.object({ signedIn: z.literal(false), email: z.string() })]) },
      },
    },
    async (request, reply) => {
      const result = await service.redeem(request.body, actionContext(request));
      if (!result.created) return { signedIn: false as const, email: result.user.email };
      setSessionCookie(reply, config, result.created.token, result.created.session);
      return toMe(result.user, result.organization, result.created.session, idleExpiryFor(result.created.session, result.organization));
    },
  );
}
