import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { CrmScope } from '../access/access.service.ts';
import type { Executor } from '../shared/database.ts';
import { crmContracts, crmPayments } from './contract.tables.ts';

export type PaymentRow = typeof crmPayments.$inferSelect;
export type PaymentValues = typeof crmPayments.$inferInsert;

const creator = alias(users, 'creator');

/**
 * The only place that queries crm_payments. A payment has no owner: who may see or record one is decided on its
 * contract, which the callers look up (and lock) under the contract scope first.
 */
export class PaymentRepository {
  constructor(private readonly db: Database) {}

  /**
   * The contract's live payments in the order they came in (received date, then entry), each with the balance left
   * after it: a window sum in numeric, so the running balance is exact however many payments there are.
   */
  async listWithBalance(contractId: string, limit: number) {
    const order = sql`order by ${crmPayments.receivedDate}, ${crmPayments.createdAt}, ${crmPayments.id}`;
    return this.db
      .select({
        id: crmPayments.id,
        contractId: crmPayments.contractId,
        amount: crmPayments.amount,
        receivedDate: crmPayments.receivedDate,
        method: crmPayments.method,
        reference: crmPayments.reference,
        notes: crmPayments.notes,
        balanceAfter: sql<string>`(${crmContracts.amount} - sum(${crmPayments.amount}) over (${order} rows between unbounded preceding and current row))::numeric(18,2)::text`,
        createdAt: crmPayments.createdAt,
        createdByName: creator.name,
      })
      .from(crmPayments)
      .innerJoin(crmContracts, eq(crmContracts.id, crmPayments.contractId))
      .leftJoin(creator, eq(creator.id, crmPayments.createdBy))
      .where(and(eq(crmPayments.contractId, contractId), isNull(crmPayments.deletedAt)))
      .orderBy(crmPayments.receivedDate, crmPayments.createdAt, crmPayments.id)
      .limit(limit);
  }

  /** Sum and number of the live payments (call with the contract row locked for a consistent answer). */
  async totals(executor: Executor, contractId: string): Promise<{ paid: string; payments: number }> {
    const [row] = await executor
      .select({ paid: sql<string>`coalesce(sum(${crmPayments.amount}), 0)::numeric(18,2)::text`, payments: count() })
      .from(crmPayments)
      .where(and(eq(crmPayments.contractId, contractId), isNull(crmPayments.deletedAt)));
    return { paid: row?.paid ?? '0.00', payments: row?.payments ?? 0 };
  }

  async insert(executor: Executor, values: PaymentValues): Promise<PaymentRow> {
    const [row] = await executor.insert(crmPayments).values(values).returning();
    if (!row) throw new Error('payment not recorded');
    return row;
  }

  /** The contract a live payment of the organisation belongs to, read without locking (the contract is locked first). */
  async contractIdOf(scope: CrmScope, paymentId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ contractId: crmPayments.contractId })
      .from(crmPayments)
      .where(and(eq(crmPayments.id, paymentId), eq(crmPayments.orgId, scope.orgId), isNull(crmPayments.deletedAt)));
    return row?.contractId;
  }

  /** Soft-deletes a live payment of this contract; undefined when it is already gone. */
  async softDelete(executor: Executor, contractId: string, paymentId: string, at: Date, by: string): Promise<PaymentRow | undefined> {
    const [row] = await executor
      .update(crmPayments)
      .set({ deletedAt: at, deletedBy: by })
      .where(and(eq(crmPayments.id, paymentId), eq(crmPayments.contractId, contractId), isNull(crmPayments.deletedAt)))
      .returning();
    return row;
  }
}
