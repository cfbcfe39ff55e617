import { describe, expect, it } from 'vitest';
import { contentDisposition, formatTimestamp, neutraliseFormula } from './export-format.ts';

describe('export cells and headers', () => {
  it('prefixes cells a spreadsheet would run as a formula with an apostrophe, and only those', () => {
    for (const value of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil.test","x")']) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
    for (const value of ['', 'Acme', '1-2', 'a=b', ' =1', '张伟', "'quoted"]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });

  it('names the file for old clients in ASCII and for the rest in UTF-8 (RFC 5987)', () => {
    expect(contentDisposition('客户-2026-12-05.csv', 'customers-2026-12-05.csv')).toBe(
      `attachment; filename="customers-2026-12-05.csv"; filename*=UTF-8''%E5%AE%A2%E6%88%B7-2026-12-05.csv`,
    );
    expect(contentDisposition("it's (new)*.csv", 'x.csv')).toBe(`attachment; filename="x.csv"; filename*=UTF-8''it%27s%20%28new%29%2A.csv`);
  });

  it('writes timestamps in UTC to the second', () => {
    expect(formatTimestamp(new Date('2026-12-05T08:09:10.123Z'))).toBe('2026-12-05 08:09:10');
  });
});
