import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresServer } from '../server/test/postgres-server.ts';
import { closeConnections, getJson, signIn } from './crm-http.ts';
import { scenarios, viewAsSql, viewOverHttp, type CapturedView, type Scenario } from './crm-scenarios.ts';
import { IMPORT_ROWS, measureImport } from './crm-import.ts';
import { seedCrm, type CrmScale } from './crm-seed.ts';
import { APP_NAME, StatementLog, describe, explain } from './crm-sql.ts';
import { PASSWORD, cpuMsOf, freePort, percentile, post, rssOf, startServer, stopServer } from './support.ts';

const scale: CrmScale = { customers: Number(process.env.BENCH_CRM_CUSTOMERS ?? 1_000_000), dealEvery: Number(process.env.BENCH_CRM_DEAL_EVERY ?? 5) };
/** Measured page views per scenario (after a warm-up of WARM_UP views, or of 15 % of the cap when views are slow), and a time cap per scenario. */
const VIEWS = Number(process.env.BENCH_CRM_VIEWS ?? 200);
const WARM_UP = Math.min(20, VIEWS);
const CAP_MS = Number(process.env.BENCH_CRM_SECONDS ?? 60) * 1000;
const TARGET = 1.5;
const IMPORT_ONLY = process.env.BENCH_CRM_IMPORT_ONLY === '1';
const DATABASE = 'clientele_crm_bench';

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const ms = (value: number) => `${value.toFixed(2)} ms`;

/**
 * The CRM at scale on a PostgreSQL server: seeds an organisation (default 1,000,000 customers), then measures p50/p99
 * of the main pages over HTTP against the same SQL replayed through `pg` in the same run, and EXPLAINs that SQL.
 */
export async function runCrmBenchmark(): Promise<void> {
  console.log(`crm benchmark (${scale.customers} customers, ~${scale.customers * 2} contacts, ~${scale.customers * 5} follow-ups, ${Math.floor(scale.customers / scale.dealEvery)} deals, 50 users in 5 teams; PostgreSQL server)`);
  const postgres = await startPostgresServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-crm-'));
  const admin = new pg.Client({ connectionString: postgres.url });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let pool: pg.Pool | undefined;
  try {
    await admin.connect();
    // A UTF-8 character type: with the server's C locale pg_trgm extracts no trigrams from Chinese text.
    await admin.query(`create database ${DATABASE} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
    const url = new URL(postgres.url);
    url.pathname = `/${DATABASE}`;
    const databaseUrl = url.toString();
    const appUrl = `${databaseUrl}?application_name=${APP_NAME}`;
    const port = await freePort();

    // First start migrates; first-run setup creates the organisation and its owner through the real service.
    const firstStart = await startServer(port, dataDir, { DATABASE_URL: appUrl });
    const setup = await post(port, '/api/setup', { orgName: '星河贸易有限公司', name: '赵总', email: 'owner@acme.test', password: PASSWORD, locale: 'zh-CN' }, '127.0.0.1');
    await stopServer(firstStart);
    if (setup !== 201) throw new Error(`setup answered ${setup}`);

    const seedStarted = performance.now();
    const org = await seedCrm(databaseUrl, scale, PASSWORD, (line) => console.log(`  seed: ${line}`));
    console.log(`  seed time: ${seconds(seedStarted)} s`);

    // BENCH_CRM_SERVER_NODE_OPTIONS, e.g. "--max-old-space-size=512", applies to the measured server (for a CPU profile
    // use BENCH_SERVER_NODE_ARGS, see support.ts).
    // One member reading hundreds of pages a minute is exactly what the anti-exfiltration quotas stop: lifted here.
    const unlimitedReads = { CRM_READ_ROWS_PER_MEMBER: '10000000', CRM_READ_ROWS_PER_ORG: '100000000', CRM_LOOKUPS_PER_MEMBER: '1000000' };
    server = await startServer(port, dataDir, { DATABASE_URL: appUrl, NODE_OPTIONS: process.env.BENCH_CRM_SERVER_NODE_OPTIONS ?? '', ...unlimitedReads });
    const sessions = { sales: await signIn(port, org.salesEmail, PASSWORD), manager: await signIn(port, org.managerEmail, PASSWORD) };
    const firstPage = await getJson<{ items: { id: string }[]; total: number }>(port, '/api/customers?ownerId=me&sort=lastFollowUpAt&order=desc', sessions.sales);
    console.log(`  signed in as ${org.salesEmail} (sales, ${firstPage.total} own customers) and ${org.managerEmail} (manager)`);
    // BENCH_CRM_IMPORT_ONLY=1 (with a small BENCH_CRM_CUSTOMERS) measures only the import, in a few minutes.
    const measured = IMPORT_ONLY ? [] : scenarios(firstPage.items.slice(0, 5).map((item) => item.id));

    const log = await StatementLog.open(admin);
    const captured = new Map<Scenario, CapturedView[]>();
    const answers = new Map<Scenario, string>();
    await log.enable(true);
    try {
      for (const scenario of measured) {
        const result = await capture(log, port, sessions[scenario.as], scenario);
        captured.set(scenario, result.views);
        answers.set(scenario, result.sizes.join(', '));
      }
    } finally {
      await log.enable(false);
    }

    // A replay holds one connection per app connection its request used at once (the app's pool has 10).
    pool = new pg.Pool({ connectionString: databaseUrl, max: 30 });
    const verdicts: string[] = [];
    for (const scenario of measured) {
      const views = captured.get(scenario) ?? [];
      await printPlans(pool, scenario, views[0] ?? [], verdicts);
      console.log(`    answers (first request of each page view): ${answers.get(scenario) ?? ''}`);
      const cpuBefore = cpuMsOf(server.pid ?? 0);
      const { api, raw, total, warmUp } = await measure(port, sessions[scenario.as], pool, scenario, views);
      const serverCpu = (cpuMsOf(server.pid ?? 0) - cpuBefore) / total;
      const ratio = percentile(api, 0.5) / percentile(raw, 0.5);
      verdicts.push(`${scenario.name}: API/raw at p50 ${ratio.toFixed(2)}× (target ≤ ${TARGET}×) ${ratio <= TARGET ? 'MET' : 'NOT MET'}`);
      console.log(`    over HTTP  p50 ${ms(percentile(api, 0.5))}  p99 ${ms(percentile(api, 0.99))}  (${api.length} page views after ${warmUp} warm-up; server CPU ${ms(serverCpu)} per page view)`);
      console.log(`    raw SQL    p50 ${ms(percentile(raw, 0.5))}  p99 ${ms(percentile(raw, 0.99))}`);
      console.log(`    ratio API/raw  p50 ${ratio.toFixed(2)}×  p99 ${(percentile(api, 0.99) / percentile(raw, 0.99)).toFixed(2)}×`);
    }
    if (IMPORT_ROWS > 0) verdicts.push(await measureImport(port, sessions.sales, databaseUrl, org.orgId, org.salesEmail));
    console.log(`  server RSS after the run: ${server.pid ? rssOf(server.pid).toFixed(0) : '?'} MiB`);
    console.log('  summary:');
    for (const verdict of verdicts) console.log(`    ${verdict}`);
  } finally {
    closeConnections();
    await pool?.end();
    if (server) await stopServer(server);
    await admin.end().catch(() => undefined);
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Captures per page view: the server's background jobs (pool sweep, webhook outbox) share its connections and log. */
const CAPTURES = 3;

/**
 * Runs every page view of the scenario over HTTP, one request at a time, keeping the SQL each request issued. Each
 * view is captured CAPTURES times and the capture with the fewest statements is kept, so a background job's statements
 * that happened to run during a request are not replayed as part of it.
 */
async function capture(log: StatementLog, port: number, cookie: string, scenario: Scenario) {
  const views: CapturedView[] = [];
  const sizes: string[] = [];
  for (const view of scenario.views) {
    let fewest: CapturedView | undefined;
    for (let attempt = 0; attempt < CAPTURES; attempt += 1) {
      const phases: CapturedView = [];
      for (const phase of view) {
        const requests = [];
        for (const path of phase) {
          const offset = log.size();
          const answer = await getJson<{ items?: unknown[]; total?: number | null; stages?: { count: number }[] }>(port, path, cookie);
          if (attempt === 0 && requests.length === 0 && phases.length === 0) sizes.push(sizeOf(answer));
          requests.push(await log.since(offset));
        }
        phases.push(requests);
      }
      if (!fewest || phases.flat(2).length < fewest.flat(2).length) fewest = phases;
    }
    views.push(fewest ?? []);
  }
  return { views, sizes };
}

function sizeOf(answer: { items?: unknown[]; total?: number | null; stages?: { count: number }[] }): string {
  if (answer.items) return `${answer.items.length} rows of ${answer.total ?? '?'}`;
  if (answer.stages) return `${answer.stages.reduce((total, stage) => total + stage.count, 0)} deals in ${answer.stages.length} stages`;
  return '1 record';
}

/** EXPLAIN (ANALYZE, BUFFERS) of each CRM read of the first page view; a sequential scan of a large table is flagged. */
async function printPlans(pool: pg.Pool, scenario: Scenario, view: CapturedView, verdicts: string[]): Promise<void> {
  const statements = view.flat(2);
  const connections = view.flat().reduce((sum, request) => sum + new Set(request.slice(1).map((statement) => statement.backend)).size, 0);
  console.log(`\n  ${scenario.name}: ${statements.length} statements per page view, after the session lookup on ${connections} app connection(s) at once (${statements.map(describe).join(', ')})`);
  const flagged: string[] = [];
  for (const statement of statements) {
    if (!/^\s*(select|with)\b/i.test(statement.text) || !/crm_/.test(statement.text)) continue;
    const plan = await explain(pool, statement);
    console.log(`    EXPLAIN ${describe(statement)} (${ms(plan.executionMs)}):`);
    for (const line of plan.lines.slice(0, 14)) console.log(`      ${line.trimEnd()}`);
    if (plan.lines.length > 14) console.log(`      … ${plan.lines.length - 14} more plan lines`);
    flagged.push(...plan.seqScans.map((line) => line.trim()));
  }
  const verdict = flagged.length === 0 ? 'every large table read through an index' : `SEQ SCAN on a large table: ${flagged.join('; ')}`;
  console.log(`    plan verdict: ${verdict}`);
  verdicts.push(`${scenario.name}: ${verdict}`);
}

/** Alternates HTTP and raw SQL page views (the order flips every view), sequentially, after a warm-up of both. */
async function measure(port: number, cookie: string, pool: pg.Pool, scenario: Scenario, captured: CapturedView[]) {
  const api: number[] = [];
  const raw: number[] = [];
  const started = performance.now();
  let warmUp = WARM_UP;
  let index = 0;
  for (; index < warmUp + VIEWS && performance.now() - started < CAP_MS; index += 1) {
    if (index < warmUp && performance.now() - started > CAP_MS * 0.15) warmUp = index;
    const which = index % scenario.views.length;
    const timeApi = async () => {
      const begin = performance.now();
      await viewOverHttp(port, cookie, scenario.views[which] ?? []);
      if (index >= warmUp) api.push(performance.now() - begin);
    };
    const timeRaw = async () => {
      const begin = performance.now();
      await viewAsSql(pool, captured[which] ?? []);
      if (index >= warmUp) raw.push(performance.now() - begin);
    };
    if (index % 2 === 0) {
      await timeApi();
      await timeRaw();
    } else {
      await timeRaw();
      await timeApi();
    }
  }
  api.sort((left, right) => left - right);
  raw.sort((left, right) => left - right);
  return { api, raw, total: index, warmUp };
}
