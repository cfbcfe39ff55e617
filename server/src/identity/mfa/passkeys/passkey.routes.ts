import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../../config.ts';
import { rateLimits } from '../../../http/rate-limits.ts';
import { cookieNames, requireAuth, setDeviceCookie, setSessionCookie } from '../../../http/request-context.ts';
import { idleExpiryFor, meSchema, toMe } from '../../me.ts';
import type { IdentityDependencies } from '../../services.ts';
import { requireRecentAuth } from '../../stepup/stepup.ts';
import { factorContext } from '../factor-context.ts';
import { passkeyView } from '../two-step.routes.ts';
import type { TwoStepService } from '../two-step.service.ts';
import { twoStepStatus } from '../two-step-policy.ts';
import { signInWithPasskey } from './passkey-sign-in.ts';
import { PasskeyService } from './passkey.service.ts';

const factorName = z.string().trim().min(1).max(64);
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
/** WebAuthn response JSON; the library checks every field, the size limit bounds it. */
const webauthnResponse = z.record(z.string(), z.unknown());

/** Passkeys: Settings → Two-step (register, rename, remove — step-up required) and password-less sign-in. */
export function registerPasskeyRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config, twoStep: TwoStepService): PasskeyService {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new PasskeyService(deps, twoStep);
  deps.secondFactors.register(service);
  const window = deps.config.stepUpMinutes;
  const names = cookieNames(config);
  const limit = { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/me/two-step/passkeys/options',
    { schema: { tags: ['two-step'], summary: 'WebAuthn creation options for a new passkey (discoverable, user verification required)', body: z.strictObject({}).optional(), response: { 200: z.object({ options: z.unknown() }) } } },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return service.registrationOptions(auth.user, auth.organization, request.client);
    },
  );

  app.post(
    '/api/me/two-step/passkeys',
    {
      schema: {
        tags: ['two-step'],
        summary: 'Register a passkey from the browser’s response; the first factor also returns 10 recovery codes (shown once)',
        body: z.strictObject({ name: factorName, response: webauthnResponse }),
        response: { 201: z.object({ factor: passkeyView, recoveryCodes: z.array(z.string()).nullable() }) },
      },
    },
    async (request, reply) => {
      const auth = requireRecentAuth(request, window);
      return reply.status(201).send(await service.register(auth.user, auth.organization, request.body.name, request.body.response, factorContext(request)));
    },
  );

  app.patch(
    '/api/me/two-step/passkeys/:id',
    { schema: { tags: ['two-step'], summary: 'Rename a passkey', params: idParams, body: z.strictObject({ name: factorName }), response: { 200: passkeyView } } },
    async (request) => {
      const auth = requireRecentAuth(request, window);
      return service.rename(auth.user, request.params.id, request.body.name);
    },
  );

  app.delete('/api/me/two-step/passkeys/:id', { schema: { tags: ['two-step'], summary: 'Remove a passkey (its next use fails at once)', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requireRecentAuth(request, window);
    await service.remove(auth.user, auth.organization, request.params.id, factorContext(request));
    return reply.status(204).send(null);
  });

  // Only hides a notice: no step-up, nothing about the factors changes.
  app.post(
    '/api/me/two-step/passkeys/backup-prompt/dismiss',
    { schema: { tags: ['two-step'], summary: 'Dismiss the prompt about passkeys that are no longer backed up (MF-11)', body: z.strictObject({}).optional(), response: { 204: z.null() } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      await service.dismissBackupPrompt(auth.user);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/passkey/options',
    { config: limit, schema: { tags: ['auth'], summary: 'Start a password-less sign-in: a ceremony token and discoverable-credential request options', body: z.strictObject({}).optional(), response: { 200: z.object({ challenge: z.string(), options: z.unknown() }) } } },
    async (request) => service.signInOptions(request.client),
  );

  app.post(
    '/api/auth/passkey',
    {
      config: limit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a passkey and user verification; sets the session cookie',
        body: z.strictObject({ challenge: z.string().min(1).max(128), response: webauthnResponse, remember: z.boolean().optional() }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { challenge, response, remember } = request.body;
      const signInContext = { ...factorContext(request), deviceToken: request.cookies[names.device] };
      const result = await signInWithPasskey(deps, service, { challenge, response, remember: remember ?? false }, signInContext);
      setSessionCookie(reply, config, result.token, result.session);
      if (result.newDeviceToken) setDeviceCookie(reply, config, result.newDeviceToken);
      const status = await twoStepStatus(deps.db, result.user, result.organization, result.session);
      return toMe(result.user, result.organization, result.session, idleExpiryFor(result.session, result.organization), null, status, deps.config.stepUpMinutes);
    },
  );

  return service;
}
