import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Database } from '../src/db/client.ts';
import { crmDeals, crmPipelineStages } from '../src/crm/deals/deal.tables.ts';
import type { FollowUp } from '../src/crm/follow-ups/follow-up.schema.ts';
import type { Task } from '../src/crm/tasks/task.schema.ts';
import { TEST_ORIGIN, type TestApp, type TestClient } from './app.ts';

/** Helpers for the follow-up, attachment and task tests (server/src/crm/follow-ups, server/src/crm/tasks). */

export async function createFollowUp(client: TestClient, customerId: string, input: Record<string, unknown> = {}): Promise<FollowUp> {
  const response = await client.post('/api/follow-ups', { customerId, type: 'call', content: 'Called about the spring order.', ...input });
  if (response.statusCode !== 201) throw new Error(`follow-up not created: ${response.statusCode} ${response.body}`);
  return response.json<FollowUp>();
}

export async function createTask(client: TestClient, input: Record<string, unknown> = {}): Promise<Task> {
  const response = await client.post('/api/tasks', { title: 'Send the quote', ...input });
  if (response.statusCode !== 201) throw new Error(`task not created: ${response.statusCode} ${response.body}`);
  return response.json<Task>();
}

/**
 * A deal written straight into the table: the deals API is another module's, and these tests only need a row to
 * link to (with its own owner, which decides who may see it).
 */
export async function insertDeal(db: Database, input: { orgId: string; customerId: string; ownerUserId: string | null; name?: string }): Promise<string> {
  let [stage] = await db.select({ id: crmPipelineStages.id }).from(crmPipelineStages).where(eq(crmPipelineStages.orgId, input.orgId)).limit(1);
  if (!stage) [stage] = await db.insert(crmPipelineStages).values({ orgId: input.orgId, name: 'Qualify', position: 0 }).returning({ id: crmPipelineStages.id });
  if (!stage) throw new Error('no pipeline stage');
  const [deal] = await db
    .insert(crmDeals)
    .values({ orgId: input.orgId, customerId: input.customerId, ownerUserId: input.ownerUserId, name: input.name ?? 'Spring order', stageId: stage.id })
    .returning({ id: crmDeals.id });
  if (!deal) throw new Error('deal not created');
  return deal.id;
}

export interface FilePart {
  fieldName?: string;
  fileName?: string;
  contentType?: string;
  content: Buffer | string;
}

/** A multipart/form-data body as a browser's FormData would send it. */
export function multipartBody(parts: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----ClienteleTest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.fieldName ?? 'file'}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.contentType ? [`Content-Type: ${part.contentType}`] : [])];
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads like the web app: the member's session cookie, our Origin, a multipart body. */
/** `streamed`: sent in chunks without a Content-Length, as a client that does not know the size would. */
export async function uploadAttachment(
  testApp: TestApp,
  client: TestClient,
  followUpId: string,
  parts: FilePart[] | FilePart,
  headers: Record<string, string> = {},
  options: { streamed?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const body = multipartBody(Array.isArray(parts) ? parts : [parts]);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const chunks = options.streamed === true ? Array.from({ length: Math.ceil(body.payload.length / 65_536) }, (_, index) => body.payload.subarray(index * 65_536, (index + 1) * 65_536)) : [];
  return testApp.app.inject({
    method: 'POST',
    url: `/api/follow-ups/${followUpId}/attachments`,
    remoteAddress: '127.0.0.1',
    payload: options.streamed === true ? Readable.from(chunks) : body.payload,
    headers: { 'content-type': body.contentType, origin: TEST_ORIGIN, cookie, ...headers },
  });
}

/** A 1×1 transparent PNG. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The start of a Windows executable ("MZ", then the PE header offset). */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

/** A stored (uncompressed) zip: enough for content sniffing to tell a .docx from any other zip. */
export function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const DOCX_BYTES = zipOf({
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
});
