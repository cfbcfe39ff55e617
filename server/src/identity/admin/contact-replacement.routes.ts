import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimits } from '../../http/rate-limits.ts';
import { actionContext } from '../../http/request-context.ts';
import { tokenField } from '../../http/schemas.ts';
import type { IdentityDependencies } from '../services.ts';
import { confirmContact, inspectContactConfirmation } from './contact-replacement.ts';

const confirmedSchema = z.object({ kind: z.enum(['email', 'phone']), address: z.string(), email: z.string() });

/** The member's side of an admin's address replacement (`/confirm-contact#token=…`). */
export function registerContactConfirmationRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const limited = { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/contact-confirmations/:token',
    {
      config: limited,
      schema: {
        tags: ['recovery'],
        summary: 'Check a new-address confirmation link without using it',
        params: z.strictObject({ token: tokenField }),
        response: { 200: z.union([confirmedSchema.extend({ valid: z.literal(true) }), z.object({ valid: z.literal(false), reason: z.string() })]) },
      },
    },
    async (request) => inspectContactConfirmation(deps, request.params.token),
  );

  app.post(
    '/api/contact-confirmations/confirm',
    {
      config: limited,
      schema: { tags: ['recovery'], summary: 'Confirm the new e-mail or mobile number an admin entered', body: z.strictObject({ token: tokenField }), response: { 200: confirmedSchema } },
    },
    async (request) => confirmContact(deps, request.body.token, actionContext(request)),
  );
}
