import { and, count, eq, gt, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { editableRecords, sharedOnlyWithCaller, transferableRecords, visibleRecords, type CrmScope, type OwnedRecordColumns } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Executor } from '../shared/database.ts';
import { likeLiteral } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
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

function searchCondition(search: NonNullable<LeadFilters['search']>): SQL {
  const pattern = `%${likeLiteral(search.text)}%`;
  const alternatives: SQL[] = [ilike(crmLeads.name, pattern), ilike(crmLeads.company, pattern), ilike(crmLeads.email, pattern)];
  for (const digits of search.phoneDigits) alternatives.push(sql`${crmLeads.phoneDigits} like ${`%${likeLiteral(digits)}%`}`);
  return or(...alternatives) as SQL;
}

/** The only place that queries crm_leads. Every read takes the caller's scope into its SQL. */
export class LeadRepository {
  constructor(private readonly db: Database) {}

  private view(scope: CrmScope) {
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

  private selectView(executor: Executor, scope: CrmScope) {
    return executor.select(this.view(scope)).from(crmLeads).leftJoin(owner, eq(owner.id, crmLeads.ownerUserId)).leftJoin(creator, eq(creator.id, crmLeads.createdBy));
  }

  async findVisible(scope: CrmScope, id: string, executor: Executor = this.db) {
    const [row] = await this.selectView(executor, scope).where(and(eq(crmLeads.id, id), isNull(crmLeads.deletedAt), visibleRecords(scope, leadColumns)));
    return row;
  }

  private filterConditions(scope: CrmScope, filters: LeadFilters): SQL[] {
    const conditions: SQL[] = [visibleRecords(scope, leadColumns), isNull(crmLeads.deletedAt)];
    if (filters.ownerId === null) conditions.push(isNull(crmLeads.ownerUserId));
    else if (filters.ownerId !== undefined) conditions.push(eq(crmLeads.ownerUserId, filters.ownerId));
    if (filters.status) conditions.push(eq(crmLeads.status, filters.status));
    if (filters.source) conditions.push(eq(crmLeads.source, filters.source));
    if (filters.search) conditions.push(searchCondition(filters.search));
    return conditions;
  }

  /** The header search box: live leads in the scope by name, company, e-mail or phone digits, names starting with the term first. */
  async search(scope: CrmScope, search: NonNullable<LeadFilters['search']>, limit: number) {
    return this.db
      .select({ id: crmLeads.id, name: crmLeads.name, company: crmLeads.company, status: crmLeads.status, ownerName: owner.name, phone: crmLeads.phone, email: crmLeads.email })
      .from(crmLeads)
      .leftJoin(owner, eq(owner.id, crmLeads.ownerUserId))
      .where(and(visibleRecords(scope, leadColumns), isNull(crmLeads.deletedAt), searchCondition(search)))
      .orderBy(sql`(${crmLeads.name} ilike ${`${likeLiteral(search.text)}%`}) desc`, sql`length(${crmLeads.name})`, crmLeads.name, crmLeads.id)
      .limit(limit);
  }

  async page(scope: CrmScope, filters: LeadFilters, sort: LeadSort, order: SortOrder, position: CursorPosition | null, limit: number) {
    const key = leadSortKeys[sort];
    const conditions = this.filterConditions(scope, filters);
    if (position) conditions.push(keysetAfter(key, crmLeads.id, order, position));
    return this.selectView(this.db, scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmLeads.id, order))
      .limit(limit + 1);
  }

  async count(scope: CrmScope, filters: LeadFilters): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(crmLeads)
      .where(and(...this.filterConditions(scope, filters)));
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
