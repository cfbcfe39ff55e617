import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type pg from 'pg';

/** One statement as the app sent it: text, parameters and prepared statement name (as PostgreSQL logged them). */
export interface Statement {
  text: string;
  values: (string | null)[];
  /** A named prepared statement is replayed under its name, so it is parsed once per connection as in the app. */
  name?: string;
  /** The app's connection (its backend's process id): a replay runs each connection's statements on one of its own. */
  backend: number;
}

/** The app's connections carry this application_name, so their statements can be told from the bench's own. */
export const APP_NAME = 'clientele-bench-app';
const PREFIX = /^@@(\d+)\|([^@]*)@@ (LOG|DETAIL|ERROR|STATEMENT|WARNING|HINT|CONTEXT): {2}(.*)$/;

/**
 * Captures the SQL the app issues by turning on PostgreSQL's statement log (log_statement = all) for the app's
 * connections. The throwaway server (server/test/postgres-server.ts) writes its log next to its data directory.
 */
export class StatementLog {
  private constructor(
    private readonly admin: pg.Client,
    private readonly logFile: string,
  ) {}

  static async open(admin: pg.Client): Promise<StatementLog> {
    const { rows } = await admin.query<{ data_directory: string }>('show data_directory');
    const dataDirectory = rows[0]?.data_directory;
    if (!dataDirectory) throw new Error('no data directory');
    await admin.query(`alter system set log_line_prefix = '@@%p|%a@@ '`);
    await admin.query('select pg_reload_conf()');
    return new StatementLog(admin, join(dirname(dataDirectory), 'server.log'));
  }

  async enable(on: boolean): Promise<void> {
    await this.admin.query(on ? `alter system set log_statement = 'all'` : 'alter system reset log_statement');
    await this.admin.query('select pg_reload_conf()');
    // Each backend reads the new setting before its next statement; give the postmaster a moment to signal them.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  size(): number {
    return statSync(this.logFile).size;
  }

  /** The app's statements logged since `offset`, pg-boss's queue polling left out. */
  async since(offset: number): Promise<Statement[]> {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const length = this.size() - offset;
    const buffer = Buffer.alloc(Math.max(0, length));
    const descriptor = openSync(this.logFile, 'r');
    try {
      readSync(descriptor, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(descriptor);
    }
    return parseLog(buffer.toString('utf8'));
  }
}

interface Entry {
  backend: number;
  app: string;
  level: string;
  message: string;
}

function parseLog(text: string): Statement[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    const match = PREFIX.exec(line);
    if (match) entries.push({ backend: Number(match[1]), app: match[2] ?? '', level: match[3] ?? '', message: match[4] ?? '' });
    else if (entries.length > 0 && line !== '') entries[entries.length - 1]!.message += `\n${line}`;
  }
  const statements: Statement[] = [];
  for (const entry of entries) {
    if (entry.app !== APP_NAME) continue;
    const statement = /^(?:statement|execute ([^:]+)): ([\s\S]*)$/.exec(entry.message);
    const name = statement?.[1];
    if (entry.level === 'LOG' && statement) statements.push({ text: statement[2] ?? '', values: [], backend: entry.backend, ...(name && name !== '<unnamed>' ? { name: `bench_${name}` } : {}) });
    else if (entry.level === 'DETAIL' && entry.message.startsWith('parameters: ') && statements.length > 0) statements[statements.length - 1]!.values = parseParameters(entry.message);
  }
  return statements.filter((statement) => !/pgboss/i.test(statement.text));
}

function parseParameters(message: string): (string | null)[] {
  const values: (string | null)[] = [];
  for (const match of message.matchAll(/\$(\d+) = (NULL|'((?:[^']|'')*)')/g)) {
    values[Number(match[1]) - 1] = match[2] === 'NULL' ? null : (match[3] ?? '').replaceAll("''", "'");
  }
  return values;
}

/**
 * Replays one request's statements as the app ran them: the first (the session lookup, in a hook before the handler)
 * first; then each app connection's statements in order on a connection of the replay's own, the connections at once.
 * The app's pool hands out the connection released last, so a handler that runs its statements one after another stays
 * on one connection and is replayed one after another; statements on several connections were in flight together
 * (the customer overview's four reads).
 */
export async function replay(pool: pg.Pool, statements: Statement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (!first) return;
  const chains = new Map<number, Statement[]>();
  for (const statement of rest) chains.set(statement.backend, [...(chains.get(statement.backend) ?? []), statement]);
  const runChain = async (chain: Statement[]) => {
    const client = await pool.connect();
    try {
      for (const statement of chain) await client.query(statement);
    } finally {
      client.release();
    }
  };
  if (chains.size <= 1) return runChain(statements);
  await runChain([first]);
  await Promise.all([...chains.values()].map(runChain));
}

/** Tables big enough that a sequential scan of them is a finding. */
const LARGE_TABLES = ['crm_customers', 'crm_contacts', 'crm_follow_ups', 'crm_deals'];

export interface PlanSummary {
  lines: string[];
  seqScans: string[];
  executionMs: number;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one captured statement: its scan nodes, buffers, timing and large sequential scans. */
export async function explain(pool: pg.Pool, statement: Statement): Promise<PlanSummary> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement.text}`, statement.values);
  const plan = rows.map((row) => row['QUERY PLAN']);
  const interesting = plan.filter((line) => /Scan|Sort|Limit|Aggregate|Join|Nested Loop|Buffers: shared/.test(line) || /^(Planning|Execution) Time/.test(line));
  const seqScans = plan.filter((line) => /Seq Scan on (\w+)/.test(line) && LARGE_TABLES.includes(/Seq Scan on (\w+)/.exec(line)?.[1] ?? ''));
  const execution = plan.find((line) => line.startsWith('Execution Time'));
  return { lines: interesting, seqScans, executionMs: Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? 0) };
}

/** A short label for a statement: its verb and the table of its outermost FROM (or UPDATE/INSERT INTO). */
export function describe(statement: Statement): string {
  const text = statement.text;
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '?';
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    else if (depth === 0) {
      const match = /^(?:from|update|into)\s+"?(\w+)"?/i.exec(text.slice(index, index + 80));
      if (match && /\W/.test(text[index - 1] ?? ' ')) return `${verb} ${match[1]}`;
    }
  }
  return verb;
}
