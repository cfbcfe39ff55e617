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
        summary: 'Confirm your password again before a sensitive change (valid 10 minutes)',
        body: z.strictObject({ password: passwordField }),
        response: { 200: z.object({ reauthenticatedUntil: z.date() }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const until = await service.reauthenticate(auth.user, auth.session, request.body.password, { ...auditContext(request), client: request.client });
      return { reauthenticatedUntil: until };
    },
  );
}
