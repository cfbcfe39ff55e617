import { commonErrors, raise } from '../../http/app-error.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import { diffFields, initialFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import { decodeCursor, encodeCursor } from '../shared/keyset.ts';
import { contractErrors } from './contract.errors.ts';
import { ContractRepository, contractSortKeys, isNumberTaken, type ContractFilters, type ContractRow } from './contract.repository.ts';
import type { Contract, ContractCreateInput, ContractListQuery, ContractUpdateInput } from './contract.schema.ts';
import { fitsColumn, fromCents, hasCurrencyPrecision, normalizeAmount, toCents } from '../shared/money.ts';
import { PaymentRepository } from './payment.repository.ts';

/** Fields a user edits and whose changes the history records (customer and deal are recorded by name). */
export const CONTRACT_FIELDS = ['number', 'title', 'amount', 'currency', 'signedDate', 'startDate', 'endDate', 'status', 'notes'] as const;
const DEFAULT_CURRENCY = 'CNY';

type ContractView = NonNullable<Awaited<ReturnType<ContractRepository['findVisible']>>>;

/** Contracts: list with totals, detail with paid total and balance, create, edit with versions, history. */
export class ContractService {
  readonly repository: ContractRepository;
  readonly payments: PaymentRepository;

  constructor(private readonly deps: CrmDependencies) {
    this.repository = new ContractRepository(deps.identity.db);
    this.payments = new PaymentRepository(deps.identity.db);
  }

  /**
   * What the caller may do with it. Trashing takes the right to edit it (a finance reader sees contracts it may not
   * touch) and, once money was received against it, crm.writeAll.
   */
  private toContract(row: ContractView, scope: CrmScope): Contract {
    const canEdit = row.canEdit === true;
    return {
      ...row,
      customerVisible: row.customerVisible === true,
      sharedWithMe: row.sharedWithMe === true,
      balance: fromCents(toCents(row.amount) - toCents(row.paidAmount)),
      canEdit,
      canDelete: canEdit && (row.paymentCount === 0 || scope.canWriteAll),
    };
  }

  async list(caller: CrmCaller, query: ContractListQuery) {
    const key = contractSortKeys[query.sort];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order, key);
    const filters: ContractFilters = {
      q: query.q || undefined,
      customerId: query.customerId === undefined || query.customerId === '' ? undefined : recordId(query.customerId),
      dealId: query.dealId === undefined || query.dealId === '' ? undefined : recordId(query.dealId),
      ownerId: query.ownerId === 'me' ? caller.user.id : query.ownerId === 'none' ? null : query.ownerId,
      status: query.status,
      signedFrom: query.signedFrom,
      signedTo: query.signedTo,
      unpaid: query.unpaid === 'true',
    };
    const rows = await this.repository.page(caller.scope, filters, query.sort, query.order, position, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const sortValue = (row: ContractView) => ({ signedDate: row.signedDate, amount: row.amount, updatedAt: row.updatedAt, number: row.number })[query.sort];
    // Totals are a second pass over the same rows: for the first page only, where the list shows them.
    const totals = position ? null : (await this.repository.totals(caller.scope, filters)).map((row) => ({ ...row, balance: fromCents(toCents(row.amount) - toCents(row.paidAmount)) }));
    return {
      items: items.map((row) => this.toContract(row, caller.scope)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last), last.id) : null,
      total: totals ? totals.reduce((sum, row) => sum + row.contracts, 0) : null,
      totals,
    };
  }

  async get(caller: CrmCaller, rawId: string): Promise<Contract> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return this.toContract(row, caller.scope);
  }

  async create(caller: CrmCaller, input: ContractCreateInput): Promise<Contract> {
    const customerId = recordId(input.customerId);
    const dealId = input.dealId ? recordId(input.dealId) : null;
    const owner = await this.ownerForNewContract(caller, input.ownerId);
    const currency = input.currency ?? DEFAULT_CURRENCY;
    checkAmount(input.amount, currency);
    checkDates(input.startDate ?? null, input.endDate ?? null);
    const id = await this.mapNumberConflict(() =>
      this.deps.identity.db.transaction(async (transaction) => {
        const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
        if (!customer || customer.deletedAt !== null || customer.canEdit !== true) raise(accessErrors.NOT_FOUND);
        const deal = dealId === null ? null : await this.dealOf(transaction, caller.scope, dealId, customerId);
        const row = await this.repository.insert(transaction, {
          orgId: caller.user.orgId,
          number: input.number,
          title: input.title,
          customerId,
          dealId,
          ownerUserId: owner.id,
          amount: normalizeAmount(input.amount),
          currency,
          signedDate: input.signedDate ?? null,
          startDate: input.startDate ?? null,
          endDate: input.endDate ?? null,
          status: input.status ?? 'draft',
          notes: input.notes ?? null,
          createdBy: caller.user.id,
        });
        const initial = { ...initialFields(row, CONTRACT_FIELDS), owner: { from: null, to: owner.name }, ...(deal ? { deal: { from: null, to: deal.name } } : {}) };
        await this.deps.history.record(transaction, [contractEntry(caller, row, 'contract_created', initial)]);
        return row.id;
      }),
    );
    return this.get(caller, id);
  }

  async update(caller: CrmCaller, rawId: string, input: ContractUpdateInput): Promise<Contract> {
    const id = recordId(rawId);
    const newCustomerId = input.customerId === undefined ? undefined : recordId(input.customerId);
    const newDealId = input.dealId === undefined || input.dealId === null ? input.dealId : recordId(input.dealId);
    await this.mapNumberConflict(() =>
      this.deps.identity.db.transaction(async (transaction) => {
        const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
        if (!locked) raise(accessErrors.NOT_FOUND);
        if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
        const current = locked.row;
        if (current.version !== input.version) raise(recordErrors.STALE_VERSION);
        const next: Partial<ContractRow> = {};
        for (const field of CONTRACT_FIELDS) {
          if (input[field] !== undefined) Object.assign(next, { [field]: field === 'amount' && input.amount ? normalizeAmount(input.amount) : input[field] });
        }
        const changes: FieldChanges = { ...diffFields(current, next, CONTRACT_FIELDS) };
        const customerId = newCustomerId ?? current.customerId;
        if (customerId !== current.customerId) {
          const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
          if (!customer || customer.deletedAt !== null || customer.canEdit !== true) raise(accessErrors.NOT_FOUND);
          // The old customer is only named, not locked: a customer trash locks the customer before its contracts.
          changes.customer = { from: await this.repository.customerName(transaction, current.customerId), to: customer.name };
          next.customerId = customerId;
        }
        await this.checkDealChange(transaction, caller.scope, current, customerId, newDealId, next, changes);
        const amount = next.amount ?? current.amount;
        const currency = next.currency ?? current.currency;
        checkAmount(amount, currency);
        checkDates(next.startDate === undefined ? current.startDate : next.startDate, next.endDate === undefined ? current.endDate : next.endDate);
        if (next.amount !== undefined || (next.currency !== undefined && next.currency !== current.currency)) {
          const { paid, payments } = await this.payments.totals(transaction, id);
          if (next.currency !== undefined && next.currency !== current.currency && payments > 0) raise(contractErrors.CURRENCY_LOCKED);
          if (toCents(amount) < toCents(paid)) raise(contractErrors.AMOUNT_BELOW_PAID, { paid, currency });
        }
        if (Object.keys(changes).length === 0) return;
        await this.repository.update(transaction, id, next);
        await this.deps.history.record(transaction, [contractEntry(caller, { id, customerId }, 'contract_updated', changes)]);
      }),
    );
    return this.get(caller, id);
  }

  /** A changed deal must be one the caller sees, of the contract's (possibly new) customer; a kept one must still fit. */
  private async checkDealChange(transaction: Executor, scope: CrmScope, current: ContractRow, customerId: string, newDealId: string | null | undefined, next: Partial<ContractRow>, changes: FieldChanges) {
    if (newDealId !== undefined && newDealId !== current.dealId) {
      const deal = newDealId === null ? null : await this.dealOf(transaction, scope, newDealId, customerId);
      changes.deal = { from: await this.repository.dealName(transaction, current.dealId), to: deal?.name ?? null };
      next.dealId = newDealId;
    } else if (current.dealId !== null && customerId !== current.customerId) {
      raise(contractErrors.DEAL_OF_OTHER_CUSTOMER);
    }
  }

  private async dealOf(transaction: Executor, scope: CrmScope, dealId: string, customerId: string) {
    const deal = await this.repository.findVisibleDeal(transaction, scope, dealId);
    if (!deal) raise(accessErrors.NOT_FOUND);
    if (deal.customerId !== customerId) raise(contractErrors.DEAL_OF_OTHER_CUSTOMER);
    return deal;
  }

  /** A contract's own history, its payments included, newest first. */
  async history(caller: CrmCaller, rawId: string, cursor: string | undefined, limit: number) {
    const id = recordId(rawId);
    if (!(await this.repository.findVisible(caller.scope, id))) raise(accessErrors.NOT_FOUND);
    return this.deps.history.recordTimeline(this.deps.identity.db, 'contract', id, cursor, limit);
  }

  /**
   * Sales put contracts in their own name; managers in their own or a team mate's; owners and admins in any active
   * member's who works on customers. A contract always has an owner.
   */
  private async ownerForNewContract(caller: CrmCaller, requested: string | undefined): Promise<Pick<UserRow, 'id' | 'name'>> {
    if (requested === undefined || requested === caller.user.id) return caller.user;
    if (!caller.scope.canWriteAll) raise(contractErrors.OWNER_NOT_ALLOWED);
    if (caller.scope.ownerIds !== null && !caller.scope.ownerIds.includes(requested)) raise(contractErrors.OWNER_NOT_ALLOWED);
    const owner = await this.activeCrmMember(caller.user.orgId, requested);
    if (!owner) raise(customerErrors.INVALID_NEW_OWNER);
    return owner;
  }

  async activeCrmMember(orgId: string, userId: string): Promise<UserRow | undefined> {
    const user = await this.deps.identity.users.findInOrg(orgId, userId);
    return user?.status === 'active' && hasPermission(user.role, 'crm.write') ? user : undefined;
  }

  /** The unique index on live numbers is the arbiter: a save that loses the race gets 409, never a 500. */
  async mapNumberConflict<Result>(work: () => Promise<Result>): Promise<Result> {
    try {
      return await work();
    } catch (error) {
      if (isNumberTaken(error)) raise(contractErrors.DUPLICATE_NUMBER);
      throw error;
    }
  }
}

export function contractEntry(caller: CrmCaller, contract: Pick<ContractRow, 'id' | 'customerId'>, action: string, changes: FieldChanges | null): ChangeEntry {
  return { orgId: caller.user.orgId, recordType: 'contract', recordId: contract.id, customerId: contract.customerId, actorUserId: caller.user.id, action, changes };
}

/** An amount in the currency's precision that the column can hold. */
export function checkAmount(amount: string, currency: string): void {
  if (!hasCurrencyPrecision(amount, currency)) raise(contractErrors.AMOUNT_PRECISION, { currency });
  if (!fitsColumn(toCents(amount))) raise(commonErrors.VALIDATION_FAILED);
}

function checkDates(start: string | null, end: string | null): void {
  if (start !== null && end !== null && start > end) raise(contractErrors.DATES_OUT_OF_ORDER);
}
