/** Contracts and payments as the API serves them (server/src/crm/contracts/contract.schema.ts). */
import type { SortOrder } from '../customers/customer-types';

export const CONTRACT_STATUSES = ['draft', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'cheque', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const CONTRACT_SORT_KEYS = ['signedDate', 'amount', 'updatedAt', 'number'] as const;
export type ContractSortKey = (typeof CONTRACT_SORT_KEYS)[number];

/** Amounts are exact decimal strings ("1234.50"): never parsed into floating point for arithmetic. */
export interface Contract {
  id: string;
  number: string;
  title: string;
  customerId: string;
  customerName: string;
  /** False for a finance reader looking at a customer outside their own scope. */
  customerVisible: boolean;
  dealId: string | null;
  dealName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  amount: string;
  currency: string;
  paidAmount: string;
  balance: string;
  paymentCount: number;
  lastPaymentDate: string | null;
  signedDate: string | null;
  startDate: string | null;
  endDate: string | null;
  status: ContractStatus;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  createdByName: string | null;
  version: number;
  canEdit: boolean;
  canDelete: boolean;
  /** The caller sees it only because it is shared with him. */
  sharedWithMe: boolean;
}

export interface ContractInput {
  number?: string;
  title?: string;
  customerId?: string;
  dealId?: string | null;
  amount?: string;
  currency?: string;
  signedDate?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  status?: ContractStatus;
  notes?: string | null;
}

export interface CurrencyTotal {
  currency: string;
  contracts: number;
  amount: string;
  paidAmount: string;
  balance: string;
}

export interface ContractPage {
  items: Contract[];
  nextCursor: string | null;
  total: number | null;
  /** Per currency, for the whole filtered list (first page only). */
  totals: CurrencyTotal[] | null;
}

/** `owner`: '' everyone, 'me' or a member's id. Dates are 'YYYY-MM-DD' or ''. */
export interface ContractListFilters {
  q: string;
  owner: string;
  status: ContractStatus | '';
  signedFrom: string;
  signedTo: string;
  unpaid: boolean;
  sort: ContractSortKey;
  order: SortOrder;
}

export interface Payment {
  id: string;
  contractId: string;
  amount: string;
  receivedDate: string;
  method: PaymentMethod;
  reference: string | null;
  notes: string | null;
  /** What was still due once this payment (and those received before it) came in. */
  balanceAfter: string;
  createdAt: string;
  createdByName: string | null;
}

export interface PaymentInput {
  amount: string;
  receivedDate: string;
  method: PaymentMethod;
  reference?: string;
  notes?: string;
}

export interface PaymentList {
  items: Payment[];
  contract: { amount: string; currency: string; paidAmount: string; balance: string; canEdit: boolean };
}

export interface TrashedContract {
  id: string;
  number: string;
  title: string;
  customerName: string;
  amount: string;
  currency: string;
  deletedAt: string;
  deletedByName: string | null;
}

/** A member with finance read access (Settings → Members). */
export interface ContractReader {
  userId: string;
  name: string;
  email: string;
  role: string;
  status: string;
  grantedAt: string;
  grantedByName: string | null;
}
