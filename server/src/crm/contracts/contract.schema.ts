import { z } from 'zod';
import { isCalendarDate, optionalText, requiredText } from '../shared/fields.ts';
import { amountField, currencyField } from '../shared/money.ts';

export const contractStatuses = ['draft', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const paymentMethods = ['bank_transfer', 'cash', 'cheque', 'card', 'other'] as const;
export const contractSorts = ['signedDate', 'amount', 'updatedAt', 'number'] as const;
export type ContractSort = (typeof contractSorts)[number];

/** A record id in a body or query: not z.uuid(), so a malformed id answers 404 like an unknown one. */
const idField = z.string().max(100);
const dateField = z.string().trim().refine(isCalendarDate);
const optionalDate = z
  .union([z.literal(''), dateField])
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

const editableFields = {
  number: requiredText(50),
  title: requiredText(200),
  customerId: idField,
  /** A deal of the same customer, or null. */
  dealId: idField.nullable().optional(),
  amount: amountField,
  currency: currencyField.optional(),
  signedDate: optionalDate,
  startDate: optionalDate,
  endDate: optionalDate,
  status: z.enum(contractStatuses).optional(),
  notes: optionalText(5000),
};

export const contractCreateBody = z.strictObject({
  ...editableFields,
  /** Default: the creator. Sales may name only themselves, managers their team, owners and admins anyone. */
  ownerId: z.uuid().optional(),
});
export type ContractCreateInput = z.infer<typeof contractCreateBody>;

export const contractUpdateBody = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647),
  number: editableFields.number.optional(),
  title: editableFields.title.optional(),
  customerId: editableFields.customerId.optional(),
  dealId: editableFields.dealId,
  amount: editableFields.amount.optional(),
  currency: editableFields.currency,
  signedDate: optionalDate,
  startDate: optionalDate,
  endDate: optionalDate,
  status: editableFields.status,
  notes: editableFields.notes,
});
export type ContractUpdateInput = z.infer<typeof contractUpdateBody>;

export const contractListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  customerId: idField.optional(),
  dealId: idField.optional(),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  status: z.enum(contractStatuses).optional(),
  signedFrom: dateField.optional(),
  signedTo: dateField.optional(),
  /** "true": only contracts with money still to come (amount above the paid total). */
  unpaid: z.enum(['true', 'false']).optional(),
  sort: z.enum(contractSorts).default('signedDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ContractListQuery = z.infer<typeof contractListQuery>;

export const contractSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  /** Whether the caller may open the customer (a finance reader sees contracts of customers outside their scope). */
  customerVisible: z.boolean(),
  dealId: z.string().nullable(),
  /** Null when there is no deal or the caller may not see it. */
  dealName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  amount: z.string(),
  currency: z.string(),
  /** Sum of the live payments, exact ("0.00" when none). */
  paidAmount: z.string(),
  /** amount − paidAmount. */
  balance: z.string(),
  paymentCount: z.number(),
  lastPaymentDate: z.string().nullable(),
  signedDate: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  status: z.string(),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdByName: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  /** The caller sees it only because it is shared with him (the "Shared with you" tag). */
  sharedWithMe: z.boolean(),
});
export type Contract = z.infer<typeof contractSchema>;

/** Totals of the filtered contracts per currency (first page only, like the count). */
export const currencyTotalSchema = z.object({ currency: z.string(), contracts: z.number(), amount: z.string(), paidAmount: z.string(), balance: z.string() });

export const contractPageSchema = z.object({
  items: z.array(contractSchema),
  nextCursor: z.string().nullable(),
  total: z.number().nullable(),
  totals: z.array(currencyTotalSchema).nullable(),
});

export const contractTrashPageSchema = z.object({
  items: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), customerName: z.string(), amount: z.string(), currency: z.string(), deletedAt: z.date(), deletedByName: z.string().nullable() })),
  nextCursor: z.string().nullable(),
});

export const contractTransferBody = z.strictObject({
  ids: z.array(idField).min(1).max(500),
  toUserId: z.uuid(),
  note: optionalText(500),
});

export const paymentCreateBody = z.strictObject({
  amount: amountField,
  receivedDate: dateField,
  method: z.enum(paymentMethods),
  reference: optionalText(100),
  notes: optionalText(2000),
});
export type PaymentCreateInput = z.infer<typeof paymentCreateBody>;

export const paymentSchema = z.object({
  id: z.string(),
  contractId: z.string(),
  amount: z.string(),
  receivedDate: z.string(),
  method: z.string(),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  /** The contract's balance once this payment (and those before it, by received date) had come in. */
  balanceAfter: z.string(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const paymentListSchema = z.object({
  items: z.array(paymentSchema),
  contract: z.object({ amount: z.string(), currency: z.string(), paidAmount: z.string(), balance: z.string(), canEdit: z.boolean() }),
});
