import { z } from 'zod';

/**
 * Money as exact decimals. Amounts travel as strings ("1234.50") and are stored as numeric(18,2); arithmetic in
 * JavaScript is done on whole cents in BigInt, never in floating point, so 0.1 + 0.2 is 0.30 and 10^15 stays exact.
 */

/** The largest amount numeric(18,2) holds, in cents. */
const MAX_CENTS = 10n ** 18n - 1n;

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;

/**
 * A positive amount: digits, at most two decimals, below 10^16. A JSON number would already have lost precision, so
 * only strings are taken. (One refinement: zod runs every check, and BigInt must only see digits.)
 */
export const amountField = z
  .string()
  .trim()
  .refine((value) => AMOUNT.test(value) && toCents(value) > 0n);

/** The ISO 4217 codes this runtime knows (Intl's list of ~160 active currencies). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const currencyField = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => CURRENCIES.has(value));

export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const cents = BigInt(whole === '' ? '0' : whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** The same amount written as numeric(18,2) reads back ("1e3" never gets here; "7.5" → "7.50"). */
export function normalizeAmount(amount: string): string {
  return fromCents(toCents(amount));
}

export function fitsColumn(cents: bigint): boolean {
  return cents <= MAX_CENTS;
}

/**
 * How many decimals an amount in this currency may have: the currency's minor unit, capped at the column's two
 * (yen and won have none, so "100.50 JPY" is refused rather than stored as money that cannot be paid).
 */
export function currencyDecimals(currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return Math.min(2, digits);
}

export function hasCurrencyPrecision(amount: string, currency: string): boolean {
  const decimals = amount.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  return decimals <= currencyDecimals(currency);
}
