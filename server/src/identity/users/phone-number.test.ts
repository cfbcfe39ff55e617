import { describe, expect, it } from 'vitest';
import { normalizeIdentifier, normalizePhone } from './user.service.ts';
import { countryCallingCodeOf, parseMobileNumber } from './phone-number.ts';

describe('phone numbers (libphonenumber-js, E.164)', () => {
  it('keeps the sign-in behaviour: bare mainland mobiles and +CC numbers, no organisation needed', () => {
    expect(normalizePhone('13800138000')).toBe('+8613800138000');
    expect(normalizePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('+86 138-0013-8000')).toBe('+8613800138000');
    expect(normalizePhone('008613800138000')).toBe('+8613800138000');
    expect(normalizePhone('＋８６ １３８００１３８０００')).toBe('+8613800138000');
    expect(normalizePhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalizePhone('+44 7911 123456')).toBe('+447911123456');
    // Without a region, a national number of another country cannot be read.
    expect(normalizePhone('(415) 555-2671')).toBeNull();
    expect(normalizeIdentifier('  138 0013 8000 ')).toEqual({ kind: 'phone', value: '+8613800138000' });
    expect(normalizeIdentifier('Li.Na@Example.COM')).toEqual({ kind: 'email', value: 'li.na@example.com' });
  });

  it('reads national numbers in the organisation region', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
    expect(normalizePhone('13800138000', 'CN')).toBe('+8613800138000');
  });

  it('refuses what is not a real number', () => {
    for (const input of ['', '12345', '+8612345678901', 'abc', '+0123456789', '1380013800O', '+86 138 0013 8000 ext 5', '1'.repeat(40)]) {
      expect(normalizePhone(input)).toBeNull();
    }
  });

  it('accepts only numbers that can receive texts where the numbering plan tells', () => {
    expect(parseMobileNumber('13800138000', 'CN')).toEqual({ ok: true, e164: '+8613800138000', countryCallingCode: '86' });
    expect(parseMobileNumber('010 6552 9988', 'CN')).toEqual({ ok: false, reason: 'not_mobile' });
    expect(parseMobileNumber('+44 20 7183 8750')).toEqual({ ok: false, reason: 'not_mobile' });
    expect(parseMobileNumber('+44 800 123 4567')).toEqual({ ok: false, reason: 'not_mobile' });
    expect(parseMobileNumber('+44 7911 123456')).toMatchObject({ ok: true, e164: '+447911123456' });
    // North American numbers do not say whether they are mobile: accepted.
    expect(parseMobileNumber('+1 415 555 2671')).toMatchObject({ ok: true });
    expect(parseMobileNumber('garbage')).toEqual({ ok: false, reason: 'invalid' });
    expect(countryCallingCodeOf('+8613800138000')).toBe('86');
  });
});
