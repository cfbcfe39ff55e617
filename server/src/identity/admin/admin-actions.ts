import type { AuditAction } from '../../audit/audit-actions.ts';
import type { AuditEntry } from '../../audit/audit.service.ts';
import type { ActionContext } from '../../http/request-context.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';

/** Every admin action on a member that may need a second owner's approval (two-person rule). */
export const adminActionNames = [
  'unlock',
  'end_sessions',
  'require_password_change',
  'reset_two_step',
  'cancel_two_step_reset',
  'replace_contact',
  'recovery_link',
  'deactivate',
  'cancel_deactivation',
  'reactivate',
] as const;
export type AdminActionName = (typeof adminActionNames)[number];

export interface AdminActionInput {
  /** Who asked for the action (for an approved request: the requester). */
  actor: UserRow;
  organization: OrganizationRow;
  /** The member acted on, read fresh when the action runs. */
  member: UserRow;
  payload: Record<string, unknown>;
  context: ActionContext;
  /** The second owner who approved it, when the two-person rule applied. */
  approvedBy?: UserRow;
}

export type AdminActionExecutor = (input: AdminActionInput) => Promise<unknown>;

/**
 * A refusal that must come before an approval request is stored (and again before an approval runs the action): a
 * request that cannot succeed should not wait a day for a second person first.
 */
export type AdminActionCheck = (member: UserRow, payload: Record<string, unknown>) => Promise<void>;

/** Executors by name: routes run them directly, or the approval service runs them once a second owner approved. */
export class AdminActionRegistry {
  private readonly executors = new Map<AdminActionName, AdminActionExecutor>();
  private readonly checks = new Map<AdminActionName, AdminActionCheck>();

  register(name: AdminActionName, executor: AdminActionExecutor, options: { check?: AdminActionCheck } = {}): void {
    if (this.executors.has(name)) throw new Error(`admin action ${name} registered twice`);
    this.executors.set(name, executor);
    if (options.check) this.checks.set(name, options.check);
  }

  async check(name: AdminActionName, member: UserRow, payload: Record<string, unknown>): Promise<void> {
    await this.checks.get(name)?.(member, payload);
  }

  async execute(name: AdminActionName, input: AdminActionInput): Promise<unknown> {
    const executor = this.executors.get(name);
    if (!executor) throw new Error(`admin action ${name} is not registered`);
    return executor(input);
  }
}

/** The audit entry of an admin action: the actor, the member and (when there was one) the approving owner. */
export function adminAuditEntry(input: Pick<AdminActionInput, 'actor' | 'member' | 'approvedBy'>, action: AuditAction, details: Record<string, unknown> = {}): AuditEntry {
  return {
    action,
    orgId: input.actor.orgId,
    actorUserId: input.actor.id,
    actorLabel: input.actor.email,
    targetUserId: input.member.id,
    targetLabel: input.member.email,
    details: input.approvedBy ? { ...details, approvedBy: input.approvedBy.email } : details,
  };
}
