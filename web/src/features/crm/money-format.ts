/**
 * Money on screen. Amounts stay decimal strings: Intl formats the string itself (exact even above 2^53), and
 * percentages are computed on whole cents in BigInt.
 */

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(language: string, currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${language}|${currency}|${compact ? 'c' : 'f'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(language, {
      style: 'currency',
      currency,
      currencyDisplay: currency === 'CNY' && language === 'zh-CN' ? 'narrowSymbol' : 'symbol',
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "¥120,000.50", "US$1,000.00" (en) / "¥120,000.50", "US$1,000.00" (zh-CN): the currency's own digits. */
export function formatMoney(amount: string, currency: string, language: string): string {
  try {
    return formatterFor(language, currency, false).format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Short form for summary tiles ("¥1.2M", "¥120万"). */
export function formatMoneyCompact(amount: string, currency: string, language: string): string {
  try {
    return formatterFor(language, currency, true).format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const cents = BigInt(whole === '' ? '0' : whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -cents : cents;
}

/** Paid share of the amount in percent, 0–100, one decimal; exact for any size of amount. */
export function paidPercent(paidAmount: string, amount: string): number {
  const total = toCents(amount);
  if (total <= 0n) {
    return 0;
  }
  const tenths = (toCents(paidAmount) * 1000n) / total;
  return Math.min(100, Math.max(0, Number(tenths) / 10));
}

/** Decimals allowed when typing an amount in this currency (yen: none; at most two). */
export function currencyDecimals(currency: string): number {
  try {
    return Math.min(
      2,
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2,
    );
  } catch {
    return 2;
  }
}

/** The currencies offered first in pickers; any other ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD', 'TWD', 'KRW', 'AUD', 'CAD'] as const;

export function currencyOptions(language: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'currency' });
  const all = Intl.supportedValuesOf('currency');
  const rest = all.filter((code) => !(COMMON_CURRENCIES as readonly string[]).includes(code));
  return [...COMMON_CURRENCIES, ...rest].map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
}
