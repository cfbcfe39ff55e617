import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, raise } from '../../http/app-error.ts';
import { auditContext, requireAuth } from '../../http/request-context.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import type { IdentityDependencies } from '../services.ts';
import { describeUserAgent } from './session.service.ts';

const sessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  device: z.string(),
  remember: z.boolean(),
});

export function registerSessionRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get('/api/auth/sessions', { schema: { tags: ['sessions'], summary: "The user's active sessions", response: { 200: z.array(sessionSchema) } } }, async (request) => {
    const auth = requireAuth(request);
    const rows = await deps.sessions.listActive(auth.user.id);
    return rows.map((row) => ({
      id: row.id,
      current: row.id === auth.session.id,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      ip: row.ip,
      userAgent: row.userAgent,
      remember: row.remember,
      ...describeUserAgent(row.userAgent),
    }));
  });

  app.delete(
    '/api/auth/sessions/:id',
    { schema: { tags: ['sessions'], summary: 'End one of your sessions', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ended = await deps.sessions.revokeOwn(auth.user.id, request.params.id);
      if (!ended) raise(commonErrors.NOT_FOUND);
      await deps.audit.record({ action: 'session_revoked', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetUserId: auth.user.id, details: { sessionId: request.params.id } }, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/sessions/revoke-others',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sign out everywhere else: end every session but this one and every trusted browser (GET /api/me/trusted-browsers), this one included',
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const revoked = await deps.sessions.revokeOthers(auth.user.id, auth.session.id, 'revoked');
      // A browser left trusted would skip the second step for whoever has the password there (MF-14).
      const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, auth.user.id, 'signed_out_everywhere');
      await deps.audit.record({ action: 'sessions_revoked', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetUserId: auth.user.id, details: { count: revoked, trustedBrowsersRevoked } }, auditContext(request));
      return { revoked };
    },
  );
}
