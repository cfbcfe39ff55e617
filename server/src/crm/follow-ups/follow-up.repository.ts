import { and, asc, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { dealColumns, editableRecords, visibleRecords, type CrmScope, type ScopeTerms } from '../access/access.service.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import type { Executor } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey } from '../shared/keyset.ts';
import { filterConditions, filterShape, placeholder, StatementShapes, UNNAMED, type FilterSpec } from '../shared/statement-shapes.ts';
import { crmAttachments, crmFollowUps } from './follow-up.tables.ts';

export type FollowUpRow = typeof crmFollowUps.$inferSelect;
export type FollowUpValues = typeof crmFollowUps.$inferInsert;

const author = alias(users, 'author');

/** Newest first: (occurred_at desc, id desc). */
export const followUpSortKey: SortKey = { column: crmFollowUps.occurredAt, kind: 'timestamp', nullable: false };

export interface FollowUpFilters {
  customerId?: string | undefined;
  dealId?: string | undefined;
  authorId?: string | undefined;
  type?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const FILTERS = {
  customerId: { where: (value) => eq(crmFollowUps.customerId, value) },
  dealId: { where: (value) => eq(crmFollowUps.dealId, value) },
  authorId: { where: (value) => eq(crmFollowUps.authorUserId, value) },
  type: { where: (value) => eq(crmFollowUps.type, value) },
  from: { where: (value) => gte(crmFollowUps.occurredAt, value), bind: (value: Date) => value.toISOString() },
  to: { where: (value) => lt(crmFollowUps.occurredAt, value), bind: (value: Date) => value.toISOString() },
} satisfies Record<keyof FollowUpFilters, FilterSpec>;

/** The live attachments of a page of follow-ups, oldest first. */
function attachmentsQuery(db: Database) {
  return db
    .select({
      id: crmAttachments.id,
      followUpId: crmAttachments.followUpId,
      fileName: crmAttachments.fileName,
      contentType: crmAttachments.contentType,
      sizeBytes: crmAttachments.sizeBytes,
      createdAt: crmAttachments.createdAt,
    })
    .from(crmAttachments)
    .where(and(sql`${crmAttachments.followUpId} = any(${placeholder('followUpIds')}::uuid[])`, isNull(crmAttachments.deletedAt)))
    .orderBy(asc(crmAttachments.createdAt), asc(crmAttachments.id))
    .prepare(UNNAMED);
}

/**
 * The only place that queries crm_follow_ups. A follow-up has no owner: every read joins its live customer under the
 * caller's scope, so who may see one is exactly who may see its customer (like contacts). The linked deal has its own
 * owner and is named only to those who may see it.
 */
export class FollowUpRepository {
  private readonly pages = new StatementShapes<ReturnType<FollowUpRepository['preparePage']>>();
  private readonly details = new StatementShapes<ReturnType<FollowUpRepository['prepareDetail']>>();
  private readonly attachments: ReturnType<typeof attachmentsQuery>;

  constructor(private readonly db: Database) {
    this.attachments = attachmentsQuery(db);
  }

  private selectView(scope: ScopeTerms) {
    return this.db
      .select({
        id: crmFollowUps.id,
        customerId: crmFollowUps.customerId,
        customerName: crmCustomers.name,
        contactId: crmFollowUps.contactId,
        contactName: crmContacts.name,
        dealId: crmDeals.id,
        dealName: crmDeals.name,
        type: crmFollowUps.type,
        content: crmFollowUps.content,
        occurredAt: crmFollowUps.occurredAt,
        nextFollowUpAt: crmFollowUps.nextFollowUpAt,
        authorId: crmFollowUps.authorUserId,
        authorName: author.name,
        createdAt: crmFollowUps.createdAt,
        updatedAt: crmFollowUps.updatedAt,
        version: crmFollowUps.version,
      })
      .from(crmFollowUps)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmFollowUps.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .leftJoin(author, eq(author.id, crmFollowUps.authorUserId))
      .leftJoin(crmContacts, eq(crmContacts.id, crmFollowUps.contactId))
      .leftJoin(crmDeals, and(eq(crmDeals.id, crmFollowUps.dealId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)));
  }

  private prepareDetail(scope: ScopeTerms) {
    return this.selectView(scope)
      .where(and(eq(crmFollowUps.id, placeholder('id')), isNull(crmFollowUps.deletedAt)))
      .prepare(UNNAMED);
  }

  async findVisible(scope: CrmScope, id: string) {
    const [row] = await this.details.run(scope, { shape: 'detail', values: { id } }, (terms) => this.prepareDetail(terms));
    return row;
  }

  private preparePage(scope: ScopeTerms, filters: (keyof FollowUpFilters)[], after: boolean) {
    const conditions: SQL[] = [eq(crmFollowUps.orgId, scope.orgId), isNull(crmFollowUps.deletedAt), ...filterConditions(FILTERS, filters)];
    if (after) conditions.push(keysetAfter(followUpSortKey, crmFollowUps.id, 'desc', { value: placeholder('cursor.value'), id: placeholder('cursor.id') }));
    return this.selectView(scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(followUpSortKey, crmFollowUps.id, 'desc'))
      .limit(placeholder('limit'))
      .prepare(UNNAMED);
  }

  async page(scope: CrmScope, filters: FollowUpFilters, position: CursorPosition | null, limit: number) {
    const values: Record<string, unknown> = { limit: limit + 1, 'cursor.value': position?.value, 'cursor.id': position?.id };
    // The sort key cannot be empty, so a cursor always has a value.
    const shape = { filters: filterShape(FILTERS, filters, values), after: position !== null };
    return this.pages.run(scope, { shape, values }, (terms, { filters, after }) => this.preparePage(terms, filters, after));
  }

  /** The live attachments of these (already scoped) follow-ups, oldest first. */
  async attachmentsOf(followUpIds: string[]) {
    if (followUpIds.length === 0) return [];
    return this.attachments.execute({ followUpIds });
  }

  async customerIdOf(id: string): Promise<string | undefined> {
    const [row] = await this.db.select({ customerId: crmFollowUps.customerId }).from(crmFollowUps).where(eq(crmFollowUps.id, id));
    return row?.customerId;
  }

  /**
   * Locks a live customer the scope sees, before any of its follow-ups (the order contacts, trash and restore use too),
   * with what a reminder needs: its name and owner.
   */
  async lockCustomer(executor: Executor, scope: CrmScope, customerId: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id, name: crmCustomers.name, ownerUserId: crmCustomers.ownerUserId, canEdit: sql<boolean>`coalesce(${editableRecords(scope)}, false)` })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .for('update');
    return row;
  }

  async lockFollowUp(executor: Executor, customerId: string, id: string, state: 'live' | 'trashed'): Promise<FollowUpRow | undefined> {
    const [row] = await executor
      .select()
      .from(crmFollowUps)
      .where(and(eq(crmFollowUps.id, id), eq(crmFollowUps.customerId, customerId), state === 'live' ? isNull(crmFollowUps.deletedAt) : isNotNull(crmFollowUps.deletedAt)))
      .for('update');
    return row;
  }

  async isLiveContactOf(executor: Executor, customerId: string, contactId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: crmContacts.id })
      .from(crmContacts)
      .where(and(eq(crmContacts.id, contactId), eq(crmContacts.customerId, customerId), isNull(crmContacts.deletedAt)));
    return row !== undefined;
  }

  /** A live deal of this customer that the scope may see (deals have owners of their own). */
  async isVisibleDealOf(executor: Executor, scope: CrmScope, customerId: string, dealId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: crmDeals.id })
      .from(crmDeals)
      .where(and(eq(crmDeals.id, dealId), eq(crmDeals.customerId, customerId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)));
    return row !== undefined;
  }

  async contactName(executor: Executor, id: string): Promise<string | null> {
    const [row] = await executor.select({ name: crmContacts.name }).from(crmContacts).where(eq(crmContacts.id, id));
    return row?.name ?? null;
  }

  async dealName(executor: Executor, id: string): Promise<string | null> {
    const [row] = await executor.select({ name: crmDeals.name }).from(crmDeals).where(eq(crmDeals.id, id));
    return row?.name ?? null;
  }

  /** A member's language and his organisation's, read in the caller's transaction (for a reminder's title). */
  async languagesOf(executor: Executor, userId: string) {
    const [row] = await executor
      .select({ user: users.locale, organization: organizations.defaultLocale })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.id, userId));
    return row;
  }

  async insert(executor: Executor, values: FollowUpValues): Promise<FollowUpRow> {
    const [row] = await executor.insert(crmFollowUps).values(values).returning();
    if (!row) throw new Error('follow-up not created');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<FollowUpValues>): Promise<void> {
    await executor
      .update(crmFollowUps)
      .set({ ...values, version: sql`${crmFollowUps.version} + 1`, updatedAt: new Date() })
      .where(eq(crmFollowUps.id, id));
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmFollowUps).set({ deletedAt: at, deletedBy: by, version: sql`${crmFollowUps.version} + 1` }).where(eq(crmFollowUps.id, id));
  }

  /**
   * crm_customers.last_follow_up_at is the latest live follow-up's time (the list's default order and the pool rule),
   * recomputed rather than nudged so edits, deletions and restores all land on the same answer. Not a customer edit:
   * its version and updated_at stay as they are.
   */
  async refreshLastFollowUp(executor: Executor, customerId: string): Promise<void> {
    await executor
      .update(crmCustomers)
      .set({
        lastFollowUpAt: sql`(select max(${crmFollowUps.occurredAt}) from ${crmFollowUps} where ${crmFollowUps.customerId} = ${customerId} and ${crmFollowUps.deletedAt} is null)`,
      })
      .where(eq(crmCustomers.id, customerId));
  }
}
