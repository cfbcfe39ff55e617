/** Deals and the pipeline as the API serves them (server/src/crm/deals/). */

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** The default stages' keys; the interface translates them (deals.stage.<key>). */
export const DEFAULT_STAGE_KEYS = ['qualify', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const;

export const MAX_STAGES = 20;

export interface Stage {
  id: string;
  /** A default stage's key, null for stages added later. */
  key: string | null;
  /** The name someone gave it; null: the default stage's translated name. */
  name: string | null;
  kind: StageKind;
  probability: number;
  position: number;
}

export const DEAL_SORT_KEYS = ['updatedAt', 'amount', 'expectedCloseDate', 'name'] as const;
export type DealSortKey = (typeof DEAL_SORT_KEYS)[number];

export interface Deal {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  contactId: string | null;
  contactName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Exact decimal string with two places: "1234.50". */
  amount: string;
  currency: string;
  stageId: string;
  stageKey: string | null;
  stageName: string | null;
  stageKind: StageKind;
  probability: number;
  /** 'YYYY-MM-DD' */
  expectedCloseDate: string | null;
  lostReason: string | null;
  closedAt: string | null;
  stageChangedAt: string;
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

export interface DealInput {
  name?: string;
  contactId?: string | null;
  amount?: string;
  currency?: string;
  probability?: number;
  expectedCloseDate?: string | null;
  notes?: string | null;
  stageId?: string;
  lostReason?: string;
}

export interface DealCreateInput extends DealInput {
  customerId: string;
  name: string;
  ownerId?: string;
}

/** Filters in the address; '' = not set. `owner`: '', 'me' or a member's id. */
export interface DealFilters {
  q: string;
  owner: string;
  stage: string;
  status: StageKind | '';
  closeFrom: string;
  closeTo: string;
  amountMin: string;
  amountMax: string;
  customerId: string;
  sort: DealSortKey;
  order: 'asc' | 'desc';
}

export interface Money {
  currency: string;
  amount: string;
}

export interface DealSum extends Money {
  status: StageKind;
  count: number;
}

export interface DealPage {
  items: Deal[];
  nextCursor: string | null;
  total: number | null;
  sums: DealSum[] | null;
}

export interface BoardColumn {
  stage: Stage;
  count: number;
  totals: Money[];
  items: Deal[];
  nextCursor: string | null;
}

export interface TrashedDeal {
  id: string;
  name: string;
  customerName: string;
  amount: string;
  currency: string;
  deletedAt: string;
  deletedByName: string | null;
  customerInTrash: boolean;
}
