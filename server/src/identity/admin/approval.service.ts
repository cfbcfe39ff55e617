import { and, desc, eq, gt } from 'drizzle-orm';
import { publicLink } from '../../config.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import { userLocale } from '../login/login.service.ts';
import { requestParams } from '../recovery/recovery-notices.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { users } from '../users/user.tables.ts';
import { adminErrors } from './admin.errors.ts';
import { mayApprove } from './admin-guard.ts';
import { adminActionNames, type AdminActionName, type AdminActionRegistry } from './admin-actions.ts';
import { adminApprovals } from './admin.tables.ts';
import { adminActionLabel } from './member-notice.ts';

/** How long a second approver has to decide. */
export const APPROVAL_HOURS = 24;

export type ApprovalRow = typeof adminApprovals.$inferSelect;

function isActionName(value: string): value is AdminActionName {
  return (adminActionNames as readonly string[]).includes(value);
}

/**
 * The two-person rule (admin-guard.ts approvalNeeded): the request waits until another owner (or, for a member who is
 * not an owner, another admin) — neither the requester nor the member it is about — approves it; the approval then runs
 * the action with the stored input. A request nobody else could approve is refused at once (no_second_approver).
 * Approving is atomic (of two concurrent approvals one runs the action), and an expired or decided request cannot be
 * approved.
 */
export class ApprovalService {
  constructor(
    private readonly deps: IdentityDependencies,
    private readonly actions: AdminActionRegistry,
  ) {}

  async request(actor: UserRow, organization: OrganizationRow, member: UserRow, action: AdminActionName, payload: Record<string, unknown>, context: ActionContext) {
    const now = new Date();
    const [existing] = await this.deps.db
      .select({ id: adminApprovals.id })
      .from(adminApprovals)
      .where(and(eq(adminApprovals.targetUserId, member.id), eq(adminApprovals.action, action), eq(adminApprovals.status, 'pending'), gt(adminApprovals.expiresAt, now)));
    if (existing) raise(adminErrors.APPROVAL_PENDING);
    // Without anyone who may approve, the request would only wait until it expires: say so now (AD-02).
    const approvers = await this.eligibleApprovers(actor, member);
    if (approvers.length === 0) raise(adminErrors.NO_SECOND_APPROVER);
    const [row] = await this.deps.db
      .insert(adminApprovals)
      .values({ orgId: actor.orgId, action, targetUserId: member.id, requestedBy: actor.id, payload, expiresAt: new Date(now.getTime() + APPROVAL_HOURS * 3_600_000) })
      .returning();
    if (!row) throw new Error('approval not stored');
    await this.deps.audit.record(
      { action: 'admin_approval_requested', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: member.id, targetLabel: member.email, details: { approvalId: row.id, requested: action } },
      context,
    );
    await this.notifyApprovers(approvers, actor, organization, member, action, context);
    return { id: row.id, action, expiresAt: row.expiresAt };
  }

  /** Active members who may decide on a request by `actor` about `member` (mayApprove). */
  private async eligibleApprovers(actor: UserRow, member: UserRow): Promise<UserRow[]> {
    return (await this.deps.users.listOrgMembers(actor.orgId)).filter((candidate) => candidate.status === 'active' && mayApprove(candidate, { requestedBy: actor.id, targetUserId: member.id }, member.role));
  }

  private async notifyApprovers(approvers: UserRow[], actor: UserRow, organization: OrganizationRow, member: UserRow, action: AdminActionName, context: ActionContext) {
    for (const approver of approvers) {
      const locale = userLocale(approver, context.locale);
      await this.deps.mail.send({
        to: approver.email,
        userId: approver.id,
        template: 'approvalRequested',
        locale,
        params: { ...requestParams(this.deps, organization, locale, context.client), name: approver.name, requesterName: actor.name, memberName: member.name, actionLabel: adminActionLabel(locale, action), hours: APPROVAL_HOURS },
        actionUrl: publicLink(this.deps.config, '/settings/members?tab=approvals'),
      });
    }
  }

  async list(viewer: UserRow) {
    const requester = users;
    const rows = await this.deps.db
      .select({ approval: adminApprovals, requesterName: requester.name, requesterEmail: requester.email })
      .from(adminApprovals)
      .innerJoin(requester, eq(requester.id, adminApprovals.requestedBy))
      .where(eq(adminApprovals.orgId, viewer.orgId))
      .orderBy(desc(adminApprovals.createdAt))
      .limit(50);
    const now = Date.now();
    const result = [];
    for (const { approval, requesterName, requesterEmail } of rows) {
      const target = await this.deps.users.findById(approval.targetUserId);
      const expired = approval.status === 'pending' && approval.expiresAt.getTime() <= now;
      result.push({
        id: approval.id,
        action: approval.action,
        status: expired ? 'expired' : approval.status,
        target: { id: approval.targetUserId, name: target?.name ?? '', email: target?.email ?? '' },
        requestedBy: { id: approval.requestedBy, name: requesterName, email: requesterEmail },
        createdAt: approval.createdAt,
        expiresAt: approval.expiresAt,
        decidedAt: approval.decidedAt,
        canApprove: !expired && approval.status === 'pending' && mayApprove(viewer, approval, target?.role ?? 'owner'),
        canCancel: !expired && approval.status === 'pending' && (viewer.id === approval.requestedBy || mayApprove(viewer, approval, target?.role ?? 'owner')),
      });
    }
    return result;
  }

  private async findOrRaise(viewer: UserRow, approvalId: string): Promise<ApprovalRow> {
    const [row] = await this.deps.db.select().from(adminApprovals).where(and(eq(adminApprovals.id, approvalId), eq(adminApprovals.orgId, viewer.orgId)));
    if (!row) raise(adminErrors.APPROVAL_NOT_FOUND);
    return row;
  }

  async approve(approver: UserRow, organization: OrganizationRow, approvalId: string, context: ActionContext): Promise<unknown> {
    const row = await this.findOrRaise(approver, approvalId);
    const target = await this.deps.users.findById(row.targetUserId);
    if (!target || !mayApprove(approver, row, target.role)) raise(adminErrors.APPROVAL_NOT_ALLOWED);
    if (row.status !== 'pending') raise(adminErrors.APPROVAL_DECIDED);
    const now = new Date();
    if (row.expiresAt <= now) raise(adminErrors.APPROVAL_EXPIRED);
    if (!isActionName(row.action)) throw new Error(`unknown approval action ${row.action}`);
    // What changed since the request (e.g. a two-step reset now pending) refuses it before it counts as approved.
    await this.actions.check(row.action, target, row.payload);
    const [claimed] = await this.deps.db
      .update(adminApprovals)
      .set({ status: 'approved', decidedBy: approver.id, decidedAt: now })
      .where(and(eq(adminApprovals.id, row.id), eq(adminApprovals.status, 'pending'), gt(adminApprovals.expiresAt, now)))
      .returning();
    if (!claimed) raise(adminErrors.APPROVAL_DECIDED);
    const requester = await this.deps.users.findById(row.requestedBy);
    const member = await this.deps.users.findById(row.targetUserId);
    // The requester must still be allowed to ask: a demoted or deactivated admin's request dies with their rights.
    const requesterMayAct = requester?.status === 'active' && (requester.role === 'owner' || (requester.role === 'admin' && member?.role !== 'owner'));
    if (!requester || !requesterMayAct || !member) raise(commonErrors.FORBIDDEN);
    await this.deps.audit.record(
      { action: 'admin_approval_approved', orgId: approver.orgId, actorUserId: approver.id, actorLabel: approver.email, targetUserId: member.id, targetLabel: member.email, details: { approvalId: row.id, requested: row.action, requestedBy: requester.email } },
      context,
    );
    return this.actions.execute(row.action, { actor: requester, organization, member, payload: row.payload, context, approvedBy: approver });
  }

  async cancel(viewer: UserRow, approvalId: string, context: ActionContext): Promise<void> {
    const row = await this.findOrRaise(viewer, approvalId);
    const target = await this.deps.users.findById(row.targetUserId);
    const mayCancel = viewer.id === row.requestedBy || mayApprove(viewer, row, target?.role ?? 'owner');
    if (!mayCancel) raise(adminErrors.APPROVAL_NOT_ALLOWED);
    const now = new Date();
    const [cancelled] = await this.deps.db
      .update(adminApprovals)
      .set({ status: viewer.id === row.requestedBy ? 'cancelled' : 'rejected', decidedBy: viewer.id, decidedAt: now })
      .where(and(eq(adminApprovals.id, row.id), eq(adminApprovals.status, 'pending')))
      .returning();
    if (!cancelled) raise(adminErrors.APPROVAL_DECIDED);
    await this.deps.audit.record(
      { action: 'admin_approval_cancelled', orgId: viewer.orgId, actorUserId: viewer.id, actorLabel: viewer.email, targetUserId: row.targetUserId, details: { approvalId: row.id, requested: row.action, status: cancelled.status } },
      context,
    );
  }
}
