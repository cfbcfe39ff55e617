import { createInflateRaw } from 'node:zlib';
import { AppError, raise } from '../../http/app-error.ts';
import { importErrors } from './import.errors.ts';

/**
 * An .xlsx upload is a ZIP archive, and a 32 MB archive can unpack to gigabytes (a "zip bomb", or a sharedStrings.xml
 * of millions of huge strings) that exceljs would hold in memory. Before exceljs sees anything, this module reads the
 * archive's central directory, keeps only the parts the import reads, refuses them when they unpack to more than
 * XLSX_MAX_UNPACKED_BYTES (counting what inflating really produces, not what the archive declares) or when a row of
 * the sheet has more cells than a worksheet can, and hands exceljs a new archive of just those parts, in an order that
 * lets it stream the sheet instead of spilling it to a temporary file.
 */

/** What the parts the import reads (workbook, relationships, styles, shared strings, first sheet) may unpack to. */
export const XLSX_MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Entries in the archive: an Excel workbook has a few dozen; more is not a spreadsheet we import. */
export const XLSX_MAX_ENTRIES = 10_000;
/** Cell elements in one row of the sheet: Excel's own column count (XFD), so no genuine workbook has more. */
export const XLSX_MAX_CELLS_PER_ROW = 16_384;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  declaredSize: number;
  data: Buffer;
}

const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const WORKBOOK_RELATIONSHIPS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** Read before the sheet, in this order; anything else in the archive is never inflated. */
const LEADING_PARTS = [WORKBOOK_RELATIONSHIPS, 'xl/workbook.xml', 'xl/styles.xml', SHARED_STRINGS];
/**
 * exceljs streams the sheet only when it has seen both of these; otherwise it writes the sheet to a temporary file
 * first. A workbook without them gets empty ones, which mean what their absence means.
 */
const EMPTY_PARTS: Record<string, Buffer> = {
  [WORKBOOK_RELATIONSHIPS]: Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  ),
  [SHARED_STRINGS]: Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
  ),
};

function tooLarge(): never {
  raise(importErrors.XLSX_TOO_LARGE, { max: String(XLSX_MAX_UNPACKED_BYTES / 1024 / 1024) });
}

function malformed(): never {
  raise(importErrors.FILE_MALFORMED);
}

function endOfDirectoryOffset(content: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, content.length - 22 - 0xffff);
  for (let offset = content.length - 22; offset >= lowest; offset -= 1) {
    if (content.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
  }
  malformed();
}

/** The entries named by the central directory, their data located through their local headers. */
function readEntries(content: Buffer): ZipEntry[] {
  if (content.length < 22) malformed();
  const end = endOfDirectoryOffset(content);
  const count = content.readUInt16LE(end + 10);
  const directorySize = content.readUInt32LE(end + 12);
  const directoryOffset = content.readUInt32LE(end + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which only archives over 4 GB need.
  if (count === 0xffff || directoryOffset === 0xffffffff) malformed();
  if (count > XLSX_MAX_ENTRIES) tooLarge();
  if (directoryOffset + directorySize > end) malformed();
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > end || content.readUInt32LE(offset) !== CENTRAL_HEADER) malformed();
    const flags = content.readUInt16LE(offset + 8);
    const method = content.readUInt16LE(offset + 10);
    const crc32 = content.readUInt32LE(offset + 16);
    const compressedSize = content.readUInt32LE(offset + 20);
    const declaredSize = content.readUInt32LE(offset + 24);
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const localOffset = content.readUInt32LE(offset + 42);
    const name = content.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (offset > end) malformed();
    // Encrypted entries (bit 0) cannot be read; ZIP64 sizes are not needed below 4 GB.
    if ((flags & 0x1) !== 0 || compressedSize === 0xffffffff || declaredSize === 0xffffffff) malformed();
    if (localOffset + 30 > content.length || content.readUInt32LE(localOffset) !== LOCAL_HEADER) malformed();
    const dataStart =
      localOffset + 30 + content.readUInt16LE(localOffset + 26) + content.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > content.length) malformed();
    entries.push({
      name,
      method,
      crc32,
      compressedSize,
      declaredSize,
      data: content.subarray(dataStart, dataStart + compressedSize),
    });
  }
  return entries;
}

/**
 * Inflates an entry chunk by chunk, handing each chunk to `inspect` and keeping none of them, and stops as soon as the
 * output passes `limit` bytes. Returns how many bytes it unpacked to, or undefined when it passed the limit.
 */
async function unpackedSize(
  entry: ZipEntry,
  limit: number,
  inspect?: (chunk: Buffer) => void,
): Promise<number | undefined> {
  if (entry.method === STORED) {
    if (entry.data.length > limit) return undefined;
    inspect?.(entry.data);
    return entry.data.length;
  }
  if (entry.method !== DEFLATED) malformed();
  const inflate = createInflateRaw();
  let total = 0;
  let exceeded = false;
  let failure: Error | undefined;
  const done = new Promise<void>((resolve) => {
    const stop = () => {
      inflate.destroy();
      resolve();
    };
    inflate.on('data', (chunk: Buffer) => {
      if (exceeded || failure !== undefined) return;
      total += chunk.length;
      if (total > limit) {
        exceeded = true;
        stop();
        return;
      }
      try {
        inspect?.(chunk);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        stop();
      }
    });
    inflate.on('end', resolve);
    inflate.on('close', resolve);
    inflate.on('error', () => {
      // zlib's own errors (bad data, truncated stream): the entry is not what the archive says.
      failure ??= new AppError(importErrors.FILE_MALFORMED.status, importErrors.FILE_MALFORMED.code);
      resolve();
    });
  });
  inflate.end(entry.data);
  await done;
  if (failure !== undefined) throw failure;
  return exceeded ? undefined : total;
}

/**
 * Counts the cell elements of each row while the sheet is inflated (`<c …>` and `<x:c …>`, as some generators prefix
 * the namespace): exceljs builds a whole row before handing it over, so a row of millions of cells has to be refused
 * before it parses. Tags are ASCII, so reading the UTF-8 bytes as Latin-1 finds them; a chunk may cut a tag in two,
 * so the tail of each chunk is carried into the next.
 */
function rowCellCounter(): (chunk: Buffer) => void {
  const tag = /<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])/g;
  let carried = '';
  let cellsInRow = 0;
  return (chunk) => {
    const text = carried + chunk.toString('latin1');
    // Keep a short tail unread: a tag name cut at the chunk's end is found once the next chunk completes it.
    const readable = text.length > 64 ? text.length - 64 : 0;
    tag.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = tag.exec(text)) !== null && match.index < readable) {
      if (match[1] === 'row') cellsInRow = 0;
      else if ((cellsInRow += 1) > XLSX_MAX_CELLS_PER_ROW) {
        raise(importErrors.TOO_MANY_COLUMNS, { max: String(XLSX_MAX_CELLS_PER_ROW) });
      }
    }
    carried = text.slice(readable);
  };
}

function localHeader(entry: ZipEntry, nameBytes: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0, 6); // sizes known up front: no data descriptor
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.declaredSize, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return header;
}

function centralHeader(entry: ZipEntry, nameBytes: Buffer, localOffset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt32LE(entry.crc32, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.declaredSize, 24);
  header.writeUInt16LE(nameBytes.length, 28);
  header.writeUInt32LE(localOffset, 42);
  return header;
}

/** A new archive of exactly these entries (their compressed data copied, not re-packed). */
function archiveOf(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const nameBytes = Buffer.from(entry.name, 'utf8');
    const header = localHeader(entry, nameBytes);
    directory.push(centralHeader(entry, nameBytes, offset), nameBytes);
    parts.push(header, nameBytes, entry.data);
    offset += header.length + nameBytes.length + entry.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directoryBytes, end]);
}

/**
 * The parts of an .xlsx upload that the import reads, checked against the bounds above, as a new archive for exceljs:
 * workbook relationships, workbook, styles, shared strings (empty ones when missing, see EMPTY_PARTS), then the first
 * worksheet in archive order (as exceljs picked it before).
 */
export async function boundedXlsxArchive(content: Uint8Array): Promise<Buffer> {
  const entries = readEntries(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const sheet = entries.find((entry) => SHEET.test(entry.name));
  if (!sheet) malformed();
  const kept = LEADING_PARTS.flatMap((name): ZipEntry[] => {
    const found = byName.get(name);
    if (found) return [found];
    const empty = EMPTY_PARTS[name];
    if (!empty) return [];
    // exceljs's unzip does not check the CRC.
    return [{ name, method: STORED, crc32: 0, compressedSize: empty.length, declaredSize: empty.length, data: empty }];
  });
  kept.push(sheet);
  // The declared sizes first: an honest bomb is refused without inflating anything.
  if (kept.reduce((sum, entry) => sum + entry.declaredSize, 0) > XLSX_MAX_UNPACKED_BYTES) tooLarge();
  for (const entry of kept) {
    // Never more than declared (whose sum is within the bound): exceljs's unzip inflates whatever the stream holds, so
    // an entry that unpacks to more than its header says is refused here, after at most that many bytes.
    const size = await unpackedSize(entry, entry.declaredSize, entry === sheet ? rowCellCounter() : undefined);
    if (size !== entry.declaredSize) malformed();
  }
  return archiveOf(kept);
}
