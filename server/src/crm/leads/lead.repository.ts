import { and, count, eq, gt, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { editableRecords, sharedOnlyWithCaller, transferableRecords, visibleRecords, type CrmScope, type OwnedRecordColumns, type ScopeTerms } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Executor } from '../shared/database.ts';
import { likeLiteral } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import { filterConditions, filterShape, placeholder, StatementShapes, UNNAMED, type FilterSpec } from '../shared/statement-shapes.ts';
import type { LeadSort } from './lead.schema.ts';
import { crmLeads } from './lead.tables.ts';

export type LeadRow = typeof crmLeads.$inferSelect;
export type LeadValues = typeof crmLeads.$inferInsert;

/** Leads are owned records: the same scope rules as customers (own, team, shared, pool). */
export const leadColumns: OwnedRecordColumns = { recordType: 'lead', id: crmLeads.id, orgId: crmLeads.orgId, ownerUserId: crmLeads.ownerUserId };

const owner = alias(users, 'owner');
const creator = alias(users, 'creator');
const deleter = alias(users, 'deleter');

export const leadSortKeys: Record<LeadSort, SortKey> = {
  name: { column: crmLeads.name, kind: 'text', nullable: false },
  createdAt: { column: crmLeads.createdAt, kind: 'timestamp', nullable: false },
  updatedAt: { column: crmLeads.updatedAt, kind: 'timestamp', nullable: false },
};
export const leadTrashSortKey: SortKey = { column: crmLeads.deletedAt, kind: 'timestamp', nullable: false };

export interface LeadFilters {
  search?: { text: string; phoneDigits: string[] } | undefined;
  ownerId?: string | null | undefined;
  status?: string | undefined;
  source?: string | undefined;
}

const TRASH_DAYS = 30;

const FILTERS = {
  status: { where: (value) => eq(crmLeads.status, value) },
  source: { where: (value) => eq(crmLeads.source, value) },
} satisfies Record<string, FilterSpec>;

/** What a lead search's SQL depends on: how many phone forms the term has. */
interface SearchShape {
  phones: number;
}

interface FilterShape {
  owner: 'any' | 'none' | 'one';
  set: (keyof typeof FILTERS)[];
  search: SearchShape | null;
}

function searchInputs(search: NonNullable<LeadFilters['search']>, values: Record<string, unknown>): SearchShape {
  values['search.pattern'] = `%${likeLiteral(search.text)}%`;
  search.phoneDigits.forEach((digits, index) => (values[`search.phone${index}`] = `%${likeLiteral(digits)}%`));
  return { phones: search.phoneDigits.length };
}

function filterInputs(filters: LeadFilters, values: Record<string, unknown>): FilterShape {
  if (typeof filters.ownerId === 'string') values['filter.ownerId'] = filters.ownerId;
  return {
    owner: filters.ownerId === null ? 'none' : filters.ownerId === undefined ? 'any' : 'one',
    set: filterShape(FILTERS, filters, values),
    search: filters.search ? searchInputs(filters.search, values) : null,
  };
}

/** Name, company or e-mail containing the term, or phone digits; every value a placeholder named as searchInputs names it. */
function searchCondition(shape: SearchShape): SQL {
  const pattern = placeholder('search.pattern');
  const alternatives: SQL[] = [ilike(crmLeads.name, pattern), ilike(crmLeads.company, pattern), ilike(crmLeads.email, pattern)];
  for (let index = 0; index < shape.phones; index += 1) alternatives.push(sql`${crmLeads.phoneDigits} like ${placeholder(`search.phone${index}`)}`);
  return or(...alternatives) as SQL;
}

/** The only place that queries crm_leads. Every read takes the caller's scope into its SQL. */
export class LeadRepository {
  private readonly pages = new StatementShapes<ReturnType<LeadRepository['preparePage']>>();
  private readonly counts = new StatementShapes<ReturnType<LeadRepository['prepareCount']>>();
  private readonly searches = new StatementShapes<ReturnType<LeadRepository['prepareSearch']>>();
  private readonly details = new StatementShapes<ReturnType<LeadRepository['prepareDetail']>>();

  constructor(private readonly db: Database) {}

  private view(scope: ScopeTerms) {
    return {
      id: crmLeads.id,
      name: crmLeads.name,
      company: crmLeads.company,
      phone: crmLeads.phone,
      email: crmLeads.email,
      source: crmLeads.source,
      status: crmLeads.status,
      unqualifiedReason: crmLeads.unqualifiedReason,
      notes: crmLeads.notes,
      ownerId: crmLeads.ownerUserId,
      ownerName: owner.name,
      convertedAt: crmLeads.convertedAt,
      convertedCustomerId: crmLeads.convertedCustomerId,
      // Only a customer the caller may see is named (and linked).
      convertedCustomerName: sql<string | null>`(select ${crmCustomers.name} from ${crmCustomers} where ${crmCustomers.id} = ${crmLeads.convertedCustomerId} and ${crmCustomers.deletedAt} is null and ${visibleRecords(scope)})`,
      convertedContactId: crmLeads.convertedContactId,
      convertedDealId: crmLeads.convertedDealId,
      createdAt: crmLeads.createdAt,
      updatedAt: crmLeads.updatedAt,
      createdByName: creator.name,
      version: crmLeads.version,
      canEdit: sql<boolean>`coalesce(${editableRecords(scope, leadColumns)}, false)`,
      sharedWithMe: sharedOnlyWithCaller(scope, leadColumns),
    };
  }

  private selectView(executor: Executor, scope: ScopeTerms) {
    return executor.select(this.view(scope)).from(crmLeads).leftJoin(owner, eq(owner.id, crmLeads.ownerUserId)).leftJoin(creator, eq(creator.id, crmLeads.createdBy));
  }

  private prepareDetail(scope: ScopeTerms) {
    return this.selectView(this.db, scope)
      .where(and(eq(crmLeads.id, placeholder('id')), isNull(crmLeads.deletedAt), visibleRecords(scope, leadColumns)))
      .prepare(UNNAMED);
  }

  /** A live lead the scope sees, with the list's columns (a prepared shape unless it runs in a transaction). */
  async findVisible(scope: CrmScope, id: string, executor: Executor = this.db) {
    if (executor !== this.db) {
      const [row] = await this.selectView(executor, scope).where(and(eq(crmLeads.id, id), isNull(crmLeads.deletedAt), visibleRecords(scope, leadColumns)));
      return row;
    }
    const [row] = await this.details.run(scope, { shape: 'detail', values: { id } }, (terms) => this.prepareDetail(terms));
    return row;
  }

  /** The list's conditions for a filter shape; every value is a placeholder named as filterInputs names it. */
  private conditions(scope: ScopeTerms, shape: FilterShape): SQL[] {
    const conditions: SQL[] = [visibleRecords(scope, leadColumns), isNull(crmLeads.deletedAt)];
    if (shape.owner === 'none') conditions.push(isNull(crmLeads.ownerUserId));
    else if (shape.owner === 'one') conditions.push(eq(crmLeads.ownerUserId, placeholder('filter.ownerId')));
    conditions.push(...filterConditions(FILTERS, shape.set));
    if (shape.search) conditions.push(searchCondition(shape.search));
    return conditions;
  }

  private prepareSearch(scope: ScopeTerms, search: SearchShape) {
    return this.db
      .select({ id: crmLeads.id, name: crmLeads.name, company: crmLeads.company, status: crmLeads.status, ownerName: owner.name, phone: crmLeads.phone, email: crmLeads.email })
      .from(crmLeads)
      .leftJoin(owner, eq(owner.id, crmLeads.ownerUserId))
      .where(and(visibleRecords(scope, leadColumns), isNull(crmLeads.deletedAt), searchCondition(search)))
      .orderBy(sql`(${crmLeads.name} ilike ${placeholder('search.prefix')}) desc`, sql`length(${crmLeads.name})`, crmLeads.name, crmLeads.id)
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  /** The header search box: live leads in the scope by name, company, e-mail or phone digits, names starting with the term first. */
  async search(scope: CrmScope, search: NonNullable<LeadFilters['search']>, limit: number) {
    const values: Record<string, unknown> = { limit, 'search.prefix': `${likeLiteral(search.text)}%` };
    return this.searches.run(scope, { shape: searchInputs(search, values), values }, (terms, shape) => this.prepareSearch(terms, shape));
  }

  private preparePage(scope: ScopeTerms, filters: FilterShape, key: SortKey, order: SortOrder, after: boolean) {
    const conditions = this.conditions(scope, filters);
    if (after) conditions.push(keysetAfter(key, crmLeads.id, order, { value: placeholder('cursor.value'), id: placeholder('cursor.id') }));
    return this.selectView(this.db, scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmLeads.id, order))
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async page(scope: CrmScope, filters: LeadFilters, sort: LeadSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const values: Record<string, unknown> = { limit: limit + 1, 'cursor.value': position?.value, 'cursor.id': position?.id };
    // Lead sort keys cannot be empty, so a cursor always has a value.
    const shape = { filters: filterInputs(filters, values), sort, order, after: position !== null };
    return this.pages.run(scope, { shape, values }, (terms, { filters, sort, order, after }) => this.preparePage(terms, filters, leadSortKeys[sort], order, after));
  }

  private prepareCount(scope: ScopeTerms, filters: FilterShape) {
    return this.db
      .select({ total: count() })
      .from(crmLeads)
      .where(and(...this.conditions(scope, filters)))
      .prepare(UNNAMED);
  }

  async count(scope: CrmScope, filters: LeadFilters): Promise<number> {
    const values: Record<string, unknown> = {};
    const [row] = await this.counts.run(scope, { shape: filterInputs(filters, values), values }, (terms, shape) => this.prepareCount(terms, shape));
    return row?.total ?? 0;
  }

  async insert(executor: Executor, values: LeadValues): Promise<LeadRow> {
    const [row] = await executor.insert(crmLeads).values(values).returning();
    if (!row) throw new Error('lead not created');
    return row;
  }

  /** Locks a visible lead (live, or in the trash) for a change and says whether the scope may edit it. */
  async lockVisible(executor: Executor, scope: CrmScope, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select({ row: crmLeads, canEdit: sql<boolean>`coalesce(${editableRecords(scope, leadColumns)}, false)` })
      .from(crmLeads)
      .where(and(eq(crmLeads.id, id), state === 'live' ? isNull(crmLeads.deletedAt) : isNotNull(crmLeads.deletedAt), visibleRecords(scope, leadColumns)))
      .for('update');
    return row;
  }

  /** Locks the live leads among `ids` that the scope sees (in id order), with their owner, status and whether it may move them. */
  async lockForTransfer(executor: Executor, scope: CrmScope, ids: string[]) {
    return executor
      .select({
        id: crmLeads.id,
        ownerUserId: crmLeads.ownerUserId,
        ownerName: owner.name,
        status: crmLeads.status,
        transferable: sql<boolean>`coalesce(${transferableRecords(scope, leadColumns)}, false)`,
      })
      .from(crmLeads)
      .leftJoin(owner, eq(owner.id, crmLeads.ownerUserId))
      .where(and(inArray(crmLeads.id, ids), isNull(crmLeads.deletedAt), visibleRecords(scope, leadColumns)))
      .orderBy(crmLeads.id)
      .for('update', { of: crmLeads });
  }

  async setOwner(executor: Executor, ids: string[], ownerUserId: string): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(crmLeads)
      .set({ ownerUserId, version: sql`${crmLeads.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmLeads.id, ids));
  }

  async update(executor: Executor, id: string, values: Partial<LeadValues>): Promise<void> {
    await executor
      .update(crmLeads)
      .set({ ...values, version: sql`${crmLeads.version} + 1`, updatedAt: new Date() })
      .where(eq(crmLeads.id, id));
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmLeads).set({ deletedAt: at, deletedBy: by, version: sql`${crmLeads.version} + 1` }).where(eq(crmLeads.id, id));
  }

  async trashPage(scope: CrmScope, position: CursorPosition | null, limit: number) {
    const conditions = [visibleRecords(scope, leadColumns), isNotNull(crmLeads.deletedAt), gt(crmLeads.deletedAt, new Date(Date.now() - TRASH_DAYS * 86_400_000))];
    if (position) conditions.push(keysetAfter(leadTrashSortKey, crmLeads.id, 'desc', position));
    return this.db
      .select({ id: crmLeads.id, name: crmLeads.name, deletedAt: sql<Date>`${crmLeads.deletedAt}`.mapWith(crmLeads.deletedAt), deletedByName: deleter.name })
      .from(crmLeads)
      .leftJoin(deleter, eq(deleter.id, crmLeads.deletedBy))
      .where(and(...conditions))
      .orderBy(...keysetOrder(leadTrashSortKey, crmLeads.id, 'desc'))
      .limit(limit + 1);
  }

  /** Live leads owned by the user that are not converted yet (the offboarding dialog's count). */
  async countOwned(executor: Executor, orgId: string, userId: string): Promise<number> {
    const [row] = await executor
      .select({ leads: count() })
      .from(crmLeads)
      .where(and(eq(crmLeads.orgId, orgId), eq(crmLeads.ownerUserId, userId), isNull(crmLeads.deletedAt)));
    return row?.leads ?? 0;
  }

  /** Every lead (the trash included) of one owner moves to another, rows locked in id order first. */
  async moveAllOf(executor: Executor, orgId: string, fromUserId: string, toUserId: string) {
    const owned = executor.select({ id: crmLeads.id }).from(crmLeads).where(and(eq(crmLeads.orgId, orgId), eq(crmLeads.ownerUserId, fromUserId))).orderBy(crmLeads.id).for('update');
    return executor
      .update(crmLeads)
      .set({ ownerUserId: toUserId, version: sql`${crmLeads.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmLeads.id, owned))
      .returning({ id: crmLeads.id, live: sql<boolean>`${crmLeads.deletedAt} is null` });
  }
}
