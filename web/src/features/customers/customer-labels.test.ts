import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { fieldLabel, formatChangeValue, telHref, websiteHref, websiteLabel } from './customer-labels';

// A stand-in for i18next's t: returns the key (or the default value) so the tests see what was asked for.
const t = ((key: string, options?: { defaultValue?: string }) =>
  key === 'customers.status.active' ? 'Active' : (options?.defaultValue ?? key)) as unknown as TFunction;

describe('websiteHref', () => {
  it('links a bare domain over https', () => {
    expect(websiteHref('example.com')).toBe('https://example.com/');
    expect(websiteHref('  http://shop.example.cn/path ')).toBe('http://shop.example.cn/path');
  });

  it('never links other schemes', () => {
    expect(websiteHref('javascript:alert(1)')).toBeNull();
    expect(websiteHref('JavaScript:alert(1)')).toBeNull();
    expect(websiteHref('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(websiteHref('ftp://example.com')).toBeNull();
    expect(websiteHref('')).toBeNull();
    expect(websiteHref(null)).toBeNull();
  });

  it('shows the address without the scheme', () => {
    expect(websiteLabel('https://example.com/')).toBe('example.com');
  });
});

describe('telHref', () => {
  it('keeps digits and the plus sign', () => {
    expect(telHref('+86 (755) 2878-0808')).toBe('tel:+8675528780808');
  });
});

describe('formatChangeValue', () => {
  it('translates coded values and shows empties as a dash', () => {
    expect(formatChangeValue(t, 'status', 'active')).toBe('Active');
    expect(formatChangeValue(t, 'level', 'A')).toBe('A');
    expect(formatChangeValue(t, 'industry', null)).toBe('—');
    expect(formatChangeValue(t, 'tags', [])).toBe('—');
    expect(formatChangeValue(t, 'tags', ['vip', 'north'])).toBe('vip, north');
  });

  it('names members behind ids, and never shows a raw id', () => {
    const id = '0b7d5a8e-7a52-4a5e-9a43-2a0c1e0d9f11';
    expect(formatChangeValue(t, 'ownerId', id, (candidate) => (candidate === id ? 'Dan' : undefined))).toBe('Dan');
    expect(formatChangeValue(t, 'ownerId', id)).toBe('customers.history.someone');
    expect(formatChangeValue(t, 'owner', { id, name: 'Eve' })).toBe('Eve');
  });
});

describe('fieldLabel', () => {
  it("labels a contact's fields as contact fields", () => {
    const labels = ((key: string, options?: { defaultValue?: string }) =>
      ({ 'customers.field.name': 'Customer name', 'contacts.field.name': 'Name' })[key] ??
      options?.defaultValue ??
      key) as unknown as TFunction;
    expect(fieldLabel(labels, 'name')).toBe('Customer name');
    expect(fieldLabel(labels, 'name', 'contact')).toBe('Name');
    expect(fieldLabel(labels, 'mystery', 'contact')).toBe('mystery');
  });
});
