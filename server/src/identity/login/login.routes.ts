import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, clearSessionCookie, cookieNames, requireAuth, setDeviceCookie, setSessionCookie } from '../../http/request-context.ts';
import { passwordField, tokenField } from '../../http/schemas.ts';
import { idleExpiryFor, meSchema, mfaRequiredSchema, toMe } from '../me.ts';
import { factorWaysBack, twoStepStatus } from '../mfa/two-step-policy.ts';
import { recoverySummary } from '../recovery/channel-readiness.ts';
import type { IdentityDependencies } from '../services.ts';
import { LoginService } from './login.service.ts';

export function registerLoginRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new LoginService(deps);
  const names = cookieNames(config);

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: rateLimits.signInRequestsPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail or mobile number and password; with a second factor, a challenge for POST /api/auth/mfa unless this browser is trusted (MF-14)',
        body: z.strictObject({ identifier: z.string().trim().min(1).max(320), password: passwordField, remember: z.boolean().optional() }),
        response: { 200: z.union([meSchema, mfaRequiredSchema]) },
      },
    },
    async (request, reply) => {
      const result = await service.login(
        { identifier: request.body.identifier, password: request.body.password, remember: request.body.remember ?? false },
        { ...auditContext(request), client: request.client, deviceToken: request.cookies[names.device], trustedBrowserToken: request.cookies[names.trustedBrowser], locale: request.locale },
      );
      // A second factor is enrolled: the challenge for POST /api/auth/mfa, and no cookie.
      if (result.kind === 'second_step') return { mfaRequired: result.mfaRequired, methods: result.methods, challenge: result.challenge, expiresAt: result.expiresAt, trustBrowserDays: result.trustBrowserDays };
      setSessionCookie(reply, config, result.token, result.session);
      if (result.newDeviceToken) setDeviceCookie(reply, config, result.newDeviceToken);
      return toMe(result.user, result.organization, result.session, idleExpiryFor(result.session, result.organization));
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null() } } }, async (request, reply) => {
    if (request.auth) {
      await deps.sessions.endSession(request.auth.session.id, 'logout');
      await deps.audit.record({ action: 'signed_out', orgId: request.auth.user.orgId, actorUserId: request.auth.user.id, actorLabel: request.auth.user.email }, auditContext(request));
    }
    clearSessionCookie(reply, config);
    // Not "cookies": that would also erase the known-device cookie that gives this browser its own lockout budget;
    // the session cookie is expired explicitly above and the session ended on the server.
    return reply.header('clear-site-data', '"cache", "storage"').status(204).send(null);
  });

  app.get('/api/auth/session', { schema: { tags: ['auth'], summary: 'The signed-in user, organisation and permissions', response: { 200: meSchema } } }, async (request) => {
    const auth = requireAuth(request, { allowExpiredPassword: true });
    const recovery = await recoverySummary(deps.channels, auth.user, auth.organization.securityPolicy, await factorWaysBack(deps.db, auth.user.id));
    const twoStep = await twoStepStatus(deps.db, auth.user, auth.organization, auth.session);
    return toMe(auth.user, auth.organization, auth.session, auth.idleExpiresAt, recovery, twoStep, deps.config.stepUpMinutes);
  });

  app.get(
    '/api/auth/unlock/:token',
    {
      config: { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } },
      schema: { tags: ['auth'], summary: 'Check an unlock link without using it', params: z.strictObject({ token: tokenField }), response: { 200: z.object({ valid: z.boolean(), reason: z.string().optional() }) } },
    },
    async (request) => {
      const state = await service.inspectUnlock(request.params.token);
      return state.valid ? { valid: true } : { valid: false, reason: state.reason };
    },
  );

  app.post(
    '/api/auth/unlock',
    {
      config: { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } },
      schema: { tags: ['auth'], summary: 'Unlock an account with the link from the lock notification', body: z.strictObject({ token: tokenField }), response: { 200: z.object({ unlocked: z.literal(true) }) } },
    },
    async (request) => {
      await service.unlock(request.body.token, auditContext(request));
      return { unlocked: true as const };
    },
  );
}
