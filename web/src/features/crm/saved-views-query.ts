/** Address keys that say where in the list one is, not what it shows: never part of a saved view. */
const PAGING_KEYS = new Set(['cursor', 'page', 'pageSize', 'limit', 'offset']);
/** What the server accepts in a view's query (keys, pairs, value length). */
const VIEW_KEY = /^[a-zA-Z]{1,20}$/;
const MAX_PAIRS = 20;
const MAX_VALUE_LENGTH = 200;

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A list's filters and sort in one canonical form (`level=A&owner=me`): paging, empty values and keys a view cannot
 * hold are left out and the keys sorted, so the same filters always read the same, stored or in the address.
 */
export function normaliseViewQuery(search: URLSearchParams | string, exclude: readonly string[] = []): string {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const pairs = [...params.entries()].filter(
    ([key, value]) =>
      VIEW_KEY.test(key) &&
      !PAGING_KEYS.has(key) &&
      !exclude.includes(key) &&
      value !== '' &&
      value.length <= MAX_VALUE_LENGTH,
  );
  pairs.sort(
    ([leftKey, leftValue], [rightKey, rightValue]) => compare(leftKey, rightKey) || compare(leftValue, rightValue),
  );
  return new URLSearchParams(pairs.slice(0, MAX_PAIRS)).toString();
}

/** The view whose filters are those on screen (own views come first, so they win over a shared twin). */
export function findActiveView<View extends { query: string }>(
  views: readonly View[],
  currentQuery: string,
): View | undefined {
  return views.find((view) => normaliseViewQuery(view.query) === currentQuery);
}
