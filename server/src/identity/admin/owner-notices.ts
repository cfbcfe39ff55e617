import { and, count, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, raise } from '../../http/app-error.ts';
import { auditContext, requireAuth } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import type { UserRow } from '../sessions/session.service.ts';
import { users } from '../users/user.tables.ts';
import { breakGlassAcknowledgements } from './admin.tables.ts';

/** At most this many unacknowledged break-glass events are listed (newest first). */
const NOTICE_LIMIT = 20;

const noticesSchema = z.object({
  /** The organisation has one active owner: losing that account leaves only break-glass recovery. */
  singleOwner: z.boolean(),
  breakGlass: z.array(z.object({ id: z.number(), occurredAt: z.date(), targetLabel: z.string().nullable(), ip: z.string().nullable(), host: z.string().nullable() })),
});
type Notices = z.infer<typeof noticesSchema>;

/**
 * What every owner must see in the app: each break-glass link issued from the server console (in red until that
 * owner acknowledges it, so an unplanned use cannot go unnoticed even if the alert mail was missed) and whether the
 * organisation depends on a single owner. Other roles get nothing.
 */
export class OwnerNoticeService {
  constructor(private readonly deps: IdentityDependencies) {}

  async forViewer(viewer: UserRow): Promise<Notices> {
    if (viewer.role !== 'owner') return { singleOwner: false, breakGlass: [] };
    const [owners] = await this.deps.db
      .select({ total: count() })
      .from(users)
      .where(and(eq(users.orgId, viewer.orgId), eq(users.role, 'owner'), eq(users.status, 'active')));
    // Events before the viewer joined are not theirs to answer for; the owners of the time were alerted.
    const events = await this.deps.audit.listByAction(viewer.orgId, 'break_glass_link_issued', { since: viewer.createdAt, limit: NOTICE_LIMIT });
    const seen = new Set<number>();
    if (events.length > 0) {
      const rows = await this.deps.db
        .select({ auditEventId: breakGlassAcknowledgements.auditEventId })
        .from(breakGlassAcknowledgements)
        .where(and(eq(breakGlassAcknowledgements.userId, viewer.id), inArray(breakGlassAcknowledgements.auditEventId, events.map((event) => event.id))));
      for (const row of rows) seen.add(row.auditEventId);
    }
    return {
      singleOwner: (owners?.total ?? 0) <= 1,
      breakGlass: events
        .filter((event) => !seen.has(event.id))
        .map((event) => ({ id: event.id, occurredAt: event.occurredAt, targetLabel: event.targetLabel, ip: event.ip, host: typeof event.details.host === 'string' ? event.details.host : null })),
    };
  }

  /** Idempotent: the first acknowledgement is recorded and audited, repeats change nothing. */
  async acknowledge(viewer: UserRow, eventId: number, context: ReturnType<typeof auditContext>): Promise<void> {
    if (viewer.role !== 'owner') raise(commonErrors.FORBIDDEN);
    const event = await this.deps.audit.findByAction(viewer.orgId, 'break_glass_link_issued', eventId);
    if (!event) raise(commonErrors.NOT_FOUND);
    const inserted = await this.deps.db.insert(breakGlassAcknowledgements).values({ auditEventId: event.id, userId: viewer.id }).onConflictDoNothing().returning();
    if (inserted.length === 0) return;
    await this.deps.audit.record(
      { action: 'break_glass_acknowledged', orgId: viewer.orgId, actorUserId: viewer.id, actorLabel: viewer.email, targetUserId: event.targetUserId, targetLabel: event.targetLabel, details: { auditEventId: event.id, issuedAt: event.occurredAt.toISOString() } },
      context,
    );
  }
}

export function registerOwnerNoticeRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new OwnerNoticeService(deps);
  const tags = ['member administration'];

  app.get('/api/admin/notices', { schema: { tags, summary: "Owners' notices: unacknowledged break-glass recoveries and the single-owner warning", response: { 200: noticesSchema } } }, async (request) =>
    service.forViewer(requireAuth(request).user),
  );
  app.post(
    '/api/admin/notices/break-glass/:id/acknowledge',
    { schema: { tags, summary: 'Mark a break-glass notice as seen by this owner (idempotent)', params: z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }), response: { 204: z.null() } } },
    async (request, reply) => {
      await service.acknowledge(requireAuth(request).user, request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );
}
