/** Leads as the API serves them (server/src/crm/leads/). */

export const LEAD_SOURCES = [
  'referral',
  'website',
  'exhibition',
  'cold_call',
  'advertising',
  'partner',
  'other',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** What a form may set: "converted" only comes from converting. */
export const EDITABLE_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export type EditableLeadStatus = (typeof EDITABLE_LEAD_STATUSES)[number];

export interface Lead {
  id: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  source: LeadSource | null;
  status: LeadStatus;
  unqualifiedReason: string | null;
  notes: string | null;
  ownerId: string | null;
  ownerName: string | null;
  convertedAt: string | null;
  convertedCustomerId: string | null;
  /** Null when the customer is not visible to the user (or in the trash). */
  convertedCustomerName: string | null;
  convertedContactId: string | null;
  convertedDealId: string | null;
  createdAt: string;
  updatedAt: string;
  createdByName: string | null;
  version: number;
  /** False for a converted lead: it is read-only. */
  canEdit: boolean;
  canDelete: boolean;
  /** The caller sees it only because it is shared with him. */
  sharedWithMe: boolean;
}

export interface LeadInput {
  name: string;
  company?: string | null;
  phone?: string | null;
  email?: string | null;
  source?: LeadSource | null;
  status?: EditableLeadStatus;
  unqualifiedReason?: string | null;
  notes?: string | null;
}

export interface LeadCreateInput extends LeadInput {
  ownerId?: string;
}

/** `owner`: '' everyone, 'me', 'none' (the pool) or a member's id. */
export interface LeadListFilters {
  q: string;
  owner: string;
  status: LeadStatus | '';
  source: LeadSource | '';
}

export interface LeadConvertInput {
  customer: { id: string } | { name: string; phone?: string; source?: LeadSource; allowDuplicate?: boolean };
  contact: { name: string; title?: string; mobile?: string; email?: string };
  deal?: { name: string; amount?: string; currency?: string; stageId?: string };
}

export interface LeadConverted {
  lead: Lead;
  customerId: string;
  contactId: string;
  dealId: string | null;
}
