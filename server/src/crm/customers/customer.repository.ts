import { and, count, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { editableRecords, sharedOnlyWithCaller, transferableRecords, visibleRecords, type CrmScope, type ScopeTerms } from '../access/access.service.ts';
import { liveContactCount } from '../contacts/contact-cascade.ts';
import { visibleDealCount } from '../deals/deal-cascade.ts';
import type { Executor } from '../shared/database.ts';
import { likeLiteral, nameMatchOf, nameMatchSql, nameMatchValue, type NameMatch } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import { filterConditions, filterShape, placeholder, StatementShapes, UNNAMED, type FilterSpec } from '../shared/statement-shapes.ts';
import type { CustomerSort } from './customer.schema.ts';
import { crmCustomers } from './customer.tables.ts';

export type CustomerRow = typeof crmCustomers.$inferSelect;
export type CustomerValues = typeof crmCustomers.$inferInsert;

const owner = alias(users, 'owner');
const creator = alias(users, 'creator');
const deleter = alias(users, 'deleter');

export const customerSortKeys: Record<CustomerSort, SortKey> = {
  name: { column: crmCustomers.name, kind: 'text', nullable: false },
  createdAt: { column: crmCustomers.createdAt, kind: 'timestamp', nullable: false },
  updatedAt: { column: crmCustomers.updatedAt, kind: 'timestamp', nullable: false },
  lastFollowUpAt: { column: crmCustomers.lastFollowUpAt, kind: 'timestamp', nullable: true },
  level: { column: crmCustomers.level, kind: 'text', nullable: true },
};
export const trashSortKey: SortKey = { column: crmCustomers.deletedAt, kind: 'timestamp', nullable: false };

export interface CustomerFilters {
  /** Already split into what the term can match. */
  search?: { text: string; phoneDigits: string[]; domain: string | null } | undefined;
  ownerId?: string | null | undefined;
  level?: string | undefined;
  status?: string | undefined;
  source?: string | undefined;
  industry?: string | undefined;
  tag?: string | undefined;
}

const TRASH_DAYS = 30;

/** The list's optional filters besides the owner and the search term. */
const FILTERS = {
  level: { where: (value) => eq(crmCustomers.level, value) },
  status: { where: (value) => eq(crmCustomers.status, value) },
  source: { where: (value) => eq(crmCustomers.source, value) },
  industry: { where: (value) => eq(crmCustomers.industry, value) },
  tag: { where: (value) => sql`${crmCustomers.tags} @> array[${value}]::text[]` },
} satisfies Record<string, FilterSpec>;

/** What a customer list's SQL depends on besides the scope: which filters are set and how the search term matches. */
interface FilterShape {
  owner: 'any' | 'none' | 'one';
  set: (keyof typeof FILTERS)[];
  search: SearchShape | null;
}

interface SearchShape {
  name: NameMatch;
  phones: number;
  domain: boolean;
}

function searchInputs(search: NonNullable<CustomerFilters['search']>, values: Record<string, unknown>): SearchShape {
  values['search.name'] = nameMatchValue(search.text);
  search.phoneDigits.forEach((digits, index) => (values[`search.phone${index}`] = `%${likeLiteral(digits)}%`));
  if (search.domain) values['search.domain'] = `${likeLiteral(search.domain)}%`;
  return { name: nameMatchOf(search.text), phones: search.phoneDigits.length, domain: search.domain !== null };
}

/** The filters as a statement shape, their values added to `values` (named as the conditions' placeholders). */
function filterInputs(filters: CustomerFilters, values: Record<string, unknown>): FilterShape {
  if (typeof filters.ownerId === 'string') values['filter.ownerId'] = filters.ownerId;
  return {
    owner: filters.ownerId === null ? 'none' : filters.ownerId === undefined ? 'any' : 'one',
    set: filterShape(FILTERS, filters, values),
    search: filters.search ? searchInputs(filters.search, values) : null,
  };
}

/** The only place that queries crm_customers. Every read takes the caller's scope (access.service) into its SQL. */
export class CustomerRepository {
  private readonly pages = new StatementShapes<ReturnType<CustomerRepository['preparePage']>>();
  private readonly counts = new StatementShapes<ReturnType<CustomerRepository['prepareCount']>>();
  private readonly searches = new StatementShapes<ReturnType<CustomerRepository['prepareSearch']>>();
  private readonly details = new StatementShapes<ReturnType<CustomerRepository['prepareDetail']>>();

  constructor(private readonly db: Database) {}

  private view(scope: ScopeTerms) {
    return {
      id: crmCustomers.id,
      name: crmCustomers.name,
      industry: crmCustomers.industry,
      level: crmCustomers.level,
      source: crmCustomers.source,
      status: crmCustomers.status,
      ownerId: crmCustomers.ownerUserId,
      ownerName: owner.name,
      address: crmCustomers.address,
      phone: crmCustomers.phone,
      website: crmCustomers.website,
      tags: crmCustomers.tags,
      notes: crmCustomers.notes,
      lastFollowUpAt: crmCustomers.lastFollowUpAt,
      contactCount: liveContactCount(crmCustomers.id),
      dealCount: visibleDealCount(crmCustomers.id, scope),
      createdAt: crmCustomers.createdAt,
      updatedAt: crmCustomers.updatedAt,
      createdByName: creator.name,
      version: crmCustomers.version,
      canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)`,
      sharedWithMe: sharedOnlyWithCaller(scope),
    };
  }

  private selectView(executor: Executor, scope: ScopeTerms) {
    return executor.select(this.view(scope)).from(crmCustomers).leftJoin(owner, eq(owner.id, crmCustomers.ownerUserId)).leftJoin(creator, eq(creator.id, crmCustomers.createdBy));
  }

  private prepareDetail(scope: ScopeTerms) {
    return this.selectView(this.db, scope)
      .where(and(eq(crmCustomers.id, placeholder('id')), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .prepare(UNNAMED);
  }

  /** A live customer the scope sees, with the list's columns (a prepared shape unless it runs in a transaction). */
  async findVisible(scope: CrmScope, id: string, executor: Executor = this.db) {
    if (executor !== this.db) {
      const [row] = await this.selectView(executor, scope).where(and(eq(crmCustomers.id, id), isNull(crmCustomers.deletedAt), visibleRecords(scope)));
      return row;
    }
    const [row] = await this.details.run(scope, { shape: 'detail', values: { id } }, (terms) => this.prepareDetail(terms));
    return row;
  }

  /** The list's conditions for a filter shape; every value is a placeholder named as filterInputs names it. */
  private conditions(scope: ScopeTerms, shape: FilterShape): SQL[] {
    const conditions: SQL[] = [visibleRecords(scope), isNull(crmCustomers.deletedAt)];
    if (shape.owner === 'none') conditions.push(isNull(crmCustomers.ownerUserId));
    else if (shape.owner === 'one') conditions.push(eq(crmCustomers.ownerUserId, placeholder('filter.ownerId')));
    conditions.push(...filterConditions(FILTERS, shape.set));
    if (shape.search) conditions.push(this.searchCondition(shape.search));
    return conditions;
  }

  /** Name substring (pg_trgm, or the bigram index for two characters), phone digits (substring, pg_trgm) or website domain (prefix). */
  private searchCondition(shape: SearchShape): SQL {
    const alternatives: SQL[] = [nameMatchSql(crmCustomers.name, shape.name, placeholder('search.name'))];
    for (let index = 0; index < shape.phones; index += 1) alternatives.push(sql`${crmCustomers.phoneDigits} like ${placeholder(`search.phone${index}`)}`);
    if (shape.domain) alternatives.push(sql`${crmCustomers.websiteDomain} like ${placeholder('search.domain')}`);
    return or(...alternatives) as SQL;
  }

  private preparePage(scope: ScopeTerms, filters: FilterShape, key: SortKey, order: SortOrder, after: 'start' | 'value' | 'null') {
    const conditions = this.conditions(scope, filters);
    if (after !== 'start') conditions.push(keysetAfter(key, crmCustomers.id, order, { value: after === 'null' ? null : placeholder('cursor.value'), id: placeholder('cursor.id') }));
    return this.selectView(this.db, scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmCustomers.id, order))
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async page(scope: CrmScope, filters: CustomerFilters, sort: CustomerSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const values: Record<string, unknown> = { limit: limit + 1, 'cursor.value': position?.value, 'cursor.id': position?.id };
    const after = position === null ? 'start' : position.value === null ? 'null' : 'value';
    const shape = { filters: filterInputs(filters, values), sort, order, after } as const;
    return this.pages.run(scope, { shape, values }, (terms, { filters, sort, order, after }) => this.preparePage(terms, filters, customerSortKeys[sort], order, after));
  }

  private prepareCount(scope: ScopeTerms, filters: FilterShape) {
    return this.db
      .select({ total: count() })
      .from(crmCustomers)
      .where(and(...this.conditions(scope, filters)))
      .prepare(UNNAMED);
  }

  async count(scope: CrmScope, filters: CustomerFilters): Promise<number> {
    const values: Record<string, unknown> = {};
    const [row] = await this.counts.run(scope, { shape: filterInputs(filters, values), values }, (terms, shape) => this.prepareCount(terms, shape));
    return row?.total ?? 0;
  }

  private prepareSearch(scope: ScopeTerms, search: SearchShape) {
    return this.db
      .select({ id: crmCustomers.id, name: crmCustomers.name, ownerName: owner.name, phone: crmCustomers.phone })
      .from(crmCustomers)
      .leftJoin(owner, eq(owner.id, crmCustomers.ownerUserId))
      .where(and(visibleRecords(scope), isNull(crmCustomers.deletedAt), this.searchCondition(search)))
      .orderBy(sql`(${crmCustomers.name} ilike ${placeholder('search.prefix')}) desc`, sql`length(${crmCustomers.name})`, crmCustomers.name, crmCustomers.id)
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  /** Search box: best matches first (name starts with the term, then shorter names). */
  async search(scope: CrmScope, search: NonNullable<CustomerFilters['search']>, limit: number) {
    const values: Record<string, unknown> = { limit, 'search.prefix': `${likeLiteral(search.text)}%` };
    return this.searches.run(scope, { shape: searchInputs(search, values), values }, (terms, shape) => this.prepareSearch(terms, shape));
  }

  /**
   * Live customers of the organisation that look like the same company, whoever owns them: the caller's scope only
   * decides whether the id is shown. The organisation comes from the session, never from the request.
   */
  async findDuplicates(executor: Executor, scope: CrmScope, keys: { nameKey: string | null; phoneDigits: string | null; websiteDomain: string | null }, excludeId: string | null, limit: number) {
    const matches: SQL[] = [];
    if (keys.nameKey) matches.push(eq(crmCustomers.nameKey, keys.nameKey));
    if (keys.phoneDigits) matches.push(eq(crmCustomers.phoneDigits, keys.phoneDigits));
    if (keys.websiteDomain) matches.push(eq(crmCustomers.websiteDomain, keys.websiteDomain));
    if (matches.length === 0) return [];
    return executor
      .select({ id: crmCustomers.id, name: crmCustomers.name, ownerName: owner.name, visible: sql<boolean>`coalesce(${visibleRecords(scope)}, false)` })
      .from(crmCustomers)
      .leftJoin(owner, eq(owner.id, crmCustomers.ownerUserId))
      .where(and(eq(crmCustomers.orgId, scope.orgId), isNull(crmCustomers.deletedAt), or(...matches), excludeId ? ne(crmCustomers.id, excludeId) : undefined))
      .orderBy(crmCustomers.createdAt, crmCustomers.id)
      .limit(limit);
  }

  /**
   * The organisation's live customers matching any of these keys (an import batch's duplicate check, one query), with
   * their keys so the caller can tell which input each one matches.
   */
  async findDuplicatesAmong(executor: Executor, scope: CrmScope, keys: { nameKeys: string[]; phoneDigits: string[]; websiteDomains: string[] }) {
    const matches: SQL[] = [];
    if (keys.nameKeys.length > 0) matches.push(inArray(crmCustomers.nameKey, keys.nameKeys));
    if (keys.phoneDigits.length > 0) matches.push(inArray(crmCustomers.phoneDigits, keys.phoneDigits));
    if (keys.websiteDomains.length > 0) matches.push(inArray(crmCustomers.websiteDomain, keys.websiteDomains));
    if (matches.length === 0) return [];
    return executor
      .select({
        id: crmCustomers.id,
        name: crmCustomers.name,
        ownerName: owner.name,
        visible: sql<boolean>`coalesce(${visibleRecords(scope)}, false)`,
        nameKey: crmCustomers.nameKey,
        phoneDigits: crmCustomers.phoneDigits,
        websiteDomain: crmCustomers.websiteDomain,
      })
      .from(crmCustomers)
      .leftJoin(owner, eq(owner.id, crmCustomers.ownerUserId))
      .where(and(eq(crmCustomers.orgId, scope.orgId), isNull(crmCustomers.deletedAt), or(...matches)))
      .orderBy(crmCustomers.createdAt, crmCustomers.id);
  }

  async insertMany(executor: Executor, values: CustomerValues[]): Promise<CustomerRow[]> {
    if (values.length === 0) return [];
    return executor.insert(crmCustomers).values(values).returning();
  }

  /** Live visible customers by name key (an import resolving its customer column), with whether the scope may edit them. */
  async findVisibleByNameKeys(executor: Executor, scope: CrmScope, nameKeys: string[]) {
    if (nameKeys.length === 0) return [];
    return executor
      .select({ id: crmCustomers.id, name: crmCustomers.name, canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.orgId, scope.orgId), inArray(crmCustomers.nameKey, nameKeys), isNull(crmCustomers.deletedAt), visibleRecords(scope)));
  }

  /** Serialises customer creation in one organisation, so two people adding the same company at once get the warning. */
  async lockCreation(executor: Executor, orgId: string): Promise<void> {
    await executor.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_CREATION_LOCK_KEY}, hashtext(${orgId}))`);
  }

  async insert(executor: Executor, values: CustomerValues): Promise<CustomerRow> {
    const [row] = await executor.insert(crmCustomers).values(values).returning();
    if (!row) throw new Error('customer not created');
    return row;
  }

  /** Locks a visible customer (live, or in the trash) for a change and says whether the scope may edit it. */
  async lockVisible(executor: Executor, scope: CrmScope, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select({ row: crmCustomers, canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, id), state === 'live' ? isNull(crmCustomers.deletedAt) : isNotNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .for('update');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<CustomerValues>): Promise<void> {
    await executor
      .update(crmCustomers)
      .set({ ...values, version: sql`${crmCustomers.version} + 1`, updatedAt: new Date() })
      .where(eq(crmCustomers.id, id));
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmCustomers).set({ deletedAt: at, deletedBy: by, version: sql`${crmCustomers.version} + 1` }).where(eq(crmCustomers.id, id));
  }

  async restore(executor: Executor, id: string): Promise<void> {
    await executor
      .update(crmCustomers)
      .set({ deletedAt: null, deletedBy: null, version: sql`${crmCustomers.version} + 1`, updatedAt: new Date() })
      .where(eq(crmCustomers.id, id));
  }

  async trashPage(scope: CrmScope, position: CursorPosition | null, limit: number) {
    const conditions = [visibleRecords(scope), isNotNull(crmCustomers.deletedAt), gt(crmCustomers.deletedAt, new Date(Date.now() - TRASH_DAYS * 86_400_000))];
    if (position) conditions.push(keysetAfter(trashSortKey, crmCustomers.id, 'desc', position));
    return this.db
      .select({ id: crmCustomers.id, name: crmCustomers.name, deletedAt: sql<Date>`${crmCustomers.deletedAt}`.mapWith(crmCustomers.deletedAt), deletedByName: deleter.name })
      .from(crmCustomers)
      .leftJoin(deleter, eq(deleter.id, crmCustomers.deletedBy))
      .where(and(...conditions))
      .orderBy(...keysetOrder(trashSortKey, crmCustomers.id, 'desc'))
      .limit(limit + 1);
  }

  /** Locks the live customers among `ids` that the scope sees, with their owner and whether the scope may move them. */
  async lockForTransfer(executor: Executor, scope: CrmScope, ids: string[]) {
    return executor
      .select({ id: crmCustomers.id, ownerUserId: crmCustomers.ownerUserId, transferable: sql<boolean>`coalesce(${transferableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(inArray(crmCustomers.id, ids), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .orderBy(crmCustomers.id)
      .for('update');
  }

  async setOwner(executor: Executor, ids: string[], ownerUserId: string): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(crmCustomers)
      .set({ ownerUserId, ownedSince: new Date(), version: sql`${crmCustomers.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmCustomers.id, ids));
  }

  /**
   * Every customer (the trash included) of one owner moves to another; returns the moved ids and whether each is live.
   * The rows are locked in id order first, like lockForTransfer; a row moved meanwhile by another transaction no
   * longer matches and is left alone.
   */
  async moveAllOf(executor: Executor, orgId: string, fromUserId: string, toUserId: string) {
    const owned = executor
      .select({ id: crmCustomers.id })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.orgId, orgId), eq(crmCustomers.ownerUserId, fromUserId)))
      .orderBy(crmCustomers.id)
      .for('update');
    return executor
      .update(crmCustomers)
      .set({ ownerUserId: toUserId, ownedSince: new Date(), version: sql`${crmCustomers.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmCustomers.id, owned))
      .returning({ id: crmCustomers.id, live: sql<boolean>`${crmCustomers.deletedAt} is null` });
  }

  /** Names of users (previous owners for the history), by id. */
  async userNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await executor.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Live customers owned by the user. */
  async countOwned(orgId: string, userId: string): Promise<number> {
    const [row] = await this.db
      .select({ customers: count() })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.orgId, orgId), eq(crmCustomers.ownerUserId, userId), isNull(crmCustomers.deletedAt)));
    return row?.customers ?? 0;
  }
}

const CUSTOMER_CREATION_LOCK_KEY = 7_245_122;
