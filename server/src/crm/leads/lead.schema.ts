import { z } from 'zod';
import { contactCreateBody } from '../contacts/contact.schema.ts';
import { customerCreateBody, duplicatesSchema } from '../customers/customer.schema.ts';
import { dealAmountField } from '../deals/deal.schema.ts';
import { optionalText, requiredText } from '../shared/fields.ts';
import { currencyField } from '../shared/money.ts';

export const leadSources = ['referral', 'website', 'exhibition', 'cold_call', 'advertising', 'partner', 'other'] as const;
export const leadStatuses = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
/** What a user may set; "converted" comes only from POST /api/leads/:id/convert. */
export const editableLeadStatuses = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export const leadSorts = ['name', 'createdAt', 'updatedAt'] as const;
export type LeadSort = (typeof leadSorts)[number];

/** Trimmed and lower-cased; an empty string clears it. */
const emailField = z
  .string()
  .trim()
  .max(254)
  .transform((value) => value.toLowerCase())
  .pipe(z.union([z.literal(''), z.email()]))
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

const editableFields = {
  name: requiredText(100),
  company: optionalText(200),
  phone: optionalText(50),
  email: emailField,
  source: z.enum(leadSources).nullable().optional(),
  status: z.enum(editableLeadStatuses).optional(),
  unqualifiedReason: optionalText(500),
  notes: optionalText(5000),
};

export const leadCreateBody = z.strictObject({
  ...editableFields,
  /** Default: the creator. null puts the lead in the pool (crm.writeAll only). */
  ownerId: z.uuid().nullable().optional(),
});
export type LeadCreateInput = z.infer<typeof leadCreateBody>;

export const leadUpdateBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647), ...editableFields, name: editableFields.name.optional() });
export type LeadUpdateInput = z.infer<typeof leadUpdateBody>;

export const leadListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  status: z.enum(leadStatuses).optional(),
  source: z.enum(leadSources).optional(),
  sort: z.enum(leadSorts).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type LeadListQuery = z.infer<typeof leadListQuery>;

/** The customer's fields without the owner (the lead's owner, see lead-conversion.ts). */
const { ownerId: _ownerId, ...newCustomerShape } = customerCreateBody.shape;
const { customerId: _customerId, ...contactShape } = contactCreateBody.shape;

/** Convert: into an existing customer ({id}) or a new one; the contact always; the deal when given. */
export const leadConvertBody = z.strictObject({
  customer: z.union([z.strictObject({ id: z.string().max(100) }), z.strictObject(newCustomerShape)]),
  contact: z.strictObject(contactShape),
  deal: z
    .strictObject({
      name: requiredText(200),
      amount: dealAmountField.optional(),
      currency: currencyField.optional(),
      /** Default: the pipeline's first open stage. */
      stageId: z.string().max(100).optional(),
    })
    .optional(),
});
export type LeadConvertInput = z.infer<typeof leadConvertBody>;

export const leadSchema = z.object({
  id: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  source: z.string().nullable(),
  status: z.string(),
  unqualifiedReason: z.string().nullable(),
  notes: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  convertedAt: z.date().nullable(),
  convertedCustomerId: z.string().nullable(),
  convertedCustomerName: z.string().nullable(),
  convertedContactId: z.string().nullable(),
  convertedDealId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdByName: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  /** The caller sees it only because it is shared with him (the "Shared with you" tag). */
  sharedWithMe: z.boolean(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadPageSchema = z.object({ items: z.array(leadSchema), nextCursor: z.string().nullable(), total: z.number().nullable() });
export const leadConvertedSchema = z.object({ lead: leadSchema, customerId: z.string(), contactId: z.string(), dealId: z.string().nullable() });
/** 409: crm.possible_duplicate (with the look-alikes) or crm.lead_converted (without). */
export const leadConflictSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: duplicatesSchema.optional() }) });
