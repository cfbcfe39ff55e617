/** The list's optional columns; the name is always shown. */
export const CUSTOMER_COLUMN_KEYS = [
  'owner',
  'level',
  'status',
  'source',
  'industry',
  'phone',
  'website',
  'tags',
  'contactCount',
  'lastFollowUpAt',
  'createdAt',
  'updatedAt',
] as const;
export type CustomerColumnKey = (typeof CUSTOMER_COLUMN_KEYS)[number];

export const DEFAULT_CUSTOMER_COLUMNS: CustomerColumnKey[] = [
  'owner',
  'level',
  'status',
  'phone',
  'contactCount',
  'lastFollowUpAt',
  'updatedAt',
];

export const CUSTOMER_COLUMNS_STORAGE_KEY = 'clientele.customers.columns';

/** A stored choice, ignoring what this version does not know (columns renamed or removed since). */
export function parseStoredColumns(stored: string | null): CustomerColumnKey[] {
  if (stored === null) {
    return DEFAULT_CUSTOMER_COLUMNS;
  }
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) {
      return DEFAULT_CUSTOMER_COLUMNS;
    }
    return CUSTOMER_COLUMN_KEYS.filter((key) => parsed.includes(key));
  } catch {
    return DEFAULT_CUSTOMER_COLUMNS;
  }
}

export function readStoredColumns(): CustomerColumnKey[] {
  try {
    return parseStoredColumns(localStorage.getItem(CUSTOMER_COLUMNS_STORAGE_KEY));
  } catch {
    return DEFAULT_CUSTOMER_COLUMNS;
  }
}

export function storeColumns(columns: CustomerColumnKey[]): void {
  try {
    localStorage.setItem(CUSTOMER_COLUMNS_STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Private mode or a full storage: the choice lasts for this visit only.
  }
}
