import { describe, expect, it } from 'vitest';
import { domainSearchTerm, nameKeyOf, phoneDigitsOf, phoneSearchDigits, websiteDomainOf } from './fields.ts';
import { decodeCursor, encodeCursor, type SortKey } from './keyset.ts';

describe('CRM field normalisation', () => {
  it('derives the duplicate keys', () => {
    expect(nameKeyOf('  Acme   Trading Ltd ')).toBe(nameKeyOf('acme trading ltd'));
    expect(nameKeyOf('ＡＣＭＥ　贸易')).toBe('acme贸易');
    expect(phoneDigitsOf('0755-2878 0808', 'CN')).toBe(phoneDigitsOf('+86 755 2878 0808', 'CN'));
    expect(phoneDigitsOf('138 0013 8000', null)).toBe('8613800138000');
    expect(phoneDigitsOf('ext 12', null)).toBeNull();
    expect(phoneDigitsOf(null, null)).toBeNull();
    expect(websiteDomainOf('https://www.Example.COM/about?x=1')).toBe('example.com');
    expect(websiteDomainOf('example.com.')).toBe('example.com');
    expect(websiteDomainOf('not a website')).toBeNull();
    expect(websiteDomainOf('localhost')).toBeNull();
  });

  it('reads a search term as phone digits or a domain only when it looks like one', () => {
    expect(phoneSearchDigits('2878 0808', null)).toEqual(['28780808']);
    expect(phoneSearchDigits('13800138000', null)).toEqual(['13800138000', '8613800138000']);
    expect(phoneSearchDigits('3M', null)).toEqual([]);
    expect(phoneSearchDigits('12', null)).toEqual([]);
    expect(domainSearchTerm('https://www.acme.com/x')).toBe('acme.com');
    expect(domainSearchTerm('华为')).toBeNull();
    expect(domainSearchTerm('acme ltd')).toBeNull();
  });

  it('round-trips a cursor and refuses one made for another sort', () => {
    const key = { kind: 'timestamp', nullable: true } as SortKey;
    const id = '0b7e3c1e-8a4f-4c7a-9d1e-2f3a4b5c6d7e';
    const at = new Date('2025-03-04T05:06:07.089Z');
    expect(decodeCursor(encodeCursor('lastFollowUpAt', 'desc', at, id), 'lastFollowUpAt', 'desc', key)).toEqual({ value: at.toISOString(), id });
    expect(decodeCursor(encodeCursor('lastFollowUpAt', 'asc', null, id), 'lastFollowUpAt', 'asc', key)).toEqual({ value: null, id });
    expect(() => decodeCursor(encodeCursor('lastFollowUpAt', 'asc', null, id), 'lastFollowUpAt', 'desc', key)).toThrow('crm.bad_cursor');
  });
});
