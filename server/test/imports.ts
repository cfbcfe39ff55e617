import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Import } from '../src/crm/imports/import.schema.ts';
import { TEST_ORIGIN, type TestApp, type TestClient } from './app.ts';
import { multipartBody, type FilePart } from './crm-activities.ts';

/** Uploads an import file like the web app (session cookie, our Origin, multipart). */
export async function uploadImport(testApp: TestApp, client: TestClient, recordType: string, parts: FilePart | FilePart[], headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const body = multipartBody(Array.isArray(parts) ? parts : [parts]);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return testApp.app.inject({
    method: 'POST',
    url: `/api/imports?recordType=${recordType}`,
    remoteAddress: '127.0.0.1',
    payload: body.payload,
    headers: { 'content-type': body.contentType, origin: TEST_ORIGIN, cookie, ...headers },
  });
}

/** A CSV file from rows (fields quoted when needed), UTF-8 with a BOM unless told otherwise. */
export function csvFile(rows: string[][], options: { bom?: boolean } = {}): Buffer {
  const text = rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n');
  return Buffer.concat([options.bom === false ? Buffer.alloc(0) : Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** Upload → 201, returning the import id. */
export async function uploaded(testApp: TestApp, client: TestClient, recordType: string, fileName: string, content: Buffer): Promise<string> {
  const response = await uploadImport(testApp, client, recordType, { fileName, contentType: 'text/csv', content });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ import: Import }>().import.id;
}

/** Polls GET /api/imports/:id until the import has ended (bounded). */
export async function waitForImport(client: TestClient, id: string, timeoutMs = 60_000): Promise<Import> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.get(`/api/imports/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    const current = response.json<{ import: Import }>().import;
    if (['completed', 'failed', 'cancelled'].includes(current.status)) return current;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${current.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Start with this mapping and mode, then wait for the end. */
export async function runImport(client: TestClient, id: string, mapping: Record<string, string>, duplicateMode: 'skip' | 'update' | 'create'): Promise<Import> {
  const started = await client.post(`/api/imports/${id}/start`, { mapping, duplicateMode });
  expect(started.statusCode, started.body).toBe(202);
  return waitForImport(client, id);
}
