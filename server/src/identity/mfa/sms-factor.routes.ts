import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimits } from '../../http/rate-limits.ts';
import { requireAuth } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import { requireRecentAuth } from '../stepup/stepup.ts';
import { sentCodeSchema } from './mfa.routes.ts';
import { factorContext } from './factor-context.ts';
import type { TwoStepService } from './two-step.service.ts';

/** An SMS factor as its owner sees it: the number masked; `usable` false once the number or the policy no longer allows it. */
export const smsFactorView = z.object({ id: z.string(), masked: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), activatesAt: z.date().nullable(), usable: z.boolean() });
/** A verified mobile of the user that SMS codes can be turned on for. */
export const smsNumberView = z.object({ channelId: z.string(), role: z.enum(['primary', 'backup']), masked: z.string(), enrolled: z.boolean() });

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/**
 * SMS codes as a second factor: enrolment under Settings → Two-step (every change needs a recent step-up, MF-08) and
 * the text for a step-up. The sign-in text is `POST /api/auth/mfa/sms` (mfa.routes.ts), bound to the challenge.
 */
export function registerSmsFactorRoutes(parent: FastifyInstance, deps: IdentityDependencies, twoStep: TwoStepService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const window = deps.config.stepUpMinutes;
  const service = twoStep.sms;

  app.post(
    '/api/me/two-step/sms',
    {
      schema: {
        tags: ['two-step'],
        summary: 'Start turning on SMS codes for one of your verified mobile numbers (or send its code again): a code is texted to it',
        body: z.strictObject({ channelId: z.string().min(1).max(64) }),
        response: { 201: sentCodeSchema.extend({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = requireRecentAuth(request, window);
      return reply.status(201).send(await service.startEnrolment(auth.user, auth.organization, request.body.channelId, factorContext(request)));
    },
  );

  app.post(
    '/api/me/two-step/sms/:id/confirm',
    {
      schema: {
        tags: ['two-step'],
        summary: 'Turn on SMS codes with the code from the text; the first factor also returns 10 recovery codes (shown once)',
        params: idParams,
        body: z.strictObject({ code: z.string().trim().min(1).max(12) }),
        response: { 200: z.object({ factor: smsFactorView, recoveryCodes: z.array(z.string()).nullable() }) },
      },
    },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return service.confirmEnrolment(auth.user, auth.organization, request.params.id, request.body.code, factorContext(request));
    },
  );

  app.delete('/api/me/two-step/sms/:id', { schema: { tags: ['two-step'], summary: 'Stop using SMS codes for a number', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requireRecentAuth(request, window);
    await service.remove(auth.user, auth.organization, request.params.id, factorContext(request));
    return reply.status(204).send(null);
  });

  app.post(
    '/api/auth/reauthenticate/sms',
    {
      config: { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Text a code for proving it is you (with the password) — bound to this session; one per 60 s, SMS caps apply',
        response: { 200: sentCodeSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return service.sendCode({ userId: auth.user.id, ceremony: null, context: factorContext(request) });
    },
  );
}
