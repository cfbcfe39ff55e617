import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, clearSessionCookie } from '../../http/request-context.ts';
import { tokenField } from '../../http/schemas.ts';
import type { IdentityDependencies } from '../services.ts';
import { inspectRevert, revertPrimaryChange } from './channel-primary-change.ts';

const tokenLimit = { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } };

/** Unauthenticated: the revert link from a primary-address change notice, and what the sign-in page tells visitors. */
export function registerChannelPublicRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/auth/sign-in-info',
    { schema: { tags: ['auth'], summary: 'The origin genuine links start with (shown on the sign-in page)', response: { 200: z.object({ linkOrigin: z.string(), antiPhishing: z.boolean() }) } } },
    // The organisation's phrase is never shown here: anyone can open the sign-in page, and a phisher could copy it.
    async () => ({ linkOrigin: config.publicUrl.origin, antiPhishing: false }),
  );

  app.post(
    '/api/auth/email/revert/inspect',
    {
      config: tokenLimit,
      schema: {
        tags: ['auth'],
        summary: 'Check a revert link without using it',
        body: z.strictObject({ token: tokenField }),
        response: { 200: z.object({ valid: z.boolean(), reason: z.string().optional(), kind: z.enum(['email', 'phone']).optional(), email: z.string().optional() }) },
      },
    },
    async (request) => {
      const state = await inspectRevert(deps, request.body.token);
      return state.valid ? { valid: true, kind: state.kind, email: state.email } : { valid: false, reason: state.reason };
    },
  );

  app.post(
    '/api/auth/email/revert',
    {
      config: tokenLimit,
      schema: {
        tags: ['auth'],
        summary: 'Undo a change of the sign-in e-mail or mobile number and sign out every session',
        body: z.strictObject({ token: tokenField }),
        response: { 200: z.object({ reverted: z.literal(true), kind: z.enum(['email', 'phone']), email: z.string() }) },
      },
    },
    async (request, reply) => {
      const result = await revertPrimaryChange(deps, request.body.token, auditContext(request));
      clearSessionCookie(reply, config);
      return { reverted: true as const, kind: result.kind, email: result.email };
    },
  );
}
