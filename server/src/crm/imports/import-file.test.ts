import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { deflateBomb, deflated, zipOf, type TestEntry } from '../../../test/zip-archives.ts';
import { AppError } from '../../http/app-error.ts';
import { booleanOf, enumValueOf, suggestMapping, tagsOf } from './import-fields.ts';
import { decodeCsv, importFormatOf, parseImportFile } from './import-file.ts';
import { XLSX_MAX_ENTRIES, XLSX_MAX_UNPACKED_BYTES } from './xlsx-archive.ts';

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const inlineCell = (address: string, text: string) => `<c r="${address}" t="inlineStr"><is><t>${text}</t></is></c>`;
const sharedStringsXml = (strings: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${SPREADSHEET_NS}">${strings.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`;

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

  it('reads a hand-written workbook (shared and inline strings, no styles or relationships) through the bounded reader', async () => {
    const content = zipOf([
      deflated(
        'xl/worksheets/sheet1.xml',
        sheetXml(
          `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
            `<row r="2"/><row r="3">${inlineCell('A3', 'Acme')}<c r="B3"><v>42</v></c></row>`,
        ),
      ),
      deflated('xl/sharedStrings.xml', sharedStringsXml(['Name', 'Phone'])),
    ]);
    const parsed = await parseImportFile('xlsx', content, 10);
    expect(parsed).toEqual({ headers: ['Name', 'Phone'], rows: [{ row: 3, cells: ['Acme', '42'] }] });
  });

  it('attack: a sharedStrings.xml whose header admits it unpacks past the bound is refused before anything is inflated', async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 'A');
    const copies = XLSX_MAX_UNPACKED_BYTES / megabyte.length + 1;
    const bomb = deflateBomb(megabyte, copies);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const content = zipOf([
      deflated('xl/worksheets/sheet1.xml', sheetXml(`<row r="1">${inlineCell('A1', 'Name')}</row>`)),
      { name: 'xl/sharedStrings.xml', data: bomb, declaredSize: copies * megabyte.length },
    ]);
    expect(await codeOf(parseImportFile('xlsx', content, 10))).toBe('crm.import_xlsx_too_large');
  });

  it('attack: a sharedStrings.xml that inflates to far more than its header says (past the bound) stops at the declared size', async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 'A');
    const bomb = deflateBomb(megabyte, XLSX_MAX_UNPACKED_BYTES / megabyte.length + 64);
    const header = sharedStringsXml(['Name']);
    const content = zipOf([
      deflated('xl/worksheets/sheet1.xml', sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)),
      // Claims to be a small table; inflating it would produce 320 MB.
      { name: 'xl/sharedStrings.xml', data: bomb, declaredSize: header.length },
    ]);
    const before = process.memoryUsage().rss;
    expect(await codeOf(parseImportFile('xlsx', content, 10))).toBe('crm.import_file_malformed');
    // Nothing near the inflated size was ever held (a generous margin: the test process itself moves around).
    expect(process.memoryUsage().rss - before).toBeLessThan(XLSX_MAX_UNPACKED_BYTES / 2);
  });

  it('attack: the bound counts every part the import reads together, while other parts of the archive are never inflated', async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 'A');
    const half = XLSX_MAX_UNPACKED_BYTES / 2;
    const padding = (name: string, size: number): TestEntry => ({
      name,
      data: deflateBomb(megabyte, size / megabyte.length),
      declaredSize: size,
    });
    const sheet = deflated(
      'xl/worksheets/sheet1.xml',
      sheetXml(`<row r="1">${inlineCell('A1', 'Name')}</row><row r="2">${inlineCell('A2', 'Acme')}</row>`),
    );
    // Two parts of half the bound each, plus the sheet: over it.
    expect(
      await codeOf(
        parseImportFile(
          'xlsx',
          zipOf([padding('xl/styles.xml', half), padding('xl/sharedStrings.xml', half), sheet]),
          10,
        ),
      ),
    ).toBe('crm.import_xlsx_too_large');
    // The same bytes in parts the import never reads (media, a second sheet) cost nothing.
    const parsed = await parseImportFile(
      'xlsx',
      zipOf([sheet, padding('xl/media/image1.png', half), padding('xl/worksheets/sheet2.xml', half)]),
      10,
    );
    expect(parsed.rows).toEqual([{ row: 2, cells: ['Acme'] }]);
  });

  it('attack: an archive of more entries than any workbook has is refused from its directory', async () => {
    const entries = Array.from({ length: XLSX_MAX_ENTRIES + 1 }, (_, index) => deflated(`xl/media/${index}.bin`, 'x'));
    entries.unshift(deflated('xl/worksheets/sheet1.xml', sheetXml(`<row r="1">${inlineCell('A1', 'Name')}</row>`)));
    expect(await codeOf(parseImportFile('xlsx', zipOf(entries), 10))).toBe('crm.import_xlsx_too_large');
  });

  it('attack: a sheet with 300 filled columns, or a row of a million cells, is a 400; empty cells past the limit are ignored', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Wide');
    sheet.addRow(Array.from({ length: 300 }, (_, index) => `Column ${index + 1}`));
    sheet.addRow(Array.from({ length: 300 }, (_, index) => `value ${index + 1}`));
    const wide = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await codeOf(parseImportFile('xlsx', wide, 10))).toBe('crm.import_too_many_columns');

    // One row of 1,000,000 cell elements (all the same address, so exceljs alone would happily build the row).
    const cells = `<c r="B2"><v>1</v></c>`.repeat(1_000_000);
    const million = zipOf([
      deflated(
        'xl/worksheets/sheet1.xml',
        sheetXml(`<row r="1">${inlineCell('A1', 'Name')}</row><row r="2">${cells}</row>`),
      ),
    ]);
    expect(await codeOf(parseImportFile('xlsx', million, 10))).toBe('crm.import_too_many_columns');

    // Styled empty cells far to the right (as Excel writes for a formatted range) are not content.
    const styled = zipOf([
      deflated(
        'xl/worksheets/sheet1.xml',
        sheetXml(
          `<row r="1">${inlineCell('A1', 'Name')}<c r="ZZ1" s="1"/></row><row r="2">${inlineCell('A2', 'Acme')}<c r="XFD2"/></row>`,
        ),
      ),
    ]);
    expect((await parseImportFile('xlsx', styled, 10)).rows).toEqual([{ row: 2, cells: ['Acme'] }]);

    const csv = Buffer.from(
      [Array.from({ length: 300 }, (_, index) => `H${index}`), Array.from({ length: 300 }, () => 'x')]
        .map((row) => row.join(','))
        .join('\n'),
    );
    expect(await codeOf(parseImportFile('csv', csv, 10))).toBe('crm.import_too_many_columns');
    const trailingCommas = Buffer.from(`Name${','.repeat(300)}\nAcme${','.repeat(300)}\n`);
    const parsedCsv = await parseImportFile('csv', trailingCommas, 10);
    expect(parsedCsv.rows.map((entry) => [entry.row, entry.cells[0], entry.cells.length])).toEqual([[2, 'Acme', 200]]);
  });

  it('attack: a sheet of a hundred thousand blank rows keeps none of them and still stops at the row limit', async () => {
    const blank = Array.from({ length: 100_000 }, (_, index) => `<row r="${index + 2}"/>`).join('');
    const filled = Array.from(
      { length: 5 },
      (_, index) => `<row r="${100_002 + index}">${inlineCell(`A${100_002 + index}`, `R${index}`)}</row>`,
    ).join('');
    const content = zipOf([
      deflated('xl/worksheets/sheet1.xml', sheetXml(`<row r="1">${inlineCell('A1', 'Name')}</row>${blank}${filled}`)),
    ]);
    expect((await parseImportFile('xlsx', content, 5)).rows.map((entry) => entry.row)).toEqual([
      100_002, 100_003, 100_004, 100_005, 100_006,
    ]);
    expect(await codeOf(parseImportFile('xlsx', content, 4))).toBe('crm.import_too_many_rows');
  });
});
