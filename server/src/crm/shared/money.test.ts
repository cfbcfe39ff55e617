import { describe, expect, it } from 'vitest';
import { amountField, currencyDecimals, currencyField, fromCents, hasCurrencyPrecision, normalizeAmount, toCents } from './money.ts';

describe('money', () => {
  it('converts between decimal strings and whole cents without floating point', () => {
    expect(toCents('0.1') + toCents('0.2')).toBe(toCents('0.3'));
    expect(fromCents(toCents('0.1') + toCents('0.2'))).toBe('0.30');
    expect(toCents('9999999999999999.99')).toBe(999_999_999_999_999_999n);
    expect(fromCents(10n ** 17n)).toBe('1000000000000000.00');
    expect(fromCents(-5n)).toBe('-0.05');
    expect(toCents('-12.3')).toBe(-1230n);
    expect(normalizeAmount('007.5')).toBe('7.50');
  });

  it('takes only positive amounts written as strings with at most two decimals', () => {
    for (const good of ['1', '0.01', '12.5', ' 42.00 ', '9999999999999999.99']) expect(amountField.safeParse(good).success, good).toBe(true);
    for (const bad of ['0', '0.00', '-1', '1.001', '1e3', '0x10', 'NaN', '', '.5', '1.', '10000000000000000', 12]) expect(amountField.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('knows ISO 4217 codes and their minor units', () => {
    expect(currencyField.parse(' usd ')).toBe('USD');
    expect(currencyField.safeParse('RMB').success).toBe(false);
    expect(currencyDecimals('CNY')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    // Three-decimal currencies are capped at the column's two.
    expect(currencyDecimals('KWD')).toBe(2);
    expect(hasCurrencyPrecision('100.00', 'JPY')).toBe(true);
    expect(hasCurrencyPrecision('100.50', 'JPY')).toBe(false);
  });
});
