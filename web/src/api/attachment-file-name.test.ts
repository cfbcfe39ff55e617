import { describe, expect, it } from 'vitest';
import { attachmentFileName } from './client';

describe('attachmentFileName', () => {
  it('prefers the UTF-8 name (RFC 5987), then the quoted ASCII one, then the fallback', () => {
    expect(
      attachmentFileName(
        `attachment; filename="customers-2026-12-05.csv"; filename*=UTF-8''%E5%AE%A2%E6%88%B7-2026-12-05.csv`,
        'x.csv',
      ),
    ).toBe('客户-2026-12-05.csv');
    expect(attachmentFileName('attachment; filename="contacts-2026-12-05.xlsx"', 'x.xlsx')).toBe(
      'contacts-2026-12-05.xlsx',
    );
    expect(attachmentFileName(`attachment; filename="a.csv"; filename*=UTF-8''%E5%AE`, 'x.csv')).toBe('a.csv');
    expect(attachmentFileName(null, 'customers.csv')).toBe('customers.csv');
  });
});
