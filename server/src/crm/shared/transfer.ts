import type { CrmCaller, RecordType } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { FieldChanges } from '../history/history.tables.ts';

/** A transfer's history change: the owner's name from → to, and the note when one was given. */
export function transferChanges(fromName: string | null, toName: string, note: string | null | undefined): FieldChanges {
  return { owner: { from: fromName, to: toName }, ...(note ? { note: { from: null, to: note } } : {}) };
}

/** One crm_records_transferred audit event for a transfer that moved something (nothing moved, nothing recorded). */
export async function auditTransfer(
  deps: CrmDependencies,
  caller: CrmCaller,
  target: { id: string; email: string },
  recordType: RecordType,
  moved: readonly { ownerUserId: string | null }[],
): Promise<void> {
  if (moved.length === 0) return;
  await deps.identity.audit.record(
    {
      action: 'crm_records_transferred',
      orgId: caller.user.orgId,
      actorUserId: caller.user.id,
      actorLabel: caller.user.email,
      targetUserId: target.id,
      targetLabel: target.email,
      details: { recordType, count: moved.length, from: [...new Set(moved.map((row) => row.ownerUserId ?? 'none'))], to: target.id },
    },
    caller.context,
  );
}
