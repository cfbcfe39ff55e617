import { and, count, eq, gt, gte, ilike, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { users } from '../../identity/users/user.tables.ts';
import { contractColumns, customerColumns, dealColumns, editableRecords, sharedOnlyWithCaller, visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { likeLiteral, type Executor } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import { editableContracts, transferableContracts, visibleContracts } from './contract-scope.ts';
import type { ContractSort } from './contract.schema.ts';
import { crmContracts, crmPayments } from './contract.tables.ts';

export type ContractRow = typeof crmContracts.$inferSelect;
export type ContractValues = typeof crmContracts.$inferInsert;

const owner = alias(users, 'owner');
const creator = alias(users, 'creator');
const deleter = alias(users, 'deleter');

export const contractSortKeys: Record<ContractSort, SortKey> = {
  signedDate: { column: crmContracts.signedDate, kind: 'date', nullable: true },
  amount: { column: crmContracts.amount, kind: 'numeric', nullable: false },
  updatedAt: { column: crmContracts.updatedAt, kind: 'timestamp', nullable: false },
  number: { column: crmContracts.number, kind: 'text', nullable: false },
};
const trashSortKey: SortKey = { column: crmContracts.deletedAt, kind: 'timestamp', nullable: false };
export { trashSortKey as contractTrashSortKey };

export interface ContractFilters {
  q?: string | undefined;
  customerId?: string | undefined;
  dealId?: string | undefined;
  /** null: contracts without an owner. */
  ownerId?: string | null | undefined;
  status?: string | undefined;
  signedFrom?: string | undefined;
  signedTo?: string | undefined;
  unpaid?: boolean | undefined;
}

const TRASH_DAYS = 30;

/** The live payments' total of the contract in the row, exact (numeric), as a scalar subquery. */
const paidTotal = sql<string>`(select coalesce(sum(${crmPayments.amount}), 0)::numeric(18,2) from ${crmPayments} where ${crmPayments.contractId} = ${crmContracts.id} and ${crmPayments.deletedAt} is null)`;

/**
 * The only place that queries crm_contracts. Every read takes the caller's contract scope (contract-scope.ts, built on
 * access.service) into its SQL; the customer and deal joined in are shown under their own scopes.
 */
export class ContractRepository {
  constructor(private readonly db: Database) {}

  private view(scope: CrmScope) {
    return {
      id: crmContracts.id,
      number: crmContracts.number,
      title: crmContracts.title,
      customerId: crmContracts.customerId,
      customerName: crmCustomers.name,
      customerVisible: sql<boolean>`coalesce(${visibleRecords(scope, customerColumns)}, false)`,
      dealId: crmContracts.dealId,
      dealName: crmDeals.name,
      ownerId: crmContracts.ownerUserId,
      ownerName: owner.name,
      amount: crmContracts.amount,
      currency: crmContracts.currency,
      paidAmount: paidTotal,
      paymentCount: sql<number>`(select count(*)::int from ${crmPayments} where ${crmPayments.contractId} = ${crmContracts.id} and ${crmPayments.deletedAt} is null)`,
      lastPaymentDate: sql<string | null>`(select max(${crmPayments.receivedDate})::text from ${crmPayments} where ${crmPayments.contractId} = ${crmContracts.id} and ${crmPayments.deletedAt} is null)`,
      signedDate: crmContracts.signedDate,
      startDate: crmContracts.startDate,
      endDate: crmContracts.endDate,
      status: crmContracts.status,
      notes: crmContracts.notes,
      createdAt: crmContracts.createdAt,
      updatedAt: crmContracts.updatedAt,
      createdByName: creator.name,
      version: crmContracts.version,
      canEdit: sql<boolean>`coalesce(${editableContracts(scope)}, false)`,
      sharedWithMe: sharedOnlyWithCaller(scope, contractColumns),
    };
  }

  private selectView(executor: Executor, scope: CrmScope) {
    return executor
      .select(this.view(scope))
      .from(crmContracts)
      .innerJoin(crmCustomers, eq(crmCustomers.id, crmContracts.customerId))
      .leftJoin(crmDeals, and(eq(crmDeals.id, crmContracts.dealId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)))
      .leftJoin(owner, eq(owner.id, crmContracts.ownerUserId))
      .leftJoin(creator, eq(creator.id, crmContracts.createdBy));
  }

  async findVisible(scope: CrmScope, id: string, executor: Executor = this.db) {
    const [row] = await this.selectView(executor, scope).where(and(eq(crmContracts.id, id), isNull(crmContracts.deletedAt), visibleContracts(scope)));
    return row;
  }

  private filterConditions(scope: CrmScope, filters: ContractFilters): SQL[] {
    const conditions: SQL[] = [visibleContracts(scope), isNull(crmContracts.deletedAt)];
    if (filters.customerId) conditions.push(eq(crmContracts.customerId, filters.customerId));
    if (filters.dealId) conditions.push(eq(crmContracts.dealId, filters.dealId));
    if (filters.ownerId === null) conditions.push(isNull(crmContracts.ownerUserId));
    else if (filters.ownerId !== undefined) conditions.push(eq(crmContracts.ownerUserId, filters.ownerId));
    if (filters.status) conditions.push(eq(crmContracts.status, filters.status));
    if (filters.signedFrom) conditions.push(gte(crmContracts.signedDate, filters.signedFrom));
    if (filters.signedTo) conditions.push(lte(crmContracts.signedDate, filters.signedTo));
    if (filters.unpaid) conditions.push(sql`${crmContracts.amount} > ${paidTotal}`);
    if (filters.q) {
      const pattern = `%${likeLiteral(filters.q)}%`;
      conditions.push(or(ilike(crmContracts.number, pattern), ilike(crmContracts.title, pattern)) as SQL);
    }
    return conditions;
  }

  async page(scope: CrmScope, filters: ContractFilters, sort: ContractSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const key = contractSortKeys[sort];
    const conditions = this.filterConditions(scope, filters);
    if (position) conditions.push(keysetAfter(key, crmContracts.id, order, position));
    return this.selectView(this.db, scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmContracts.id, order))
      .limit(limit + 1);
  }

  /** How many contracts match, and their amounts per currency (the list's summary line). */
  async totals(scope: CrmScope, filters: ContractFilters) {
    return this.db
      .select({ currency: crmContracts.currency, contracts: count(), amount: sql<string>`sum(${crmContracts.amount})::numeric(20,2)::text`, paidAmount: sql<string>`sum(${paidTotal})::numeric(20,2)::text` })
      .from(crmContracts)
      .where(and(...this.filterConditions(scope, filters)))
      .groupBy(crmContracts.currency)
      .orderBy(sql`count(*) desc`, crmContracts.currency);
  }

  /** Locks a visible contract (live, or in the trash) for a change and says whether the scope may edit it. */
  async lockVisible(executor: Executor, scope: CrmScope, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select({ row: crmContracts, canEdit: sql<boolean>`coalesce(${editableContracts(scope)}, false)` })
      .from(crmContracts)
      .where(and(eq(crmContracts.id, id), state === 'live' ? isNull(crmContracts.deletedAt) : isNotNull(crmContracts.deletedAt), visibleContracts(scope)))
      .for('update');
    return row;
  }

  /** The customer a contract belongs to, read without locking (to lock it first, before the contract). */
  async customerIdOf(scope: CrmScope, id: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ customerId: crmContracts.customerId })
      .from(crmContracts)
      .where(and(eq(crmContracts.id, id), eq(crmContracts.orgId, scope.orgId)));
    return row?.customerId;
  }

  /**
   * Locks a customer a contract may be written against (share lock: the customer cannot go to the trash meanwhile).
   * `live` false finds it in the trash too; `canEdit` says whether the scope may attach contracts to it.
   */
  async lockCustomer(executor: Executor, scope: CrmScope, customerId: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id, name: crmCustomers.name, deletedAt: crmCustomers.deletedAt, canEdit: sql<boolean>`coalesce(${editableRecords(scope, customerColumns)}, false)` })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, customerId), eq(crmCustomers.orgId, scope.orgId)))
      .for('share');
    return row;
  }

  async customerName(executor: Executor, customerId: string): Promise<string | null> {
    const [row] = await executor.select({ name: crmCustomers.name }).from(crmCustomers).where(eq(crmCustomers.id, customerId));
    return row?.name ?? null;
  }

  /** A live deal the scope sees (crm_deals under the deal scope), with its customer. */
  async findVisibleDeal(executor: Executor, scope: CrmScope, dealId: string) {
    const [row] = await executor
      .select({ id: crmDeals.id, name: crmDeals.name, customerId: crmDeals.customerId })
      .from(crmDeals)
      .where(and(eq(crmDeals.id, dealId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)));
    return row;
  }

  /** A deal's name whatever the scope (for the history of a contract that named it). */
  async dealName(executor: Executor, dealId: string | null): Promise<string | null> {
    if (dealId === null) return null;
    const [row] = await executor.select({ name: crmDeals.name }).from(crmDeals).where(eq(crmDeals.id, dealId));
    return row?.name ?? null;
  }

  async insert(executor: Executor, values: ContractValues): Promise<ContractRow> {
    const [row] = await executor.insert(crmContracts).values(values).returning();
    if (!row) throw new Error('contract not created');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<ContractValues>): Promise<void> {
    await executor
      .update(crmContracts)
      .set({ ...values, version: sql`${crmContracts.version} + 1`, updatedAt: new Date() })
      .where(eq(crmContracts.id, id));
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmContracts).set({ deletedAt: at, deletedBy: by, version: sql`${crmContracts.version} + 1` }).where(eq(crmContracts.id, id));
  }

  async trashPage(scope: CrmScope, position: CursorPosition | null, limit: number) {
    // Contracts that went with their customer come back with it, so the customer's trash lists them, not this one.
    const conditions = [visibleContracts(scope), isNotNull(crmContracts.deletedAt), gt(crmContracts.deletedAt, new Date(Date.now() - TRASH_DAYS * 86_400_000)), isNull(crmCustomers.deletedAt)];
    if (position) conditions.push(keysetAfter(trashSortKey, crmContracts.id, 'desc', position));
    return this.db
      .select({
        id: crmContracts.id,
        number: crmContracts.number,
        title: crmContracts.title,
        customerName: crmCustomers.name,
        amount: crmContracts.amount,
        currency: crmContracts.currency,
        deletedAt: sql<Date>`${crmContracts.deletedAt}`.mapWith(crmContracts.deletedAt),
        deletedByName: deleter.name,
      })
      .from(crmContracts)
      .innerJoin(crmCustomers, eq(crmCustomers.id, crmContracts.customerId))
      .leftJoin(deleter, eq(deleter.id, crmContracts.deletedBy))
      .where(and(...conditions))
      .orderBy(...keysetOrder(trashSortKey, crmContracts.id, 'desc'))
      .limit(limit + 1);
  }

  /** Locks the live contracts among `ids` that the scope sees, with their owner and whether the scope may move them. */
  async lockForTransfer(executor: Executor, scope: CrmScope, ids: string[]) {
    return executor
      .select({ id: crmContracts.id, customerId: crmContracts.customerId, ownerUserId: crmContracts.ownerUserId, transferable: sql<boolean>`coalesce(${transferableContracts(scope)}, false)` })
      .from(crmContracts)
      .where(and(inArray(crmContracts.id, ids), isNull(crmContracts.deletedAt), visibleContracts(scope)))
      .orderBy(crmContracts.id)
      .for('update');
  }

  async setOwner(executor: Executor, ids: string[], ownerUserId: string): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(crmContracts)
      .set({ ownerUserId, version: sql`${crmContracts.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmContracts.id, ids));
  }

  /** Offboarding: the live contracts a member owns, whatever their status. */
  async countOwned(executor: Executor, orgId: string, ownerUserId: string): Promise<number> {
    const [row] = await executor
      .select({ contracts: count() })
      .from(crmContracts)
      .where(and(eq(crmContracts.orgId, orgId), eq(crmContracts.ownerUserId, ownerUserId), isNull(crmContracts.deletedAt)));
    return row?.contracts ?? 0;
  }

  /**
   * Offboarding: every contract of one owner (the trash included) goes to another in one statement, the rows locked
   * in id order first like lockForTransfer; a row another transaction moved meanwhile no longer matches.
   */
  async moveAllOf(executor: Executor, orgId: string, fromUserId: string, toUserId: string) {
    const owned = executor
      .select({ id: crmContracts.id })
      .from(crmContracts)
      .where(and(eq(crmContracts.orgId, orgId), eq(crmContracts.ownerUserId, fromUserId)))
      .orderBy(crmContracts.id)
      .for('update');
    return executor
      .update(crmContracts)
      .set({ ownerUserId: toUserId, version: sql`${crmContracts.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmContracts.id, owned))
      .returning({ id: crmContracts.id, customerId: crmContracts.customerId, live: sql<boolean>`${crmContracts.deletedAt} is null` });
  }

  async userNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await executor.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

/** A unique violation of the live-number index, however the driver wraps it. */
export function isNumberTaken(error: unknown): boolean {
  return isUniqueViolation(error, NUMBER_INDEX);
}

const NUMBER_INDEX = 'crm_contracts_number_key';
