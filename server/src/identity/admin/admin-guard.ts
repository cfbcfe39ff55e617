import type { FastifyRequest } from 'fastify';
import { commonErrors, raise } from '../../http/app-error.ts';
import { actionContext, requirePermission, type ActionContext } from '../../http/request-context.ts';
import { memberErrors } from '../members/member.service.ts';
import { adminRecoveryRule, type SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { stepUpErrors, reauthenticatedUntil } from '../stepup/stepup.ts';
import { adminErrors } from './admin.errors.ts';
import type { AdminActionName } from './admin-actions.ts';

/** Actions that open a way into the account (AD-02: a helpdesk reset of an admin needs a peer's approval). */
const WAY_IN_ACTIONS: readonly AdminActionName[] = ['reset_two_step', 'recovery_link', 'replace_contact', 'reactivate'];

/** The request resets the member's two-step verification: the reset itself, or a recovery link that includes one. */
export function resetsTwoStep(action: AdminActionName, payload: Record<string, unknown>): boolean {
  return action === 'reset_two_step' || (action === 'recovery_link' && payload.resetTwoStep === true);
}

/**
 * The two-person rule: every action on an owner needs a second owner; an action that opens a way into an admin's
 * account needs a second owner or admin; and, while the organisation's policy asks for it (the default, AD-02), so does
 * every two-step reset, whoever the member is. Neither the requester nor the member may approve. Cancelling a pending
 * reset never waits: it only keeps the member's own factors, and waiting could let the reset take effect first.
 */
export function approvalNeeded(member: Pick<UserRow, 'role'>, action: AdminActionName, payload: Record<string, unknown>, policy: Pick<SecurityPolicy, 'adminRecovery'>): boolean {
  if (action === 'cancel_two_step_reset') return false;
  if (resetsTwoStep(action, payload) && adminRecoveryRule(policy).twoStepResetNeedsApproval) return true;
  return member.role === 'owner' || (member.role === 'admin' && WAY_IN_ACTIONS.includes(action));
}

/** Who may approve a request about this member: owners for owners, owners and admins for admins. */
export function mayApprove(approver: Pick<UserRow, 'id' | 'role'>, request: { requestedBy: string; targetUserId: string }, targetRole: string): boolean {
  if (approver.id === request.requestedBy || approver.id === request.targetUserId) return false;
  return approver.role === 'owner' || (approver.role === 'admin' && targetRole !== 'owner');
}

export interface AdminTarget {
  actor: UserRow;
  organization: OrganizationRow;
  member: UserRow;
  context: ActionContext;
  /** The action waits for a second approver (approvalNeeded). */
  needsApproval: boolean;
}

/**
 * The checks every admin action on a member passes, in this order: members.manage, a step-up within the window
 * (a stolen admin cookie alone acts on nobody), the member exists in the actor's organisation (404 otherwise — no
 * probing of other tenants), not oneself (self-service exists for that), and only owners act on owners.
 */
export async function resolveAdminTarget(request: FastifyRequest, deps: IdentityDependencies, memberId: string, action: AdminActionName, payload: Record<string, unknown> = {}): Promise<AdminTarget> {
  const auth = requirePermission(request, 'members.manage');
  if (!reauthenticatedUntil(auth.session, deps.config.stepUpMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
  const member = await deps.users.findInOrg(auth.user.orgId, memberId);
  if (!member) raise(commonErrors.NOT_FOUND);
  if (member.id === auth.user.id) raise(adminErrors.SELF_ACTION);
  if (member.role === 'owner' && auth.user.role !== 'owner') raise(memberErrors.ROLE_NOT_ALLOWED);
  return { actor: auth.user, organization: auth.organization, member, context: actionContext(request), needsApproval: approvalNeeded(member, action, payload, auth.organization.securityPolicy) };
}
