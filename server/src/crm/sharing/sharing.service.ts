import { raise } from '../../http/app-error.ts';
import { ORGANISATION_WIDE_ROLES, recordId, type CrmCaller } from '../access/access.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { ChangeEntry } from '../history/history.repository.ts';
import { isUuid, type Executor } from '../shared/database.ts';
import { sharingErrors } from './sharing.errors.ts';
import { SharingRepository, type ShareTarget } from './sharing.repository.ts';
import type { Share, ShareableKind } from './sharing.schema.ts';

/** Roles that write but see only part of the organisation: the only ones a share gives anything to. */
const SCOPED_WRITER_ROLES = ['manager', 'sales'] as const;

/**
 * Sharing a record beyond the data scope (crm_record_shares): the member then sees and, with crm.write, edits it; he
 * cannot transfer or share it further. Whoever may transfer the record (its owner, or crm.writeAll within scope) may
 * share and unshare it. A record the caller cannot see is 404; a visible one he may not share is 403.
 * Sharing with the record's owner or with an organisation-wide role (owner, admin, viewer) changes nothing and is
 * skipped; a member id that is not an active member of the organisation is 400 (one answer whatever the reason).
 */
export class SharingService {
  private readonly repository = new SharingRepository();

  constructor(private readonly deps: CrmDependencies) {}

  async list(caller: CrmCaller, kind: ShareableKind, rawId: string) {
    const id = recordId(rawId);
    const db = this.deps.identity.db;
    const record = await this.repository.findVisible(db, caller.scope, kind, id, false);
    if (!record) raise(accessErrors.NOT_FOUND);
    return this.listOf(db, caller, record);
  }

  /** Who a record can usefully be shared with: active members who work the CRM without seeing the whole organisation. */
  async candidates(caller: CrmCaller) {
    const items = await this.repository.candidates(this.deps.identity.db, caller.user.orgId, SCOPED_WRITER_ROLES);
    return { items: items.filter((member) => member.id !== caller.user.id) };
  }

  async share(caller: CrmCaller, kind: ShareableKind, rawId: string, rawUserIds: string[]) {
    const id = recordId(rawId);
    const userIds = [...new Set(rawUserIds.map((value) => value.toLowerCase()))];
    if (userIds.some((value) => !isUuid(value))) raise(sharingErrors.INVALID_MEMBER);
    const db = this.deps.identity.db;
    const { record, added } = await db.transaction(async (transaction) => {
      const target = await this.lockShareable(transaction, caller, kind, id);
      const members = await this.repository.activeMembers(transaction, caller.user.orgId, userIds);
      if (members.length !== userIds.length) raise(sharingErrors.INVALID_MEMBER);
      const wanted = members.filter((member) => member.id !== target.ownerUserId && !ORGANISATION_WIDE_ROLES.includes(member.role));
      const addedIds = new Set(await this.repository.add(transaction, caller.user.orgId, target.recordType, target.id, wanted.map((member) => member.id), caller.user.id));
      const addedMembers = wanted.filter((member) => addedIds.has(member.id));
      await this.deps.history.record(
        transaction,
        addedMembers.map((member) => this.entry(caller, target, 'shared', { sharedWith: { from: null, to: member.name } })),
      );
      return { record: target, added: addedMembers };
    });
    for (const member of added) await this.audit(caller, 'crm_record_shared', record, member);
    return { ...(await this.listOf(db, caller, record)), added: added.length };
  }

  async unshare(caller: CrmCaller, kind: ShareableKind, rawId: string, rawUserId: string) {
    const id = recordId(rawId);
    const userId = recordId(rawUserId);
    const db = this.deps.identity.db;
    const { record, removed } = await db.transaction(async (transaction) => {
      const target = await this.lockShareable(transaction, caller, kind, id);
      const member = await this.repository.member(transaction, caller.user.orgId, userId);
      const gone = member ? await this.repository.remove(transaction, target.recordType, target.id, member.id) : false;
      if (gone && member) await this.deps.history.record(transaction, [this.entry(caller, target, 'unshared', { sharedWith: { from: member.name, to: null } })]);
      return { record: target, removed: gone && member ? member : null };
    });
    if (removed) await this.audit(caller, 'crm_record_unshared', record, removed);
    return this.listOf(db, caller, record);
  }

  /** Offboarding: a leaving member's shares go with him (called in the hand-over transaction). */
  async removeAllFor(executor: Executor, orgId: string, userId: string): Promise<number> {
    return this.repository.removeAllFor(executor, orgId, userId);
  }

  private async lockShareable(executor: Executor, caller: CrmCaller, kind: ShareableKind, id: string): Promise<ShareTarget> {
    const target = await this.repository.findVisible(executor, caller.scope, kind, id, true);
    if (!target) raise(accessErrors.NOT_FOUND);
    if (!target.canShare) raise(sharingErrors.SHARE_NOT_ALLOWED);
    return target;
  }

  private async listOf(executor: Executor, caller: CrmCaller, record: ShareTarget) {
    const rows = await this.repository.list(executor, record.recordType, record.id);
    const items: Share[] = rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      sharedAt: row.sharedAt,
      sharedBy: row.sharerId && row.sharerName !== null ? { id: row.sharerId, name: row.sharerName } : null,
    }));
    return { items, canShare: record.canShare, sharedWithMe: items.some((item) => item.id === caller.user.id) };
  }

  private entry(caller: CrmCaller, record: ShareTarget, action: 'shared' | 'unshared', changes: ChangeEntry['changes']): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: record.recordType, recordId: record.id, customerId: record.customerId, actorUserId: caller.user.id, action, changes };
  }

  private async audit(caller: CrmCaller, action: 'crm_record_shared' | 'crm_record_unshared', record: ShareTarget, member: { id: string; email: string }) {
    await this.deps.identity.audit.record(
      {
        action,
        orgId: caller.user.orgId,
        actorUserId: caller.user.id,
        actorLabel: caller.user.email,
        targetUserId: member.id,
        targetLabel: member.email,
        details: { recordType: record.recordType, recordId: record.id, label: record.label },
      },
      caller.context,
    );
  }
}
