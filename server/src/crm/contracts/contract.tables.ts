import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';

/**
 * Contracts (合同): a numbered agreement with a customer, optionally closing a deal. It has its own owner (data
 * scopes apply). The contract number is unique among the organisation's live contracts.
 */
export const crmContracts = pgTable(
  'crm_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    number: text('number').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id),
    dealId: uuid('deal_id').references(() => crmDeals.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull().default('CNY'),
    signedDate: date('signed_date', { mode: 'string' }),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** 'draft' | 'active' | 'completed' | 'terminated' */
    status: text('status').notNull().default('draft'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('crm_contracts_number_key').on(table.orgId, table.number).where(sql`deleted_at is null`),
    index('crm_contracts_owner_idx').on(table.orgId, table.ownerUserId, table.signedDate, table.id).where(sql`deleted_at is null`),
    index('crm_contracts_org_signed_idx').on(table.orgId, table.signedDate, table.id).where(sql`deleted_at is null`),
    index('crm_contracts_org_updated_idx').on(table.orgId, table.updatedAt, table.id).where(sql`deleted_at is null`),
    index('crm_contracts_customer_idx').on(table.customerId, table.signedDate).where(sql`deleted_at is null`),
    index('crm_contracts_deal_idx').on(table.dealId).where(sql`deal_id is not null and deleted_at is null`),
    index('crm_contracts_trash_idx').on(table.orgId, table.deletedAt.desc(), table.id.desc()).where(sql`deleted_at is not null`),
  ],
);

/** Payments received (回款) against a contract; the running balance is the contract amount minus their sum. */
export const crmPayments = pgTable(
  'crm_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => crmContracts.id),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    receivedDate: date('received_date', { mode: 'string' }).notNull(),
    /** 'bank_transfer' | 'cash' | 'cheque' | 'card' | 'other' */
    method: text('method').notNull().default('bank_transfer'),
    reference: text('reference'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
  },
  (table) => [index('crm_payments_contract_idx').on(table.contractId, table.receivedDate).where(sql`deleted_at is null`), index('crm_payments_org_received_idx').on(table.orgId, table.receivedDate).where(sql`deleted_at is null`)],
);
