import { and, count, eq, gt, gte, ilike, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { dealColumns, editableRecords, sharedOnlyWithCaller, transferableRecords, visibleRecords, type CrmScope, type ScopeTerms } from '../access/access.service.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { likeLiteral, type Executor } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import { filterConditions, filterShape, placeholder, StatementShapes, UNNAMED, type FilterSpec } from '../shared/statement-shapes.ts';
import type { DealSort } from './deal.schema.ts';
import { crmDeals, crmPipelineStages } from './deal.tables.ts';
import type { StageKind } from './pipeline.schema.ts';

export type DealRow = typeof crmDeals.$inferSelect;
export type DealValues = typeof crmDeals.$inferInsert;

const owner = alias(users, 'owner');
const creator = alias(users, 'creator');
const deleter = alias(users, 'deleter');
const stage = alias(crmPipelineStages, 'stage');

export const dealSortKeys: Record<DealSort, SortKey> = {
  updatedAt: { column: crmDeals.updatedAt, kind: 'timestamp', nullable: false },
  amount: { column: crmDeals.amount, kind: 'numeric', nullable: false },
  expectedCloseDate: { column: crmDeals.expectedCloseDate, kind: 'date', nullable: true },
  name: { column: crmDeals.name, kind: 'text', nullable: false },
};
export const dealTrashSortKey: SortKey = { column: crmDeals.deletedAt, kind: 'timestamp', nullable: false };

export interface DealFilters {
  search?: string | undefined;
  stageId?: string | undefined;
  ownerId?: string | undefined;
  customerId?: string | undefined;
  status?: StageKind | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  amountMin?: string | undefined;
  amountMax?: string | undefined;
}

const TRASH_DAYS = 30;

/** The list's, the board's and the sums' filters; every query that uses them joins the stage as `stage`. */
const FILTERS = {
  search: { where: (value) => ilike(crmDeals.name, value), bind: (value: string) => `%${likeLiteral(value)}%` },
  stageId: { where: (value) => eq(crmDeals.stageId, value) },
  ownerId: { where: (value) => eq(crmDeals.ownerUserId, value) },
  customerId: { where: (value) => eq(crmDeals.customerId, value) },
  status: { where: (value) => eq(stage.kind, value) },
  closeFrom: { where: (value) => gte(crmDeals.expectedCloseDate, value) },
  closeTo: { where: (value) => lte(crmDeals.expectedCloseDate, value) },
  amountMin: { where: (value) => sql`${crmDeals.amount} >= ${value}::numeric` },
  amountMax: { where: (value) => sql`${crmDeals.amount} <= ${value}::numeric` },
} satisfies Record<keyof DealFilters, FilterSpec>;

type FilterName = keyof typeof FILTERS;

/**
 * The only place that queries crm_deals for the deals module. A deal has an owner of its own: every read takes the
 * caller's scope on deals (access.service, dealColumns) into its SQL.
 */
export class DealRepository {
  private readonly pages = new StatementShapes<ReturnType<DealRepository['preparePage']>>();
  private readonly sumStatements = new StatementShapes<ReturnType<DealRepository['prepareSums']>>();
  private readonly details = new StatementShapes<ReturnType<DealRepository['prepareDetail']>>();

  constructor(private readonly db: Database) {}

  private view(scope: ScopeTerms) {
    return {
      id: crmDeals.id,
      name: crmDeals.name,
      customerId: crmDeals.customerId,
      customerName: crmCustomers.name,
      contactId: crmDeals.contactId,
      contactName: sql<string | null>`case when ${crmContacts.deletedAt} is null then ${crmContacts.name} end`,
      ownerId: crmDeals.ownerUserId,
      ownerName: owner.name,
      amount: crmDeals.amount,
      currency: crmDeals.currency,
      stageId: crmDeals.stageId,
      stageKey: stage.key,
      stageName: stage.name,
      stageKind: sql<StageKind>`${stage.kind}`,
      probability: crmDeals.probability,
      expectedCloseDate: crmDeals.expectedCloseDate,
      lostReason: crmDeals.lostReason,
      closedAt: crmDeals.closedAt,
      stageChangedAt: crmDeals.stageChangedAt,
      notes: crmDeals.notes,
      createdAt: crmDeals.createdAt,
      updatedAt: crmDeals.updatedAt,
      createdByName: creator.name,
      version: crmDeals.version,
      canEdit: sql<boolean>`coalesce(${editableRecords(scope, dealColumns)}, false)`,
      sharedWithMe: sharedOnlyWithCaller(scope, dealColumns),
    };
  }

  private selectView(executor: Executor, scope: ScopeTerms) {
    return executor
      .select(this.view(scope))
      .from(crmDeals)
      .innerJoin(crmCustomers, eq(crmCustomers.id, crmDeals.customerId))
      .innerJoin(stage, eq(stage.id, crmDeals.stageId))
      .leftJoin(crmContacts, eq(crmContacts.id, crmDeals.contactId))
      .leftJoin(owner, eq(owner.id, crmDeals.ownerUserId))
      .leftJoin(creator, eq(creator.id, crmDeals.createdBy));
  }

  private prepareDetail(scope: ScopeTerms) {
    return this.selectView(this.db, scope)
      .where(and(eq(crmDeals.id, placeholder('id')), isNull(crmDeals.deletedAt), isNull(crmCustomers.deletedAt), visibleRecords(scope, dealColumns)))
      .prepare(UNNAMED);
  }

  /** A live deal of a live customer the scope sees, with the list's columns (a prepared shape unless in a transaction). */
  async findVisible(scope: CrmScope, id: string, executor: Executor = this.db) {
    if (executor !== this.db) {
      const [row] = await this.selectView(executor, scope).where(and(eq(crmDeals.id, id), isNull(crmDeals.deletedAt), isNull(crmCustomers.deletedAt), visibleRecords(scope, dealColumns)));
      return row;
    }
    const [row] = await this.details.run(scope, { shape: 'detail', values: { id } }, (terms) => this.prepareDetail(terms));
    return row;
  }

  /** Live deals under the scope and the set filters (placeholders named as filterShape binds them). */
  private conditions(scope: ScopeTerms, set: readonly FilterName[]): SQL[] {
    return [visibleRecords(scope, dealColumns), isNull(crmDeals.deletedAt), ...filterConditions(FILTERS, set)];
  }

  private preparePage(scope: ScopeTerms, set: FilterName[], key: SortKey, order: SortOrder, after: 'start' | 'value' | 'null') {
    const conditions = this.conditions(scope, set);
    if (after !== 'start') conditions.push(keysetAfter(key, crmDeals.id, order, { value: after === 'null' ? null : placeholder('cursor.value'), id: placeholder('cursor.id') }));
    return this.selectView(this.db, scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmDeals.id, order))
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async page(scope: CrmScope, filters: DealFilters, sort: DealSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const values: Record<string, unknown> = { limit: limit + 1, 'cursor.value': position?.value, 'cursor.id': position?.id };
    const after = position === null ? 'start' : position.value === null ? 'null' : 'value';
    const shape = { filters: filterShape(FILTERS, filters, values), sort, order, after } as const;
    return this.pages.run(scope, { shape, values }, (terms, { filters, sort, order, after }) => this.preparePage(terms, filters, dealSortKeys[sort], order, after));
  }

  private prepareSums(scope: ScopeTerms, set: FilterName[], by: 'stage' | 'status') {
    const group = by === 'stage' ? crmDeals.stageId : stage.kind;
    return this.db
      .select({ group: sql<string>`${group}`, currency: crmDeals.currency, count: sql<number>`count(*)::int`, amount: sql<string>`sum(${crmDeals.amount})::text` })
      .from(crmDeals)
      .innerJoin(stage, eq(stage.id, crmDeals.stageId))
      .where(and(...this.conditions(scope, set)))
      .groupBy(group, crmDeals.currency)
      .orderBy(...(by === 'stage' ? [crmDeals.currency] : [stage.kind, crmDeals.currency]))
      .prepare(UNNAMED);
  }

  private async sums(scope: CrmScope, filters: DealFilters, by: 'stage' | 'status') {
    const values: Record<string, unknown> = {};
    const shape = { filters: filterShape(FILTERS, filters, values), by };
    return this.sumStatements.run(scope, { shape, values }, (terms, { filters, by }) => this.prepareSums(terms, filters, by));
  }

  /** Count and amount of the matching deals per stage and currency; the sums are exact (numeric, in SQL). */
  async stageSums(scope: CrmScope, filters: DealFilters) {
    const rows = await this.sums(scope, filters, 'stage');
    return rows.map(({ group, ...sum }) => ({ stageId: group, ...sum }));
  }

  /** The same per status (open, won, lost) and currency. */
  async statusSums(scope: CrmScope, filters: DealFilters) {
    const rows = await this.sums(scope, filters, 'status');
    return rows.map(({ group, ...sum }) => ({ status: group as StageKind, ...sum }));
  }

  /**
   * A live customer the scope may edit, share-locked for the rest of the transaction: its trash waits for the new
   * deal, and a deal is never added to a customer that just went to the trash.
   */
  async lockEditableCustomer(executor: Executor, scope: CrmScope, customerId: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, customerId), isNull(crmCustomers.deletedAt), editableRecords(scope)))
      .for('share');
    return row;
  }

  /** A live customer (any scope), share-locked: restoring a deal waits for its customer's trash and restore. */
  async lockCustomerState(executor: Executor, customerId: string) {
    const [row] = await executor.select({ deletedAt: crmCustomers.deletedAt }).from(crmCustomers).where(eq(crmCustomers.id, customerId)).for('share');
    return row;
  }

  async liveContact(executor: Executor, customerId: string, contactId: string) {
    const [row] = await executor
      .select({ id: crmContacts.id, name: crmContacts.name })
      .from(crmContacts)
      .where(and(eq(crmContacts.id, contactId), eq(crmContacts.customerId, customerId), isNull(crmContacts.deletedAt)));
    return row;
  }

  /** A contact's name whatever its state (the previous contact of a deal, for the history). */
  async contactName(executor: Executor, contactId: string): Promise<string | undefined> {
    const [row] = await executor.select({ name: crmContacts.name }).from(crmContacts).where(eq(crmContacts.id, contactId));
    return row?.name;
  }

  async insert(executor: Executor, values: DealValues): Promise<DealRow> {
    const [row] = await executor.insert(crmDeals).values(values).returning();
    if (!row) throw new Error('deal not created');
    return row;
  }

  /** The customer of a deal the scope sees (live or in the trash), read before locking in customer → deal order. */
  async customerIdOf(scope: CrmScope, id: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ customerId: crmDeals.customerId })
      .from(crmDeals)
      .where(and(eq(crmDeals.id, id), visibleRecords(scope, dealColumns)));
    return row?.customerId;
  }

  /** Locks a visible deal (live, or in the trash) for a change and says whether the scope may edit it. */
  async lockVisible(executor: Executor, scope: CrmScope, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select({ row: crmDeals, canEdit: sql<boolean>`coalesce(${editableRecords(scope, dealColumns)}, false)` })
      .from(crmDeals)
      .where(and(eq(crmDeals.id, id), state === 'live' ? isNull(crmDeals.deletedAt) : isNotNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)))
      .for('update');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<DealValues>): Promise<void> {
    await executor
      .update(crmDeals)
      .set({ ...values, version: sql`${crmDeals.version} + 1`, updatedAt: new Date() })
      .where(eq(crmDeals.id, id));
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmDeals).set({ deletedAt: at, deletedBy: by, version: sql`${crmDeals.version} + 1` }).where(eq(crmDeals.id, id));
  }

  async trashPage(scope: CrmScope, position: CursorPosition | null, limit: number) {
    const conditions = [visibleRecords(scope, dealColumns), isNotNull(crmDeals.deletedAt), gt(crmDeals.deletedAt, new Date(Date.now() - TRASH_DAYS * 86_400_000))];
    if (position) conditions.push(keysetAfter(dealTrashSortKey, crmDeals.id, 'desc', position));
    return this.db
      .select({
        id: crmDeals.id,
        name: crmDeals.name,
        customerName: crmCustomers.name,
        amount: crmDeals.amount,
        currency: crmDeals.currency,
        deletedAt: sql<Date>`${crmDeals.deletedAt}`.mapWith(crmDeals.deletedAt),
        deletedByName: deleter.name,
        customerInTrash: sql<boolean>`${crmCustomers.deletedAt} is not null`,
      })
      .from(crmDeals)
      .innerJoin(crmCustomers, eq(crmCustomers.id, crmDeals.customerId))
      .leftJoin(deleter, eq(deleter.id, crmDeals.deletedBy))
      .where(and(...conditions))
      .orderBy(...keysetOrder(dealTrashSortKey, crmDeals.id, 'desc'))
      .limit(limit + 1);
  }

  /** Locks the live deals among `ids` that the scope sees (in id order), with their owner and whether it may move them. */
  async lockForTransfer(executor: Executor, scope: CrmScope, ids: string[]) {
    return executor
      .select({
        id: crmDeals.id,
        customerId: crmDeals.customerId,
        ownerUserId: crmDeals.ownerUserId,
        ownerName: owner.name,
        transferable: sql<boolean>`coalesce(${transferableRecords(scope, dealColumns)}, false)`,
      })
      .from(crmDeals)
      .leftJoin(owner, eq(owner.id, crmDeals.ownerUserId))
      .where(and(inArray(crmDeals.id, ids), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)))
      .orderBy(crmDeals.id)
      .for('update', { of: crmDeals });
  }

  async setOwner(executor: Executor, ids: string[], ownerUserId: string): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(crmDeals)
      .set({ ownerUserId, version: sql`${crmDeals.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmDeals.id, ids));
  }

  /** Offboarding: the live deals a member owns, and how many of them are still open (not won or lost). */
  async countOwned(executor: Executor, orgId: string, ownerUserId: string): Promise<{ total: number; open: number }> {
    const [row] = await executor
      .select({ total: count(), open: sql<number>`count(*) filter (where ${crmDeals.closedAt} is null)`.mapWith(Number) })
      .from(crmDeals)
      .where(and(eq(crmDeals.orgId, orgId), eq(crmDeals.ownerUserId, ownerUserId), isNull(crmDeals.deletedAt)));
    return { total: row?.total ?? 0, open: row?.open ?? 0 };
  }

  /**
   * Offboarding: every deal of one owner (the trash included, so a restored deal has a living owner) goes to another
   * in one statement. The rows are locked in id order first, like lockForTransfer, so it cannot deadlock with a
   * transfer of some of them; a row another transaction moved meanwhile no longer matches and is left alone.
   */
  async moveAllOf(executor: Executor, orgId: string, fromUserId: string, toUserId: string) {
    const owned = executor
      .select({ id: crmDeals.id })
      .from(crmDeals)
      .where(and(eq(crmDeals.orgId, orgId), eq(crmDeals.ownerUserId, fromUserId)))
      .orderBy(crmDeals.id)
      .for('update');
    return executor
      .update(crmDeals)
      .set({ ownerUserId: toUserId, version: sql`${crmDeals.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmDeals.id, owned))
      .returning({ id: crmDeals.id, customerId: crmDeals.customerId, live: sql<boolean>`${crmDeals.deletedAt} is null`, open: sql<boolean>`${crmDeals.closedAt} is null` });
  }
}
