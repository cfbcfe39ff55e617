import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/app-error.ts';
import { booleanOf, enumValueOf, suggestMapping, tagsOf } from './import-fields.ts';
import { decodeCsv, importFormatOf, parseImportFile } from './import-file.ts';

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('import files', () => {
  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, and falls back to GB18030 for bytes that are not UTF-8', () => {
    expect(decodeCsv(Buffer.from('\ufeff客户,x', 'utf8'))).toBe('客户,x');
    expect(decodeCsv(Buffer.from('客户,x', 'utf8'))).toBe('客户,x');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t行业', 'utf16le')]))).toBe(
      '名称\t行业',
    );
    // "客户" in GBK/GB18030 is BF CD BB A7: not valid UTF-8.
    expect(decodeCsv(Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0x78]))).toBe('客户,x');
  });

  it('numbers rows as in the file (header = 1), skips blank rows without renumbering, keeps formula-looking text as is', async () => {
    const parsed = await parseImportFile(
      'csv',
      Buffer.from('Name,Phone\r\n=1+2,+86 1\r\n\r\n,,\r\n"Multi\nline",@x\r\n'),
      10,
    );
    expect(parsed.headers).toEqual(['Name', 'Phone']);
    expect(parsed.rows).toEqual([
      { row: 2, cells: ['=1+2', '+86 1'] },
      { row: 5, cells: ['Multi\nline', '@x'] },
    ]);
    const tabs = await parseImportFile('csv', Buffer.from('Name\tIndustry\nA, B\tC\n'), 10);
    expect(tabs.rows[0]?.cells).toEqual(['A, B', 'C']);
  });

  it('counts data rows against the limit and refuses one more', async () => {
    const file = (rows: number) =>
      Buffer.from(['Name', ...Array.from({ length: rows }, (_, index) => `R${index}`)].join('\n'));
    expect((await parseImportFile('csv', file(3), 3)).rows).toHaveLength(3);
    expect(await codeOf(parseImportFile('csv', file(4), 3))).toBe('crm.import_too_many_rows');
  });

  it('reads the first worksheet of an XLSX: formulas as their text, never their result; numbers, dates, rich text; stops at the limit', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('First');
    sheet.addRow(['Name', 'Amount', 'Since', 'Note']);
    sheet.addRow(['Acme', 12.5, new Date(Date.UTC(2024, 0, 31)), { richText: [{ text: 'bold ' }, { text: 'plain' }] }]);
    sheet.getCell('A3').value = { formula: 'HYPERLINK("http://evil.test","x")', result: 'x' };
    workbook.addWorksheet('Second').addRow(['ignored']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(importFormatOf('list.XLSX', content)).toBe('xlsx');
    const parsed = await parseImportFile('xlsx', content, 10);
    expect(parsed.headers).toEqual(['Name', 'Amount', 'Since', 'Note']);
    expect(parsed.rows).toEqual([
      { row: 2, cells: ['Acme', '12.5', '2024-01-31', 'bold plain'] },
      { row: 3, cells: ['=HYPERLINK("http://evil.test","x")'] },
    ]);
    expect(await codeOf(parseImportFile('xlsx', content, 1))).toBe('crm.import_too_many_rows');
    expect(await codeOf(Promise.resolve().then(() => importFormatOf('list.csv', content)))).toBe(
      'crm.import_file_unsupported',
    );
  });

  it('suggests a mapping from English and Chinese headers, each field once; reads enum labels, yes/no and tag lists', () => {
    expect(suggestMapping('customer', ['公司名称', 'Level', '客户来源', 'Tel', 'Owner E-mail', 'Company'])).toEqual({
      '0': 'name',
      '1': 'level',
      '2': 'source',
      '3': 'phone',
      '4': 'ownerEmail',
    });
    expect(suggestMapping('contact', ['Name', 'Company', '手机', 'E-mail', '是否主联系人'])).toEqual({
      '0': 'name',
      '1': 'customerName',
      '2': 'mobile',
      '3': 'email',
      '4': 'isPrimary',
    });
    expect(['referral', 'Referral', '转介绍', '客户转介绍'].map((cell) => enumValueOf('source', cell))).toEqual([
      'referral',
      'referral',
      'referral',
      'referral',
    ]);
    expect([
      enumValueOf('level', 'a'),
      enumValueOf('status', '合作中'),
      enumValueOf('source', 'Trade show'),
      enumValueOf('level', 'D'),
    ]).toEqual(['A', 'active', 'exhibition', undefined]);
    expect(['yes', '是', '0', 'FALSE', 'maybe'].map(booleanOf)).toEqual([true, true, false, false, undefined]);
    expect(tagsOf('vip, 华东；重点、 a，b;')).toEqual(['vip', '华东', '重点', 'a', 'b']);
  });
});
