import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { customerSources, customerStatuses } from '../server/src/crm/customers/customer.schema.ts';
import { nameKeyOf, phoneDigitsOf, websiteDomainOf } from '../server/src/crm/shared/fields.ts';
import * as words from './crm-words.ts';

/** Rows of the import measurement (BENCH_CRM_IMPORT_ROWS, default 100,000: IMPORT_MAX_ROWS' default). */
export const IMPORT_ROWS = Number(process.env.BENCH_CRM_IMPORT_ROWS ?? 100_000);
const POLL_MS = 500;
const TIMEOUT_MS = Number(process.env.BENCH_CRM_IMPORT_TIMEOUT_SECONDS ?? 3600) * 1000;

interface GeneratedCustomer {
  name: string;
  industry: string;
  level: string;
  source: string;
  status: string;
  phone: string;
  website: string;
  address: string;
  tags: string[];
  notes: string;
}

const of = <Item>(list: readonly Item[], index: number): Item => list[index % list.length] as Item;

/** Customers as a sales team's spreadsheet holds them: mostly Chinese companies, some English, every field filled. */
function generate(count: number, runTag: string): GeneratedCustomer[] {
  return Array.from({ length: count }, (_, index) => {
    const h = (index * 2_654_435_761) % 1_000_000_007;
    const chinese = index % 10 < 7;
    const name = chinese
      ? `${of(words.cities, h)}${of(words.brandFirst, Math.floor(h / 8))}${of(words.brandSecond, Math.floor(h / 128))}${of(words.businesses, Math.floor(h / 2048))}有限公司（导入${runTag}-${index}）`
      : `${of(words.englishFirst, h)} ${of(words.englishSecond, Math.floor(h / 32))} ${of(words.englishSuffixes, Math.floor(h / 512))} (import ${runTag}-${index})`;
    return {
      name,
      industry: of(words.industries, Math.floor(h / 8192)),
      level: of(['A', 'B', 'C'], Math.floor(h / 4)),
      source: of(customerSources, Math.floor(h / 16)),
      status: of(customerStatuses, Math.floor(h / 64)),
      phone: `${of(words.areaCodes, h)}-${String(10_000_000 + ((h * 7919) % 89_999_999))}`,
      website: `www.import-${runTag}-${index}.example.com`,
      address: `${of(words.cities, Math.floor(h / 2))}${of(words.districts, Math.floor(h / 8))}${1 + (h % 999)}号`,
      tags: index % 9 === 0 ? ['重点客户', '导入'] : ['导入'],
      notes: of(words.followUpNotes, Math.floor(h / 256)),
    };
  });
}

const HEADERS = ['客户名称', '行业', '级别', '客户来源', '客户状态', '电话', '网站', '地址', '标签', '备注'];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function toCsv(rows: GeneratedCustomer[]): Buffer {
  const lines = [HEADERS.join(',')];
  for (const row of rows) lines.push([row.name, row.industry, row.level, row.source, row.status, row.phone, row.website, row.address, row.tags.join('、'), row.notes].map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
}

/** One request on its own connection (an upload of several MiB does not belong in the keep-alive pool). */
function request<T>(port: number, method: 'GET' | 'POST', path: string, cookie: string, body?: { payload: Buffer; contentType: string }): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { cookie, accept: 'application/json', origin: `http://127.0.0.1:${port}` };
  if (body) Object.assign(headers, { 'content-type': body.contentType, 'content-length': String(body.payload.length) });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, json: JSON.parse(text || '{}') as T });
      });
    });
    outgoing.setTimeout(600_000, () => outgoing.destroy(new Error(`${method} ${path} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(body?.payload);
  });
}

interface ImportState {
  id: string;
  status: string;
  processedRows: number;
  createdCount: number;
  skippedCount: number;
  errorCount: number;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Upload → start → poll until it ends, through the HTTP API as the web wizard does it. */
async function importOverHttp(port: number, cookie: string, file: Buffer, log: (line: string) => void): Promise<{ seconds: number; state: ImportState }> {
  const boundary = `----ClienteleBench${Date.now()}`;
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="customers.csv"\r\nContent-Type: text/csv\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const started = performance.now();
  const uploaded = await request<{ import: ImportState; error?: unknown }>(port, 'POST', '/api/imports?recordType=customer', cookie, { payload, contentType: `multipart/form-data; boundary=${boundary}` });
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(uploaded.json).slice(0, 300)}`);
  const id = uploaded.json.import.id;
  log(`upload + parse: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const mapping = Object.fromEntries(['name', 'industry', 'level', 'source', 'status', 'phone', 'website', 'address', 'tags', 'notes'].map((field, index) => [String(index), field]));
  const body = Buffer.from(JSON.stringify({ mapping, duplicateMode: 'skip' }));
  const start = await request<unknown>(port, 'POST', `/api/imports/${id}/start`, cookie, { payload: body, contentType: 'application/json' });
  if (start.status !== 202) throw new Error(`start answered ${start.status}: ${JSON.stringify(start.json).slice(0, 300)}`);
  let lastLogged = performance.now();
  for (;;) {
    const current = (await request<{ import: ImportState }>(port, 'GET', `/api/imports/${id}`, cookie)).json.import;
    if (['completed', 'failed', 'cancelled'].includes(current.status)) return { seconds: (performance.now() - started) / 1000, state: current };
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`import still ${current.status} after ${TIMEOUT_MS / 1000} s`);
    if (performance.now() - lastLogged > 15_000) {
      lastLogged = performance.now();
      log(`… ${current.processedRows} rows after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The same rows written by a raw COPY into crm_customers (derived keys computed like the app does), from a file the
 * throwaway server reads itself: no validation, no duplicate check, no history, no per-row round trips — the floor.
 */
async function copyRaw(databaseUrl: string, orgId: string, userId: string, rows: GeneratedCustomer[], region: string | null): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'clientele-bench-copy-'));
  chmodSync(directory, 0o755);
  const path = join(directory, 'customers.csv');
  const arrayLiteral = (tags: string[]) => `{${tags.map((tag) => `"${tag.replaceAll('"', '\\"')}"`).join(',')}}`;
  const lines = rows.map((row) =>
    [orgId, userId, row.name, nameKeyOf(row.name), row.industry, row.level, row.source, row.status, row.address, row.phone, phoneDigitsOf(row.phone, region) ?? '', row.website, websiteDomainOf(row.website) ?? '', arrayLiteral(row.tags), row.notes, userId]
      .map(csvCell)
      .join(','),
  );
  writeFileSync(path, lines.join('\n'));
  chmodSync(path, 0o644);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query(
      `copy crm_customers (org_id, owner_user_id, name, name_key, industry, level, source, status, address, phone, phone_digits, website, website_domain, tags, notes, created_by)
       from '${path}' with (format csv, null '')`,
    );
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Import IMPORT_ROWS customers over HTTP, then COPY the same rows; prints rows/s of both and the ratio. */
export async function measureImport(port: number, cookie: string, databaseUrl: string, orgId: string, salesEmail: string): Promise<string> {
  const log = (line: string) => console.log(`    ${line}`);
  console.log(`\n  import of ${IMPORT_ROWS.toLocaleString('en')} customer rows (CSV, UTF-8; upload → start → poll, duplicate mode "skip", as ${salesEmail})`);
  const runTag = Date.now().toString(36);
  const rows = generate(IMPORT_ROWS, runTag);
  const file = toCsv(rows);
  log(`file: ${(file.length / 1024 / 1024).toFixed(1)} MiB`);
  const { seconds, state } = await importOverHttp(port, cookie, file, log);
  // Generated rows may repeat a seeded customer's phone number: those are skipped as duplicates, as they should be.
  if (state.status !== 'completed' || state.errorCount > 0 || state.createdCount + state.skippedCount !== IMPORT_ROWS) throw new Error(`import ended ${state.status} with ${state.createdCount} created, ${state.skippedCount} skipped, ${state.errorCount} errors`);
  const jobSeconds = state.startedAt && state.finishedAt ? (Date.parse(state.finishedAt) - Date.parse(state.startedAt)) / 1000 : seconds;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: users } = await client.query<{ id: string }>('select id from users where email = $1', [salesEmail]);
  const { rows: regions } = await client.query<{ region: string | null }>("select security_policy->'recovery'->>'phoneRegion' as region from organizations where id = $1", [orgId]);
  await client.end();
  const copySeconds = await copyRaw(databaseUrl, orgId, users[0]?.id ?? '', rows, regions[0]?.region ?? null);
  const apiRate = IMPORT_ROWS / seconds;
  const copyRate = IMPORT_ROWS / copySeconds;
  log(`API import: ${seconds.toFixed(1)} s end to end (job ${jobSeconds.toFixed(1)} s) = ${apiRate.toFixed(0)} rows/s; every row validated, duplicate-checked, with its history row`);
  log(`raw COPY:   ${copySeconds.toFixed(2)} s = ${copyRate.toFixed(0)} rows/s (same rows, same table and indexes, no checks, no history)`);
  const ratio = copyRate / apiRate;
  log(`ratio COPY/API: ${ratio.toFixed(1)}× (the API import takes ${ratio.toFixed(1)} times as long as COPY)`);
  return `import ${IMPORT_ROWS} rows: ${apiRate.toFixed(0)} rows/s over the API vs ${copyRate.toFixed(0)} rows/s raw COPY (${ratio.toFixed(1)}× slower)`;
}
