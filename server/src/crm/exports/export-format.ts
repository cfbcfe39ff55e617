import { once } from 'node:events';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportFormat } from './export.schema.ts';

export type CellValue = string | number | Date | null;

/** One column of an export: its header in the requester's language, its width in Excel and how a row fills it. */
export interface ExportColumn<Row> {
  header: string;
  width: number;
  value: (row: Row) => CellValue;
  /** Dates with a time: shown as such in Excel (a CSV writes them as text). */
  timestamp?: boolean;
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * CSV/formula injection (ASVS 1.2.10, SECURITY AZ-06): a spreadsheet runs a cell that starts with = + - @ (or a tab
 * or carriage return, which some of them skip first) as a formula, so `=HYPERLINK("http://evil.test","x")` typed as a
 * customer name would become a live link. A leading apostrophe makes it text. The price is a visible ' before phone
 * numbers written as +86…, which is the trade-off OWASP recommends.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** To the second; the value is already the requester's wall-clock time (its zone is named in the column header). */
export function formatTimestamp(value: Date): string {
  return value.toISOString().slice(0, 19).replace('T', ' ');
}

/** RFC 6266 / RFC 5987: an ASCII name for old clients, the localized one (e.g. 客户-2026-12-05.csv) for the rest. */
export function contentDisposition(fileName: string, asciiFileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
}

function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return formatTimestamp(value);
  if (typeof value === 'number') return String(value);
  return neutraliseFormula(value);
}

function xlsxCell(value: CellValue): CellValue {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/**
 * UTF-8 with a byte order mark (without it Excel reads the file as the system code page and garbles Chinese), CRLF
 * line ends (RFC 4180). Rows are pulled from `rows` only as fast as the client reads: the pipeline's back-pressure
 * reaches the generator, and a client that goes away stops it (and its queries).
 */
export function csvStream<Row>(columns: ExportColumn<Row>[], rows: AsyncIterable<Row>): Readable {
  async function* lines() {
    yield columns.map((column) => column.header);
    for await (const row of rows) yield columns.map((column) => csvCell(column.value(row)));
  }
  const output = stringify({ bom: true, record_delimiter: 'windows' });
  pipeline(Readable.from(lines()), output, () => {
    // pipeline destroys both ends on failure; the reply then ends the connection (headers are already sent).
  });
  return output;
}

async function drainedOrClosed(stream: PassThrough): Promise<void> {
  const waiting = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: waiting.signal }), once(stream, 'close', { signal: waiting.signal })]);
  } finally {
    waiting.abort();
  }
}

/**
 * exceljs' streaming writer: each row is committed (written to the zip) as it comes, without shared strings, so memory
 * stays flat. The loop waits whenever the client is behind and stops when it is gone.
 */
export function xlsxStream<Row>(sheetName: string, columns: ExportColumn<Row>[], rows: AsyncIterable<Row>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    header: column.header,
    key: `c${index}`,
    width: column.width,
    ...(column.timestamp ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  const write = async () => {
    for await (const row of rows) {
      if (output.destroyed) return;
      sheet.addRow(columns.map((column) => xlsxCell(column.value(row)))).commit();
      if (output.writableNeedDrain) await drainedOrClosed(output);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
