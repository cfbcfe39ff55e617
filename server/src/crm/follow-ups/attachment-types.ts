import { fileTypeFromFile } from 'file-type';

/** What may be attached, by the type its content shows (never by name or declared type): images, PDF, Office files. */
const SNIFFED_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

/** Windows browsers declare .csv files as Excel sheets. */
const CSV_DECLARATIONS: ReadonlySet<string> = new Set(['text/csv', 'application/csv', 'application/vnd.ms-excel']);

export interface ReceivedContent {
  path: string;
  /** What the browser said the file is (untrusted). */
  declaredType: string;
  fileName: string;
  /** The whole content decodes as UTF-8 and holds no NUL byte. */
  isUtf8Text: boolean;
}

/**
 * The content type to store and serve, or null when the file is not allowed. Binary formats are recognised by their
 * magic bytes; plain text has none, so it is accepted only when declared as text and valid UTF-8 (and is always
 * served as text/plain or text/csv, as an attachment, with nosniff: an HTML file sent as "text/plain" stays text).
 */
export async function allowedContentType(content: ReceivedContent): Promise<string | null> {
  const sniffed = await fileTypeFromFile(content.path);
  if (sniffed) return SNIFFED_TYPES.has(sniffed.mime) ? sniffed.mime : null;
  if (!content.isUtf8Text) return null;
  const declared = content.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared === 'text/plain') return 'text/plain; charset=utf-8';
  if (CSV_DECLARATIONS.has(declared) && /\.csv$/i.test(content.fileName)) return 'text/csv; charset=utf-8';
  if (declared === 'text/csv') return 'text/csv; charset=utf-8';
  return null;
}

const FILE_NAME_MAX = 200;

/**
 * The name a file is listed and downloaded under: the last path segment only (a client may send "../../x" or
 * "C:\\x"), without control or bidirectional-override characters, at most 200 characters with its extension kept.
 * Only ever metadata: on disk the file is named by its id.
 */
export function cleanFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const characters = [...cleaned];
  if (characters.length === 0) return 'attachment';
  if (characters.length <= FILE_NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return `${characters.slice(0, FILE_NAME_MAX - [...extension].length).join('')}${extension}`;
}

/** Content-Disposition for a download: an ASCII fallback name plus the real one as RFC 5987 `filename*`. */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
