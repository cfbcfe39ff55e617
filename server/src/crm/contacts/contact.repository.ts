import { and, asc, count, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { editableRecords, visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { likeLiteral, nameContains, type Executor } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
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

/**
 * The only place that queries crm_contacts. A contact has no owner: every read joins its live customer under the
 * caller's scope, so who may see or edit a contact is exactly who may see or edit its customer.
 */
export class ContactRepository {
  constructor(private readonly db: Database) {}

  private view(scope: CrmScope) {
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

  private selectView(scope: CrmScope) {
    return this.db
      .select(this.view(scope))
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)));
  }

  async findVisible(scope: CrmScope, id: string) {
    const [row] = await this.selectView(scope).where(and(eq(crmContacts.id, id), isNull(crmContacts.deletedAt)));
    return row;
  }

  searchCondition(search: ContactSearch): SQL {
    const alternatives: SQL[] = [nameContains(crmContacts.name, search.text)];
    for (const digits of search.phoneDigits) alternatives.push(sql`${crmContacts.mobile} like ${`%${likeLiteral(digits)}%`}`);
    if (!/\s/.test(search.text)) alternatives.push(sql`${crmContacts.email} like ${`${likeLiteral(search.text.toLowerCase())}%`}`);
    return or(...alternatives) as SQL;
  }

  private filterConditions(scope: CrmScope, filters: ContactFilters): SQL[] {
    const conditions: SQL[] = [eq(crmContacts.orgId, scope.orgId), isNull(crmContacts.deletedAt)];
    if (filters.customerId) conditions.push(eq(crmContacts.customerId, filters.customerId));
    if (filters.search) conditions.push(this.searchCondition(filters.search));
    return conditions;
  }

  async page(scope: CrmScope, filters: ContactFilters, sort: ContactSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const key = contactSortKeys[sort];
    const conditions = this.filterConditions(scope, filters);
    if (position) conditions.push(keysetAfter(key, crmContacts.id, order, position));
    return this.selectView(scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmContacts.id, order))
      .limit(limit + 1);
  }

  /** How many contacts the list would show in all (the exports check their bound with it). */
  async count(scope: CrmScope, filters: ContactFilters): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(...this.filterConditions(scope, filters)));
    return row?.total ?? 0;
  }

  async search(scope: CrmScope, search: ContactSearch, limit: number) {
    return this.db
      .select({ id: crmContacts.id, name: crmContacts.name, customerId: crmContacts.customerId, customerName: crmCustomers.name, mobile: crmContacts.mobile, email: crmContacts.email })
      .from(crmContacts)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmContacts.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(eq(crmContacts.orgId, scope.orgId), isNull(crmContacts.deletedAt), this.searchCondition(search)))
      .orderBy(sql`(${crmContacts.name} ilike ${`${likeLiteral(search.text)}%`}) desc`, sql`length(${crmContacts.name})`, crmContacts.name, crmContacts.id)
      .limit(limit);
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
