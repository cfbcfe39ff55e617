import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, cookieNames, setDeviceCookie, setSessionCookie, setTrustedBrowserCookie } from '../../http/request-context.ts';
import { idleExpiryFor, meSchema, toMe } from '../me.ts';
import type { IdentityDependencies } from '../services.ts';
import { CeremonyStore } from './ceremonies.ts';
import { MfaChallengeService } from './mfa-challenge.service.ts';
import { SECOND_FACTOR_METHODS } from './second-factors.ts';
import { twoStepStatus } from './two-step-policy.ts';

const challengeField = z.string().min(1).max(128);
/** A six-digit TOTP code or a recovery code (spaces and dashes allowed). */
const codeField = z.string().trim().min(1).max(40);
/** A WebAuthn AuthenticationResponseJSON; the passkey verifier checks its shape. */
const webauthnResponseField = z.record(z.string(), z.unknown());
/** Where a code sent by SMS went (masked), until when it works and when another may be asked for. */
export const sentCodeSchema = z.object({ masked: z.string(), expiresAt: z.date(), resendAfterSeconds: z.number() });

/** The second sign-in step: `POST /api/auth/mfa` (and its passkey options). */
export function registerMfaSignInRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new MfaChallengeService(deps, new CeremonyStore(deps.db));
  const names = cookieNames(config);
  const limit = { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/auth/mfa',
    {
      config: limit,
      schema: {
        tags: ['auth'],
        summary:
          'Finish signing in with a second factor (TOTP ±1 step of 30 s, SMS code, recovery code or passkey); sets the session cookie, and the trusted-browser cookie when trustBrowser is asked for and the org policy allows it for the role',
        body: z.strictObject({
          challenge: challengeField,
          method: z.enum(SECOND_FACTOR_METHODS),
          code: codeField.optional(),
          response: webauthnResponseField.optional(),
          trustBrowser: z.boolean().optional(),
        }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { challenge, method, code, response, trustBrowser } = request.body;
      const context = { ...auditContext(request), client: request.client, deviceToken: request.cookies[names.device], locale: request.locale };
      const result = await service.complete({ challenge, method, code, response, trustBrowser }, context);
      setSessionCookie(reply, config, result.token, result.session);
      if (result.newDeviceToken) setDeviceCookie(reply, config, result.newDeviceToken);
      if (result.trustedBrowser) setTrustedBrowserCookie(reply, config, result.trustedBrowser.token, result.trustedBrowser.expiresAt);
      const twoStep = await twoStepStatus(deps.db, result.user, result.organization, result.session);
      return toMe(result.user, result.organization, result.session, idleExpiryFor(result.session, result.organization), null, twoStep, deps.config.stepUpMinutes);
    },
  );

  app.post(
    '/api/auth/mfa/sms',
    {
      config: limit,
      schema: {
        tags: ['auth'],
        summary: 'Text the code for an SMS second step of this sign-in (bound to the challenge; one per 60 s, SMS caps apply; 429 with Retry-After)',
        body: z.strictObject({ challenge: challengeField }),
        response: { 200: sentCodeSchema },
      },
    },
    async (request) => {
      const context = { ...auditContext(request), client: request.client, deviceToken: request.cookies[names.device], locale: request.locale };
      return service.sendCode(request.body.challenge, 'sms', context);
    },
  );

  app.post(
    '/api/auth/mfa/passkey-options',
    {
      config: limit,
      schema: { tags: ['auth'], summary: 'WebAuthn options for a passkey as the second sign-in step', body: z.strictObject({ challenge: challengeField }), response: { 200: z.object({ options: z.unknown() }) } },
    },
    async (request) => service.passkeyOptions(request.body.challenge, request.client),
  );
}
