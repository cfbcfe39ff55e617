import { commonErrors, raise } from '../../http/app-error.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import { trashPageOf } from '../shared/keyset.ts';
import { contractErrors } from './contract.errors.ts';
import { contractTrashSortKey } from './contract.repository.ts';
import type { Contract } from './contract.schema.ts';
import { contractEntry, type ContractService } from './contract.service.ts';
import { auditTransfer, transferChanges } from '../shared/transfer.ts';

/** Contracts to the trash and back, and from one owner to another. */
export class ContractLifecycleService {
  constructor(
    private readonly deps: CrmDependencies,
    private readonly contracts: ContractService,
  ) {}

  private get repository() {
    return this.contracts.repository;
  }

  /**
   * To the trash, for whoever may edit it; a contract against which money was received is an accounting record, so
   * then only roles acting on everyone's records (crm.writeAll) may trash it. Its payments go and come back with it.
   */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      const { payments } = await this.contracts.payments.totals(transaction, id);
      if (payments > 0 && !caller.scope.canWriteAll) raise(contractErrors.HAS_PAYMENTS);
      await this.repository.trash(transaction, id, at, caller.user.id);
      await this.deps.history.record(transaction, [contractEntry(caller, locked.row, 'contract_deleted', null)]);
    });
    return { id, deletedAt: at };
  }

  /**
   * Back from the trash, its payments with it. The customer is locked first (a customer restore locks it before its
   * contracts); a contract that went with its customer comes back only with it. Already back: a no-op.
   */
  async restore(caller: CrmCaller, rawId: string): Promise<Contract> {
    const id = recordId(rawId);
    const customerId = await this.repository.customerIdOf(caller.scope, id);
    if (!customerId) raise(accessErrors.NOT_FOUND);
    await this.contracts.mapNumberConflict(() =>
      this.deps.identity.db.transaction(async (transaction) => {
        const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
        const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'trashed');
        if (!customer || !locked) return;
        if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
        if (customer.deletedAt !== null) raise(contractErrors.CUSTOMER_IN_TRASH);
        await this.repository.update(transaction, id, { deletedAt: null, deletedBy: null });
        await this.deps.history.record(transaction, [contractEntry(caller, locked.row, 'contract_restored', null)]);
      }),
    );
    return this.contracts.get(caller, id);
  }

  trashPage(caller: CrmCaller, cursor: string | undefined, limit: number) {
    return trashPageOf(cursor, limit, contractTrashSortKey, (position, size) => this.repository.trashPage(caller.scope, position, size));
  }

  /**
   * Moves contracts to another owner, all or nothing: an id the caller cannot see (or that does not exist) answers 404
   * and nothing moves; a visible one the caller may not move (a finance reader's view of another's contract, a sales
   * colleague's shared one) answers 403. Contracts already owned by the new owner are left alone and not counted.
   */
  async transfer(caller: CrmCaller, rawIds: string[], toUserId: string, note: string | null | undefined): Promise<{ transferred: number }> {
    const ids = [...new Set(rawIds.map(recordId))];
    const target = await this.contracts.activeCrmMember(caller.user.orgId, toUserId);
    if (!target) raise(customerErrors.INVALID_NEW_OWNER);
    const moved = await this.deps.identity.db.transaction(async (transaction) => {
      const rows = await this.repository.lockForTransfer(transaction, caller.scope, ids);
      if (rows.length !== ids.length) raise(accessErrors.NOT_FOUND);
      if (rows.some((row) => row.transferable !== true)) raise(commonErrors.FORBIDDEN);
      const moving = rows.filter((row) => row.ownerUserId !== target.id);
      await this.repository.setOwner(
        transaction,
        moving.map((row) => row.id),
        target.id,
      );
      const names = await this.repository.userNames(transaction, [...new Set(moving.flatMap((row) => (row.ownerUserId === null ? [] : [row.ownerUserId])))]);
      await this.deps.history.record(
        transaction,
        moving.map((row) => {
          const changes = transferChanges(row.ownerUserId === null ? null : (names.get(row.ownerUserId) ?? null), target.name, note);
          return contractEntry(caller, row, 'contract_transferred', changes);
        }),
      );
      return moving;
    });
    await auditTransfer(this.deps, caller, target, 'contract', moved);
    return { transferred: moved.length };
  }
}
