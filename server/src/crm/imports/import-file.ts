import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError, raise } from '../../http/app-error.ts';
import { importErrors } from './import.errors.ts';
import { boundedXlsxArchive } from './xlsx-archive.ts';

export type ImportFormat = 'csv' | 'xlsx';

/** A data row with its number in the file (the header is row 1). */
export interface ImportRow {
  row: number;
  cells: string[];
}

export interface ParsedImportFile {
  headers: string[];
  rows: ImportRow[];
}

/** Columns read per row (no CRM field list comes near it); content further right is refused, empty cells ignored. */
export const MAX_COLUMNS = 200;

function refuseTooManyColumns(): never {
  raise(importErrors.TOO_MANY_COLUMNS, { max: String(MAX_COLUMNS) });
}

/** .csv or .xlsx, decided by the name and confirmed by the content (an XLSX file is a ZIP archive). */
export function importFormatOf(fileName: string, content: Uint8Array): ImportFormat {
  const lower = fileName.toLowerCase();
  const isZip =
    content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04;
  if (lower.endsWith('.xlsx')) {
    if (!isZip) raise(importErrors.FILE_MALFORMED);
    return 'xlsx';
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    if (isZip) raise(importErrors.FILE_UNSUPPORTED);
    return 'csv';
  }
  raise(importErrors.FILE_UNSUPPORTED);
}

/**
 * The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), and otherwise
 * GB18030, the superset of GBK in which Excel on Chinese Windows saves "CSV (comma delimited)".
 */
export function decodeCsv(content: Uint8Array): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(content.subarray(3));
  }
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content.subarray(2));
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

/** The delimiter that occurs most often in the first line outside quotes: comma, semicolon (European Excel) or tab. */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const character of text.slice(0, 64 * 1024)) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && counts.has(character)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Header + rows, blank rows dropped (they keep their place in the numbering); more than `maxRows` → 400. */
function collect(records: Iterable<ImportRow>, maxRows: number): ParsedImportFile {
  let headers: string[] | undefined;
  const rows: ImportRow[] = [];
  for (const record of records) {
    if (record.cells.length > MAX_COLUMNS && !isBlank(record.cells.slice(MAX_COLUMNS))) refuseTooManyColumns();
    const cells = record.cells.slice(0, MAX_COLUMNS).map((cell) => cell.trim());
    if (headers === undefined) {
      if (isBlank(cells)) raise(importErrors.FILE_EMPTY);
      headers = cells;
      continue;
    }
    if (isBlank(cells)) continue;
    if (rows.length >= maxRows) raise(importErrors.TOO_MANY_ROWS, { max: maxRows.toLocaleString('en') });
    rows.push({ row: record.row, cells });
  }
  if (!headers || rows.length === 0) raise(importErrors.FILE_EMPTY);
  return { headers, rows };
}

function parseCsv(content: Uint8Array, maxRows: number): ParsedImportFile {
  const text = decodeCsv(content);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 1024 * 1024,
    });
  } catch {
    raise(importErrors.FILE_MALFORMED);
  }
  return collect(
    records.map((cells, index) => ({ row: index + 1, cells })),
    maxRows,
  );
}

/** A cell as text. Formulas are kept as their text ("=SUM(A1:A3)") and never evaluated or replaced by a result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
  if ('sharedFormula' in value && typeof value.sharedFormula === 'string') return `=${value.sharedFormula}`;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return String(value.error);
  return '';
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = Array.isArray(row.values) ? row.values : [];
  const cells: string[] = [];
  // row.values is 1-based and sparse (forEach skips the holes, so a lone cell at column XFD costs one call).
  values.forEach((value, index) => {
    if (index > MAX_COLUMNS && cellText(value).trim() !== '') refuseTooManyColumns();
  });
  for (let index = 1; index < Math.min(values.length, MAX_COLUMNS + 1); index += 1) {
    cells.push(cellText(values[index]));
  }
  return cells;
}

/**
 * The first worksheet, streamed, so a file with too many rows is refused without reading it all. exceljs only sees
 * the parts the import reads, after their unpacked size and row widths were checked (xlsx-archive.ts); blank rows are
 * not kept (a sheet of a million empty rows must not become a million objects).
 */
async function parseXlsx(content: Uint8Array, maxRows: number): Promise<ParsedImportFile> {
  const archive = await boundedXlsxArchive(content);
  const rows: ImportRow[] = [];
  let filled = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([archive]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const cells = rowCells(row);
        // The first row is kept even when blank: collect() refuses a file whose header row is empty.
        if (isBlank(cells) && rows.length > 0) continue;
        rows.push({ row: row.number, cells });
        filled += isBlank(cells) ? 0 : 1;
        // Header + maxRows data rows + one more is enough to tell that it is too many.
        if (filled > maxRows + 1) break;
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    raise(importErrors.FILE_MALFORMED);
  }
  return collect(rows, maxRows);
}

export async function parseImportFile(
  format: ImportFormat,
  content: Uint8Array,
  maxRows: number,
): Promise<ParsedImportFile> {
  return format === 'csv' ? parseCsv(content, maxRows) : parseXlsx(content, maxRows);
}
