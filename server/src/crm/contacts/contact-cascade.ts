import { and, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { CustomerCascade } from '../crm.dependencies.ts';
import type { Executor } from '../shared/database.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmContacts } from './contact.tables.ts';

/**
 * What the customers module does to a customer's contacts: they follow it into the trash and back, in the
 * customer's transaction. A contact trashed on its own before keeps its own, different `deleted_at`, so the
 * restore leaves it in the trash.
 */
export async function trashContactsWithCustomer(executor: Executor, customerId: string, at: Date, by: string): Promise<void> {
  await executor
    .update(crmContacts)
    .set({ deletedAt: at, deletedBy: by })
    .where(and(eq(crmContacts.customerId, customerId), isNull(crmContacts.deletedAt)));
}

export async function restoreContactsWithCustomer(executor: Executor, customerId: string, deletedAt: Date): Promise<void> {
  await executor
    .update(crmContacts)
    .set({ deletedAt: null, deletedBy: null })
    .where(and(eq(crmContacts.customerId, customerId), eq(crmContacts.deletedAt, deletedAt)));
}

export const contactCascade: CustomerCascade = { trash: trashContactsWithCustomer, restore: restoreContactsWithCustomer };

/** The live contacts of the customer in `customerId`'s row, as a scalar subquery. */
export function liveContactCount(customerId: AnyPgColumn): SQL<number> {
  return sql<number>`(select count(*)::int from ${crmContacts} where ${crmContacts.customerId} = ${customerId} and ${crmContacts.deletedAt} is null)`;
}

/** Live contacts of the live customers a user owns (offboarding counts what a transfer would move). */
export async function countContactsOfOwner(executor: Executor, orgId: string, ownerUserId: string): Promise<number> {
  const [row] = await executor
    .select({ contacts: count() })
    .from(crmContacts)
    .innerJoin(crmCustomers, eq(crmCustomers.id, crmContacts.customerId))
    .where(and(eq(crmCustomers.orgId, orgId), eq(crmCustomers.ownerUserId, ownerUserId), isNull(crmCustomers.deletedAt), isNull(crmContacts.deletedAt)));
  return row?.contacts ?? 0;
}
