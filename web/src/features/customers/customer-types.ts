/** Customers as the API serves them (/tmp contract: server/src/crm/customers/). */

export const CUSTOMER_LEVELS = ['A', 'B', 'C'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];

export const CUSTOMER_SOURCES = [
  'referral',
  'website',
  'exhibition',
  'cold_call',
  'advertising',
  'partner',
  'other',
] as const;
export type CustomerSource = (typeof CUSTOMER_SOURCES)[number];

export const CUSTOMER_STATUSES = ['potential', 'active', 'inactive', 'lost'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_SORT_KEYS = ['name', 'createdAt', 'updatedAt', 'lastFollowUpAt', 'level'] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

export type SortOrder = 'asc' | 'desc';

export interface Customer {
  id: string;
  name: string;
  industry: string | null;
  level: CustomerLevel | null;
  source: CustomerSource | null;
  status: CustomerStatus;
  ownerId: string | null;
  ownerName: string | null;
  address: string | null;
  phone: string | null;
  website: string | null;
  tags: string[];
  notes: string | null;
  lastFollowUpAt: string | null;
  contactCount: number;
  /** Live deals of the customer that the user may see. */
  dealCount: number;
  createdAt: string;
  updatedAt: string;
  createdByName: string | null;
  version: number;
  canEdit: boolean;
  canDelete: boolean;
  /** The caller sees it only because it is shared with him. */
  sharedWithMe: boolean;
}

/** The fields a form sends; the owner only on create (afterwards it changes through a transfer). */
export interface CustomerInput {
  name: string;
  industry?: string | null;
  level?: CustomerLevel | null;
  source?: CustomerSource | null;
  status?: CustomerStatus;
  address?: string | null;
  phone?: string | null;
  website?: string | null;
  tags?: string[];
  notes?: string | null;
}

export interface CustomerCreateInput extends CustomerInput {
  ownerId?: string;
  allowDuplicate?: boolean;
}

/** `owner`: '' everyone, 'me', 'none' (the public pool) or a member's id. */
export interface CustomerListFilters {
  q: string;
  owner: string;
  level: CustomerLevel | '';
  status: CustomerStatus | '';
  source: CustomerSource | '';
  sort: CustomerSortKey;
  order: SortOrder;
}

export interface CursorPage<Item> {
  items: Item[];
  nextCursor: string | null;
  /** Exact count when cheap to compute (the first page); null otherwise. */
  total?: number | null;
}

/** A possible duplicate; `id` is null when it belongs to someone whose records the user cannot see. */
export interface DuplicateCustomer {
  id: string | null;
  name: string;
  ownerName: string | null;
}

export interface TrashedCustomer {
  id: string;
  name: string;
  deletedAt: string;
  deletedByName: string | null;
}

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface CustomerHistoryEntry {
  id: string;
  action: string;
  actorName: string | null;
  changes: Record<string, FieldChange> | null;
  /** 'customer' or 'contact': which record on the customer's timeline changed. */
  recordType: string;
  recordId: string;
  /** The contact's current name for contact_* entries. */
  contactName: string | null;
  /** What names the record when it is not the customer itself (the contact's name, the contract's number). */
  recordLabel: string | null;
  createdAt: string;
}
