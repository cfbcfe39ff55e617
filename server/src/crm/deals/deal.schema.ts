import { z } from 'zod';
import { currencyField } from '../shared/money.ts';
import { isCalendarDate, optionalText, requiredText } from '../shared/fields.ts';
import { stageKinds, stageSchema } from './pipeline.schema.ts';

export const dealSorts = ['updatedAt', 'amount', 'expectedCloseDate', 'name'] as const;
export type DealSort = (typeof dealSorts)[number];

/** A record id in a body or query: not z.uuid(), so a malformed id answers 404 like an unknown one. */
const idField = z.string().max(100);
const versionField = z.number().int().min(1).max(2_147_483_647);
const probabilityField = z.number().int().min(0).max(100);
const dateField = z.string().trim().refine(isCalendarDate);
const optionalDate = z
  .union([z.literal(''), dateField])
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

/**
 * An amount of money as a decimal string ("1234.50"): zero or more, at most two decimals, below 10^16 (what
 * numeric(18,2) holds). Never a JSON number, which would already have lost precision.
 */
export const dealAmountField = z
  .string()
  .trim()
  .regex(/^\d{1,16}(\.\d{1,2})?$/);

/** Why a deal was lost; required when it enters a lost stage. */
const lostReasonField = optionalText(500);

const editableFields = {
  name: requiredText(200),
  contactId: idField.nullable().optional(),
  amount: dealAmountField.optional(),
  currency: currencyField.optional(),
  probability: probabilityField.optional(),
  expectedCloseDate: optionalDate,
  notes: optionalText(5000),
};

export const dealCreateBody = z.strictObject({
  ...editableFields,
  customerId: idField,
  /** Default: the pipeline's first open stage. */
  stageId: idField.optional(),
  lostReason: lostReasonField,
  /** Default: the creator. Sales may name only themselves, managers their team, owners and admins anyone. */
  ownerId: z.uuid().optional(),
});
export type DealCreateInput = z.infer<typeof dealCreateBody>;

/** The owner changes only through a transfer, the customer never. */
export const dealUpdateBody = z.strictObject({
  version: versionField,
  ...editableFields,
  name: editableFields.name.optional(),
  stageId: idField.optional(),
  lostReason: lostReasonField,
});
export type DealUpdateInput = z.infer<typeof dealUpdateBody>;

/** A move on the board. The probability follows the new stage unless it is given. */
export const dealStageBody = z.strictObject({
  stageId: idField,
  version: versionField,
  lostReason: lostReasonField,
  probability: probabilityField.optional(),
});
export type DealStageInput = z.infer<typeof dealStageBody>;

const filterFields = {
  q: z.string().trim().max(100).optional(),
  stageId: z.uuid().optional(),
  ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  customerId: idField.optional(),
  status: z.enum(stageKinds).optional(),
  closeFrom: dateField.optional(),
  closeTo: dateField.optional(),
  amountMin: dealAmountField.optional(),
  amountMax: dealAmountField.optional(),
  sort: z.enum(dealSorts).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

export const dealListQuery = z.strictObject({
  ...filterFields,
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type DealListQuery = z.infer<typeof dealListQuery>;

/** The board: the same filters, and how many cards each column starts with. */
export const dealBoardQuery = z.strictObject({ ...filterFields, limit: z.coerce.number().int().min(1).max(50).default(20) });
export type DealBoardQuery = z.infer<typeof dealBoardQuery>;

export const dealSchema = z.object({
  id: z.string(),
  name: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  contactId: z.string().nullable(),
  /** Null when the contact is gone (in the trash). */
  contactName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Exact decimal, two places: "1234.50". */
  amount: z.string(),
  currency: z.string(),
  stageId: z.string(),
  stageKey: z.string().nullable(),
  stageName: z.string().nullable(),
  stageKind: z.enum(stageKinds),
  probability: z.number(),
  expectedCloseDate: z.string().nullable(),
  lostReason: z.string().nullable(),
  closedAt: z.date().nullable(),
  stageChangedAt: z.date(),
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
export type Deal = z.infer<typeof dealSchema>;

const moneySchema = z.object({ currency: z.string(), amount: z.string() });

export const dealPageSchema = z.object({
  items: z.array(dealSchema),
  nextCursor: z.string().nullable(),
  /** First page only: how many deals match, and their amounts per status and currency (summed in SQL, exact). */
  total: z.number().nullable(),
  sums: z.array(z.object({ status: z.enum(stageKinds), currency: z.string(), amount: z.string(), count: z.number() })).nullable(),
});

export const dealBoardSchema = z.object({
  columns: z.array(
    z.object({
      stage: stageSchema,
      count: z.number(),
      totals: z.array(moneySchema),
      items: z.array(dealSchema),
      /** For GET /api/deals with stageId and the same filters and sort: the column's next cards. */
      nextCursor: z.string().nullable(),
    }),
  ),
});

export const dealTrashPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      customerName: z.string(),
      amount: z.string(),
      currency: z.string(),
      deletedAt: z.date(),
      deletedByName: z.string().nullable(),
      /** Trashed with its customer: it comes back when the customer does. */
      customerInTrash: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const dealTrashedSchema = z.object({ id: z.string(), deletedAt: z.date() });
