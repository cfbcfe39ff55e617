import { formatDateTime } from './format';

/** A timestamp that never wraps inside a table cell. */
export function DateTimeText({ value }: { value: string | null | undefined }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(value)}</span>;
}
