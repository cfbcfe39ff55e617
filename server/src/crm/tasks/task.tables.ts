import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmFollowUps } from '../follow-ups/follow-up.tables.ts';

/**
 * Tasks: something to do by a date, assigned to one member, optionally about a customer or deal. The assignee plays
 * the owner's part in the data scopes (a manager sees his team's tasks). A follow-up's "next follow-up" creates one
 * (`follow_up_id`), and moving that date moves the open task.
 */
export const crmTasks = pgTable(
  'crm_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    notes: text('notes'),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
    assigneeUserId: uuid('assignee_user_id')
      .notNull()
      .references(() => users.id),
    customerId: uuid('customer_id').references(() => crmCustomers.id),
    dealId: uuid('deal_id').references(() => crmDeals.id),
    followUpId: uuid('follow_up_id').references(() => crmFollowUps.id),
    /** 'open' | 'done' */
    status: text('status').notNull().default('open'),
    completedAt: timestamp('completed_at', { withTimezone: true, precision: 3 }),
    completedBy: uuid('completed_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    // "My day": open tasks of one assignee by due date (overdue first).
    index('crm_tasks_assignee_due_idx').on(table.orgId, table.assigneeUserId, table.dueAt.nullsLast(), table.id).where(sql`status = 'open' and deleted_at is null`),
    index('crm_tasks_org_due_idx').on(table.orgId, table.dueAt, table.id).where(sql`deleted_at is null`),
    index('crm_tasks_customer_idx').on(table.customerId, table.dueAt).where(sql`customer_id is not null and deleted_at is null`),
    index('crm_tasks_deal_idx').on(table.dealId).where(sql`deal_id is not null and deleted_at is null`),
    index('crm_tasks_follow_up_idx').on(table.followUpId).where(sql`follow_up_id is not null`),
  ],
);
