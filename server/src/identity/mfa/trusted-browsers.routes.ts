import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import { auditContext, clearTrustedBrowserCookie, cookieNames, requireAuth } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import { describeUserAgent } from '../sessions/session.service.ts';
import { TrustedBrowserService } from './trusted-browsers.ts';

const trustedBrowserSchema = z.object({
  id: z.string(),
  /** This request came with the trust's cookie. */
  current: z.boolean(),
  createdAt: z.date(),
  expiresAt: z.date(),
  lastUsedAt: z.date().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  device: z.string(),
});

/**
 * Settings → Security → Trusted browsers, beside the sessions (`/api/auth/sessions`): the browsers that skip the second
 * sign-in step. Removing one needs no step-up — it only takes access away.
 */
export function registerTrustedBrowserRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new TrustedBrowserService(deps.db);
  const names = cookieNames(config);

  app.get(
    '/api/me/trusted-browsers',
    { schema: { tags: ['sessions'], summary: 'Browsers that skip the second sign-in step until their trust ends (MF-14)', response: { 200: z.array(trustedBrowserSchema) } } },
    async (request) => {
      const auth = requireAuth(request);
      const token = request.cookies[names.trustedBrowser];
      return (await service.list(auth.user.id)).map((row) => ({
        id: row.id,
        current: TrustedBrowserService.isTokenOf(row, token),
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        lastUsedAt: row.lastUsedAt,
        ip: row.ip,
        userAgent: row.userAgent,
        ...describeUserAgent(row.userAgent),
      }));
    },
  );

  app.delete(
    '/api/me/trusted-browsers/:id',
    { schema: { tags: ['sessions'], summary: 'Stop trusting a browser: its next sign-in asks for the second step again', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const revoked = await service.revoke(auth.user.id, request.params.id);
      if (!revoked) raise(commonErrors.NOT_FOUND);
      await deps.audit.record(
        { action: 'trusted_browser_revoked', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetUserId: auth.user.id, targetLabel: auth.user.email, details: { trustedBrowser: revoked.id, reason: 'revoked' } },
        auditContext(request),
      );
      if (TrustedBrowserService.isTokenOf(revoked, request.cookies[names.trustedBrowser])) clearTrustedBrowserCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
}
