import { and, asc, count, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { editableRecords, visibleRecords, type CrmScope, type ScopeTerms } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { likeLiteral, nameMatchOf, nameMatchSql, nameMatchValue, type Executor, type NameMatch } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import { placeholder, StatementShapes, UNNAMED } from '../shared/statement-shapes.ts';
import type { ContactSort } from './contact.schema.ts';
import { crmContacts } from './contact.tables.ts';

export type ContactRow = typeof crmContacts.$inferSelect;
export type ContactValues = typeof crmContacts.$inferInsert;

export const contactSortKeys: Record<ContactSort, SortKey> = {
  name: { column: crmContacts.name, kind: 'text', nullable: false },
  createdAt: { column: crmContacts.createdAt, kind: 'timestamp', nullable: false },
  updatedAt: { column: crmContacts.updatedAt, kind: 'timestamp', nullable: false },
};

export interface ContactSearch {
  text: string;
  phoneDigits: string[];
}

export interface ContactFilters {
  customerId?: string | undefined;
  search?: ContactSearch | undefined;
}

/** What a contact search's SQL depends on: how the name matches, how many phone forms, whether it can be an e-mail. */
interface SearchShape {
  name: NameMatch;
  phones: number;
  email: boolean;
}

function searchInputs(search: ContactSearch, values: Record<string, unknown>): SearchShape {
  values['search.name'] = nameMatchValue(search.text);
  search.phoneDigits.forEach((digits, index) => (values[`search.phone${index}`] = `%${likeLiteral(digits)}%`));
  const email = !/\s/.test(search.text);
  if (email) values['search.email'] = `${likeLiteral(search.text.toLowerCase())}%`;
  return { name: nameMatchOf(search.text), phones: search.phoneDigits.length, email };
}

interface FilterShape {
  customer: boolean;
  search: SearchShape | null;
}

function filterInputs(filters: ContactFilters, values: Record<string, unknown>): FilterShape {
  if (filters.customerId) values['filter.customerId'] = filters.customerId;
  return { customer: Boolean(filters.customerId), search: filters.search ? searchInputs(filters.search, values) : null };
}

/**
 * The only place that queries crm_contacts. A contact has no owner: every read joins its live customer under the
 * caller's scope, so who may see or edit a contact is exactly who may see or edit its customer.
 */
export class ContactRepository {
  private readonly pages = new StatementShapes<ReturnType<ContactRepository['preparePage']>>();
  private readonly counts = new StatementShapes<ReturnType<ContactRepository['prepareCount']>>();
  private readonly searches = new StatementShapes<ReturnType<ContactRepository['prepareSearch']>>();
  private readonly details = new StatementShapes<ReturnType<ContactRepository['prepareDetail']>>();

  constructor(private readonly db: Database) {}

  private view(scope: ScopeTerms) {
    return {
      id: crmContacts.id,
      customerId: crmContacts.customerId,
      customerName: crmCustomers.name,
      name: crmContacts.name,
      title: crmContacts.title,
      mobile: crmContacts.mobile,
      email: crmContacts.email,
      wechat: crmContacts.wechat,
      isPrimary: crmContacts.isPrimary,
      notes: crmContacts.notes,
      createdAt: crmContacts.createdAt,
      updatedAt: crmContacts.updatedAt,
      version: crmContacts.version,
      canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)`,
    };
  }

  private selectView(scope: ScopeTerms) {
    return this.db
      .select(this.view(scope))
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)));
  }

  private prepareDetail(scope: ScopeTerms) {
    return this.selectView(scope)
      .where(and(eq(crmContacts.id, placeholder('id')), isNull(crmContacts.deletedAt)))
      .prepare(UNNAMED);
  }

  async findVisible(scope: CrmScope, id: string) {
    const [row] = await this.details.run(scope, { shape: 'detail', values: { id } }, (terms) => this.prepareDetail(terms));
    return row;
  }

  /** Name substring, mobile digits (substring) or e-mail prefix; every value a placeholder named as searchInputs names it. */
  private searchCondition(shape: SearchShape): SQL {
    const alternatives: SQL[] = [nameMatchSql(crmContacts.name, shape.name, placeholder('search.name'))];
    for (let index = 0; index < shape.phones; index += 1) alternatives.push(sql`${crmContacts.mobile} like ${placeholder(`search.phone${index}`)}`);
    if (shape.email) alternatives.push(sql`${crmContacts.email} like ${placeholder('search.email')}`);
    return or(...alternatives) as SQL;
  }

  private conditions(scope: ScopeTerms, shape: FilterShape): SQL[] {
    const conditions: SQL[] = [eq(crmContacts.orgId, scope.orgId), isNull(crmContacts.deletedAt)];
    if (shape.customer) conditions.push(eq(crmContacts.customerId, placeholder('filter.customerId')));
    if (shape.search) conditions.push(this.searchCondition(shape.search));
    return conditions;
  }

  private preparePage(scope: ScopeTerms, filters: FilterShape, key: SortKey, order: SortOrder, after: boolean) {
    const conditions = this.conditions(scope, filters);
    if (after) conditions.push(keysetAfter(key, crmContacts.id, order, { value: placeholder('cursor.value'), id: placeholder('cursor.id') }));
    return this.selectView(scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmContacts.id, order))
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async page(scope: CrmScope, filters: ContactFilters, sort: ContactSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const values: Record<string, unknown> = { limit: limit + 1, 'cursor.value': position?.value, 'cursor.id': position?.id };
    // Contact sort keys cannot be empty, so a cursor always has a value.
    const shape = { filters: filterInputs(filters, values), sort, order, after: position !== null };
    return this.pages.run(scope, { shape, values }, (terms, { filters, sort, order, after }) => this.preparePage(terms, filters, contactSortKeys[sort], order, after));
  }

  private prepareCount(scope: ScopeTerms, filters: FilterShape) {
    return this.db
      .select({ total: count() })
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(...this.conditions(scope, filters)))
      .prepare(UNNAMED);
  }

  /** How many contacts the list would show in all (the exports check their bound with it). */
  async count(scope: CrmScope, filters: ContactFilters): Promise<number> {
    const values: Record<string, unknown> = {};
    const [row] = await this.counts.run(scope, { shape: filterInputs(filters, values), values }, (terms, shape) => this.prepareCount(terms, shape));
    return row?.total ?? 0;
  }

  private prepareSearch(scope: ScopeTerms, search: SearchShape) {
    return this.db
      .select({ id: crmContacts.id, name: crmContacts.name, customerId: crmContacts.customerId, customerName: crmCustomers.name, mobile: crmContacts.mobile, email: crmContacts.email })
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(eq(crmContacts.orgId, scope.orgId), isNull(crmContacts.deletedAt), this.searchCondition(search)))
      .orderBy(sql`(${crmContacts.name} ilike ${placeholder('search.prefix')}) desc`, sql`length(${crmContacts.name})`, crmContacts.name, crmContacts.id)
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async search(scope: CrmScope, search: ContactSearch, limit: number) {
    const values: Record<string, unknown> = { limit, 'search.prefix': `${likeLiteral(search.text)}%` };
    return this.searches.run(scope, { shape: searchInputs(search, values), values }, (terms, shape) => this.prepareSearch(terms, shape));
  }

  async customerIdOf(id: string): Promise<string | undefined> {
    const [row] = await this.db.select({ customerId: crmContacts.customerId }).from(crmContacts).where(eq(crmContacts.id, id));
    return row?.customerId;
  }

  /**
   * Locks a live customer the scope sees, before any of its contacts (always in this order, as the customer's own
   * trash and restore do), and says whether the scope may edit it. Serialises the primary-contact rule.
   */
  async lockCustomer(executor: Executor, scope: CrmScope, customerId: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id, canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .for('update');
    return row;
  }

  async lockContact(executor: Executor, customerId: string, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select()
      .from(crmContacts)
      .where(and(eq(crmContacts.id, id), eq(crmContacts.customerId, customerId), state === 'live' ? isNull(crmContacts.deletedAt) : isNotNull(crmContacts.deletedAt)))
      .for('update');
    return row;
  }

  /** lockCustomer for many customers at once (an import batch), locked in id order so two batches never cross. */
  async lockCustomers(executor: Executor, scope: CrmScope, customerIds: string[]) {
    if (customerIds.length === 0) return [];
    return executor
      .select({ id: crmCustomers.id, canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(inArray(crmCustomers.id, customerIds), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .orderBy(asc(crmCustomers.id))
      .for('update');
  }

  /** liveContacts of many customers in one query, oldest first. */
  async liveContactsOf(executor: Executor, customerIds: string[]): Promise<ContactRow[]> {
    if (customerIds.length === 0) return [];
    return executor
      .select()
      .from(crmContacts)
      .where(and(inArray(crmContacts.customerId, customerIds), isNull(crmContacts.deletedAt)))
      .orderBy(asc(crmContacts.createdAt), asc(crmContacts.id));
  }

  async liveContacts(executor: Executor, customerId: string): Promise<ContactRow[]> {
    return executor
      .select()
      .from(crmContacts)
      .where(and(eq(crmContacts.customerId, customerId), isNull(crmContacts.deletedAt)))
      .orderBy(asc(crmContacts.createdAt), asc(crmContacts.id));
  }

  async insert(executor: Executor, values: ContactValues): Promise<ContactRow> {
    const [row] = await executor.insert(crmContacts).values(values).returning();
    if (!row) throw new Error('contact not created');
    return row;
  }

  /** Several contacts in one INSERT (an import batch), returned in the order given. */
  async insertMany(executor: Executor, values: ContactValues[]): Promise<ContactRow[]> {
    if (values.length === 0) return [];
    const rows = await executor.insert(crmContacts).values(values).returning();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return values.map((value) => {
      const row = value.id === undefined ? undefined : byId.get(value.id);
      if (!row) throw new Error('contact not created');
      return row;
    });
  }

  /** clearPrimary for several customers at once: un-marks their live primary contacts; returns who was un-marked. */
  async clearPrimaryOf(executor: Executor, customerIds: string[]): Promise<ContactRow[]> {
    if (customerIds.length === 0) return [];
    return executor
      .update(crmContacts)
      .set({ isPrimary: false, version: sql`${crmContacts.version} + 1`, updatedAt: new Date() })
      .where(and(inArray(crmContacts.customerId, customerIds), eq(crmContacts.isPrimary, true), isNull(crmContacts.deletedAt)))
      .returning();
  }

  async update(executor: Executor, id: string, values: Partial<ContactValues>): Promise<void> {
    await executor
      .update(crmContacts)
      .set({ ...values, version: sql`${crmContacts.version} + 1`, updatedAt: new Date() })
      .where(eq(crmContacts.id, id));
  }

  /** Un-marks the customer's primary contact(s) other than `keepId`; returns who was un-marked. */
  async clearPrimary(executor: Executor, customerId: string, keepId: string | null): Promise<ContactRow[]> {
    return executor
      .update(crmContacts)
      .set({ isPrimary: false, version: sql`${crmContacts.version} + 1`, updatedAt: new Date() })
      .where(and(eq(crmContacts.customerId, customerId), eq(crmContacts.isPrimary, true), isNull(crmContacts.deletedAt), keepId ? ne(crmContacts.id, keepId) : undefined))
      .returning();
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmContacts).set({ deletedAt: at, deletedBy: by, version: sql`${crmContacts.version} + 1` }).where(eq(crmContacts.id, id));
  }
}
