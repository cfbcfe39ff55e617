import type { AuditAction } from '../../audit/audit-actions.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { Executor } from '../shared/database.ts';
import { contractErrors } from './contract.errors.ts';
import type { ContractRow } from './contract.repository.ts';
import type { Payment, PaymentCreateInput } from './contract.schema.ts';
import { checkAmount, contractEntry, type ContractService } from './contract.service.ts';
import { fromCents, normalizeAmount, toCents } from '../shared/money.ts';
import type { PaymentRow } from './payment.repository.ts';

/** A contract takes at most this many live payments, which bounds its payment list (one page, running balance). */
export const MAX_PAYMENTS_PER_CONTRACT = 1000;

/**
 * Payments received (回款). Recording one locks the contract row, so concurrent payments are counted one after the
 * other and together can never exceed the contract amount. Every payment written or removed is a contract history
 * row and an audit event carrying the amount.
 */
export class PaymentService {
  constructor(
    private readonly deps: CrmDependencies,
    private readonly contracts: ContractService,
  ) {}

  private get repository() {
    return this.contracts.payments;
  }

  /** The contract's payments oldest first, each with the balance left after it. */
  async list(caller: CrmCaller, rawContractId: string) {
    const contract = await this.contracts.get(caller, rawContractId);
    const items = await this.repository.listWithBalance(contract.id, MAX_PAYMENTS_PER_CONTRACT);
    return {
      items,
      contract: { amount: contract.amount, currency: contract.currency, paidAmount: contract.paidAmount, balance: contract.balance, canEdit: contract.canEdit },
    };
  }

  async record(caller: CrmCaller, rawContractId: string, input: PaymentCreateInput): Promise<Payment> {
    const contractId = recordId(rawContractId);
    const amount = normalizeAmount(input.amount);
    const outcome = await this.deps.identity.db.transaction(async (transaction) => {
      const contract = await this.lockEditableContract(transaction, caller, contractId);
      checkAmount(amount, contract.currency);
      const { paid, payments } = await this.repository.totals(transaction, contractId);
      if (payments >= MAX_PAYMENTS_PER_CONTRACT) raise(contractErrors.TOO_MANY_PAYMENTS, { max: MAX_PAYMENTS_PER_CONTRACT });
      const paidAfter = toCents(paid) + toCents(amount);
      if (paidAfter > toCents(contract.amount)) {
        raise(contractErrors.PAYMENT_EXCEEDS_BALANCE, { balance: fromCents(toCents(contract.amount) - toCents(paid)), currency: contract.currency });
      }
      const payment = await this.repository.insert(transaction, {
        orgId: caller.user.orgId,
        contractId,
        amount,
        receivedDate: input.receivedDate,
        method: input.method,
        reference: input.reference ?? null,
        notes: input.notes ?? null,
        createdBy: caller.user.id,
      });
      const changes = {
        paymentAmount: { from: null, to: amount },
        receivedDate: { from: null, to: input.receivedDate },
        method: { from: null, to: input.method },
        ...(payment.reference ? { reference: { from: null, to: payment.reference } } : {}),
        paidAmount: { from: paid, to: fromCents(paidAfter) },
      };
      await this.deps.history.record(transaction, [contractEntry(caller, contract, 'payment_recorded', changes)]);
      return { contract, payment, paidAfter: fromCents(paidAfter) };
    });
    await this.audit(caller, 'crm_payment_recorded', outcome.contract, outcome.payment, outcome.paidAfter);
    const listed = await this.repository.listWithBalance(contractId, MAX_PAYMENTS_PER_CONTRACT);
    const created = listed.find((item) => item.id === outcome.payment.id);
    if (!created) throw new Error('recorded payment not listed');
    return created;
  }

  /** Soft delete (a wrong entry, a bounced cheque): the balance goes back up; history and audit keep the amount. */
  async remove(caller: CrmCaller, rawPaymentId: string): Promise<{ id: string; deletedAt: Date }> {
    const paymentId = recordId(rawPaymentId);
    const contractId = await this.repository.contractIdOf(caller.scope, paymentId);
    if (!contractId) raise(accessErrors.NOT_FOUND);
    const at = new Date();
    const outcome = await this.deps.identity.db.transaction(async (transaction) => {
      const contract = await this.lockEditableContract(transaction, caller, contractId);
      const { paid } = await this.repository.totals(transaction, contractId);
      const payment = await this.repository.softDelete(transaction, contractId, paymentId, at, caller.user.id);
      if (!payment) raise(accessErrors.NOT_FOUND);
      const paidAfter = fromCents(toCents(paid) - toCents(payment.amount));
      const changes = { paymentAmount: { from: payment.amount, to: null }, receivedDate: { from: payment.receivedDate, to: null }, paidAmount: { from: paid, to: paidAfter } };
      await this.deps.history.record(transaction, [contractEntry(caller, contract, 'payment_deleted', changes)]);
      return { contract, payment, paidAfter };
    });
    await this.audit(caller, 'crm_payment_deleted', outcome.contract, outcome.payment, outcome.paidAfter);
    return { id: paymentId, deletedAt: at };
  }

  /** The live contract under the caller's scope, row-locked; one it sees but may not change (finance reader) is 403. */
  private async lockEditableContract(transaction: Executor, caller: CrmCaller, contractId: string): Promise<ContractRow> {
    const locked = await this.contracts.repository.lockVisible(transaction, caller.scope, contractId, 'live');
    if (!locked) raise(accessErrors.NOT_FOUND);
    if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
    return locked.row;
  }

  private async audit(caller: CrmCaller, action: AuditAction, contract: ContractRow, payment: PaymentRow, paidAfter: string): Promise<void> {
    await this.deps.identity.audit.record(
      {
        action,
        orgId: caller.user.orgId,
        actorUserId: caller.user.id,
        actorLabel: caller.user.email,
        details: { contractId: contract.id, contractNumber: contract.number, paymentId: payment.id, amount: payment.amount, currency: contract.currency, receivedDate: payment.receivedDate, paidAmount: paidAfter },
      },
      caller.context,
    );
  }
}
