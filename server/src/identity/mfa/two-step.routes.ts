import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request-context.ts';
import { factorContext } from './factor-context.ts';
import type { IdentityDependencies } from '../services.ts';
import { requireRecentAuth } from '../stepup/stepup.ts';
import { smsFactorView, smsNumberView } from './sms-factor.routes.ts';
import type { TwoStepService } from './two-step.service.ts';

const factorName = z.string().trim().min(1).max(64);
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
/** A passkey as its owner sees it (also the reply of /api/me/two-step/passkeys*). */
export const passkeyView = z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), deviceType: z.string(), backedUp: z.boolean(), activatesAt: z.date().nullable() });
const totpView = z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), activatesAt: z.date().nullable() });
const overviewSchema = z.object({
  required: z.boolean(),
  deadline: z.date().nullable(),
  factors: z.object({
    totp: z.array(totpView),
    passkeys: z.array(passkeyView),
    recoveryCodes: z.object({ remaining: z.number(), total: z.number(), createdAt: z.date() }).nullable(),
    sms: z.array(smsFactorView),
  }),
  smsAllowed: z.boolean(),
  smsNumbers: z.array(smsNumberView),
  /** Hours a factor added after lost-device recovery waits before it counts (policy twoStep.newFactorDelayHours). */
  newFactorDelayHours: z.number(),
  trustBrowserDays: z.number(),
});

/** Settings → Security → Two-step verification. Every change needs a recent step-up (MF-08); reads do not. */
export function registerTwoStepRoutes(parent: FastifyInstance, deps: IdentityDependencies, service: TwoStepService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const window = deps.config.stepUpMinutes;

  app.get('/api/me/two-step', { schema: { tags: ['two-step'], summary: 'Your second factors and what the policy requires', response: { 200: overviewSchema } } }, async (request) => {
    const auth = requireAuth(request);
    return service.overview(auth.user, auth.organization);
  });

  app.post(
    '/api/me/two-step/totp',
    {
      schema: {
        tags: ['two-step'],
        summary: 'Start adding an authenticator app: the secret, otpauth URL and QR code (shown this once; pending until confirmed)',
        body: z.strictObject({ name: factorName }),
        response: { 201: z.object({ id: z.string(), secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = requireRecentAuth(request, window);
      return reply.status(201).send(await service.enrolTotp(auth.user, auth.organization, request.body.name));
    },
  );

  app.post(
    '/api/me/two-step/totp/:id/confirm',
    {
      schema: {
        tags: ['two-step'],
        summary: 'Activate an authenticator app with its first code; the first factor also returns 10 recovery codes (shown once)',
        params: idParams,
        body: z.strictObject({ code: z.string().trim().min(1).max(12) }),
        response: { 200: z.object({ factor: totpView, recoveryCodes: z.array(z.string()).nullable() }) },
      },
    },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return service.confirmTotp(auth.user, auth.organization, request.params.id, request.body.code, factorContext(request));
    },
  );

  app.patch(
    '/api/me/two-step/totp/:id',
    { schema: { tags: ['two-step'], summary: 'Rename an authenticator app', params: idParams, body: z.strictObject({ name: factorName }), response: { 200: totpView } } },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return service.renameTotp(auth.user, request.params.id, request.body.name);
    },
  );

  app.delete('/api/me/two-step/totp/:id', { schema: { tags: ['two-step'], summary: 'Remove an authenticator app', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requireRecentAuth(request, window);
    await service.removeTotp(auth.user, auth.organization, request.params.id, factorContext(request));
    return reply.status(204).send(null);
  });

  app.post(
    '/api/me/two-step/recovery-codes',
    { schema: { tags: ['two-step'], summary: 'Replace your recovery codes with 10 new ones (old ones stop working; shown once)', response: { 200: z.object({ codes: z.array(z.string()) }) } } },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return { codes: await service.regenerateCodes(auth.user, auth.organization, factorContext(request)) };
    },
  );
}
