import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/request-context.ts';
import type { AuditService } from './audit.service.ts';

/** One audit event as owners and admins read it (the chain's hashes and internal ids stay in the database). */
export const auditEventView = z.object({
  id: z.number(),
  occurredAt: z.date(),
  action: z.string(),
  outcome: z.string(),
  actorLabel: z.string().nullable(),
  targetLabel: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export function registerAuditRoutes(parent: FastifyInstance, audit: AuditService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log, newest first',
        querystring: z.strictObject({
          action: z.string().max(64).optional(),
          actor: z.string().max(200).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ events: z.array(auditEventView.extend({ details: z.record(z.string(), z.unknown()) })), nextBefore: z.number().nullable() }) },
      },
    },
    async (request) => {
      const auth = requirePermission(request, 'audit.read');
      // The reply schema keeps only the fields owners and admins read (not the chain's hashes or internal ids).
      return audit.list({ ...request.query, orgId: auth.user.orgId });
    },
  );

  app.get('/api/audit/actions', { schema: { tags: ['audit'], summary: 'Actions present in the log', response: { 200: z.array(z.string()) } } }, async (request) => {
    requirePermission(request, 'audit.read');
    return audit.listActions();
  });

  app.get('/api/audit/verify', { schema: { tags: ['audit'], summary: 'Check the hash chain of the whole log', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), brokenAtId: z.number().nullable() }) } } }, async (request) => {
    requirePermission(request, 'audit.read');
    return audit.verifyChain();
  });
}
