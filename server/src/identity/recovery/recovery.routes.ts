import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, cookieNames, setDeviceCookie, setSessionCookie } from '../../http/request-context.ts';
import { tokenField } from '../../http/schemas.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { idleExpiryFor, meSchema, toMe } from '../me.ts';
import type { IdentityDependencies } from '../services.ts';
import { ForgotService } from './forgot.service.ts';
import { FreezeService } from './freeze.service.ts';
import { RecoveryLimits } from './recovery-limits.ts';
import { RecoveryRepository } from './recovery.repository.ts';
import { acceptedSchema, codeField, forgotBodySchema, identifierField, inspectResponseSchema, resetBodySchema, tokenStateSchema } from './recovery.schema.ts';
import { ResetService, type SecondFactorMethods } from './reset.service.ts';

export interface RecoveryServices {
  forgot: ForgotService;
  reset: ResetService;
  freeze: FreezeService;
  limits: RecoveryLimits;
}

/** Assembles the recovery use cases; `secondFactorMethods` is where the MFA issue plugs in the enrolled factors. */
export function createRecoveryServices(deps: IdentityDependencies, jobs: JobQueue, secondFactorMethods?: SecondFactorMethods): RecoveryServices {
  const limits = new RecoveryLimits(deps.db, deps.secrets);
  const repository = new RecoveryRepository(deps.db);
  const forgot = new ForgotService(deps, limits, repository, jobs);
  forgot.registerJobs();
  return { forgot, reset: new ResetService(deps, limits, repository, secondFactorMethods), freeze: new FreezeService(deps, repository), limits };
}

/** Unauthenticated recovery endpoints (forgot, reset, unlock request, freeze). */
export function registerRecoveryRoutes(parent: FastifyInstance, config: Config, services: RecoveryServices): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const names = cookieNames(config);
  const tokenLimit = { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } };
  const { forgot, reset, freeze } = services;

  app.post(
    '/api/auth/password/forgot',
    { schema: { tags: ['recovery'], summary: 'Ask for a reset link and code (always 202: the answer never says whether the account exists)', body: forgotBodySchema, response: { 202: acceptedSchema } } },
    async (request, reply) => {
      await forgot.requestReset(request.body.identifier, { client: request.client, locale: request.locale });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/auth/unlock/request',
    { schema: { tags: ['recovery'], summary: 'Ask for a fresh unlock link (always 202)', body: z.strictObject({ identifier: identifierField }), response: { 202: acceptedSchema } } },
    async (request, reply) => {
      await forgot.requestUnlock(request.body.identifier, { client: request.client, locale: request.locale });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/auth/password/reset/inspect',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'What a reset link or ticket needs next (never consumes it)', body: z.strictObject({ token: tokenField }), response: { 200: inspectResponseSchema } } },
    async (request) => reset.inspect(request.body.token, request.locale),
  );

  app.post(
    '/api/auth/password/reset/code',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'Exchange the code from the message for a ticket', body: z.strictObject({ identifier: identifierField, code: codeField }), response: { 200: z.object({ token: z.string() }) } } },
    async (request) => ({ token: await reset.redeemCode(request.body.identifier, request.body.code, auditContext(request)) }),
  );

  app.post(
    '/api/auth/password/reset/second-channel',
    {
      config: tokenLimit,
      schema: { tags: ['recovery'], summary: 'Send a code to a verified channel of the other kind (second proof)', body: z.strictObject({ token: tokenField, channelId: z.string().min(1).max(64) }), response: { 202: z.object({ sent: z.literal(true), masked: z.string() }) } },
    },
    async (request, reply) => {
      const { masked } = await reset.sendSecondChannelCode(request.body.token, request.body.channelId, { ...auditContext(request), client: request.client, locale: request.locale });
      return reply.status(202).send({ sent: true as const, masked });
    },
  );

  app.post(
    '/api/auth/password/reset/second-channel/verify',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'Enter the second-channel code', body: z.strictObject({ token: tokenField, code: codeField }), response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      await reset.verifySecondChannelCode(request.body.token, request.body.code, auditContext(request));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/password/reset',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'Set a new password and sign in; every other session ends', body: resetBodySchema, response: { 200: meSchema } } },
    async (request, reply) => {
      const body = request.body;
      const result = await reset.reset(
        { ...('token' in body ? { token: body.token } : { identifier: body.identifier, code: body.code }), newPassword: body.newPassword, answers: body.answers, secondFactor: body.secondFactor },
        { ...auditContext(request), client: request.client, locale: request.locale, deviceToken: request.cookies[names.device] },
      );
      setSessionCookie(reply, config, result.token, result.session);
      if (result.newDeviceToken) setDeviceCookie(reply, config, result.newDeviceToken);
      return toMe(result.user, result.organization, result.session, idleExpiryFor(result.session, result.organization));
    },
  );

  app.post(
    '/api/auth/password/reset/passkey-options',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'WebAuthn options for a passkey as the second proof of a reset', body: z.strictObject({ token: tokenField }), response: { 200: z.object({ options: z.unknown() }) } } },
    async (request) => reset.passkeyOptions(request.body.token, request.client),
  );

  app.post(
    '/api/auth/freeze/inspect',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'Check a "this wasn\'t me" link without using it', body: z.strictObject({ token: tokenField }), response: { 200: tokenStateSchema } } },
    async (request) => freeze.inspect(request.body.token),
  );

  app.post(
    '/api/auth/freeze',
    { config: tokenLimit, schema: { tags: ['recovery'], summary: 'Freeze the account: no password, no sessions; admins are alerted', body: z.strictObject({ token: tokenField }), response: { 200: z.object({ frozen: z.literal(true) }) } } },
    async (request) => {
      await freeze.freeze(request.body.token, { ...auditContext(request), client: request.client, locale: request.locale });
      return { frozen: true as const };
    },
  );

}
