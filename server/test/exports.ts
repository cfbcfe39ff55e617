import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';

/** RFC 4180 as the export writes it (quoted fields may hold commas, quotes and line breaks). Keeps the BOM, if any. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += character;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The body of a CSV export without its byte order mark, as rows; fails when the BOM is missing. */
export function csvRows(response: LightMyRequestResponse): string[][] {
  const bytes = response.rawPayload;
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('no UTF-8 byte order mark');
  return parseCsv(bytes.subarray(3).toString('utf8'));
}

/** The first sheet of an XLSX export as plain values, row by row (header first). */
export async function xlsxRows(response: LightMyRequestResponse): Promise<{ name: string; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares an older Buffer type than @types/node 20.
  await workbook.xlsx.load(response.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return { name: sheet.name, rows };
}
