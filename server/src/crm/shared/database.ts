import { ilike, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';

/** The database or an open transaction: repository methods that must join a caller's transaction take this. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Escapes LIKE wildcards so user input is matched literally. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** How a name search term is matched: a two-character term by its bigram, a longer one by ILIKE. */
export type NameMatch = 'bigram' | 'like';

export function nameMatchOf(term: string): NameMatch {
  return [...term].length === 2 ? 'bigram' : 'like';
}

/** The value nameMatchSql compares with: the term itself for a bigram, the LIKE pattern otherwise. */
export function nameMatchValue(term: string): string {
  return nameMatchOf(term) === 'bigram' ? term : `%${likeLiteral(term)}%`;
}

/** nameContains for a prepared statement: the match kind is part of its shape, `value` (nameMatchValue) a placeholder. */
export function nameMatchSql(column: AnyPgColumn, match: NameMatch, value: string | Placeholder): SQL {
  return match === 'bigram' ? sql`crm_bigrams(${column}) @> array[lower(${value})]::text[]` : ilike(column, value);
}

/**
 * "The name contains this term", case-insensitive, index-backed at any length from two characters: a two-character term
 * (a Chinese given name or "华通") holds no trigram for pg_trgm, so it is looked up as one bigram in the column's
 * crm_bigrams expression index; longer terms go to the trigram index through ILIKE.
 */
export function nameContains(column: AnyPgColumn, term: string): SQL {
  return nameMatchSql(column, nameMatchOf(term), nameMatchValue(term));
}
