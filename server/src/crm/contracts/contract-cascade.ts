import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CustomerCascade } from '../crm.dependencies.ts';
import type { Executor } from '../shared/database.ts';
import { crmContracts } from './contract.tables.ts';

/**
 * A customer's contracts follow it into the trash and back, in the customer's transaction; their payments stay as
 * they are and are hidden and shown with the contract. A contract trashed on its own before keeps its own time and
 * stays in the trash. One whose number was given to another contract meanwhile stays in the trash too (the number is
 * unique among live contracts): it is listed there and comes back once the other is renumbered.
 */
export const contractCascade: CustomerCascade = {
  async trash(executor: Executor, customerId: string, at: Date, by: string) {
    await executor
      .update(crmContracts)
      .set({ deletedAt: at, deletedBy: by, version: sql`${crmContracts.version} + 1` })
      .where(and(eq(crmContracts.customerId, customerId), isNull(crmContracts.deletedAt)));
  },
  async restore(executor: Executor, customerId: string, deletedAt: Date) {
    await executor
      .update(crmContracts)
      .set({ deletedAt: null, deletedBy: null, version: sql`${crmContracts.version} + 1` })
      .where(
        and(
          eq(crmContracts.customerId, customerId),
          eq(crmContracts.deletedAt, deletedAt),
          sql`not exists (select 1 from ${crmContracts} as live where live.org_id = ${crmContracts.orgId} and live.number = ${crmContracts.number} and live.deleted_at is null)`,
        ),
      );
  },
};
