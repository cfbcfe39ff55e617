import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { createServer } from 'node:net';
import { buildServerBundle } from '../scripts/server-bundle.mjs';

export const CONCURRENCY = 16;
export const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
export const MAX_REQUESTS = 20_000;
export const PASSWORD = 'plum orchard lantern 1987 river';
export const EMAIL = 'bench@acme.test';
const CLOCK_TICKS_PER_SECOND = 100;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

export function median(values: number[]): number {
  return percentile([...values].sort((left, right) => left - right), 0.5);
}

/**
 * A same-origin JSON POST over loopback from `localAddress`: over a connection `agent` keeps alive (a browser posts its
 * sign-in over the connection that loaded the page), or without one over a new connection each time.
 */
export function post(port: number, path: string, body: unknown, localAddress: string, agent: Agent | false = false): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'POST', localAddress, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: `http://127.0.0.1:${port}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

export interface DriveResult {
  perSecond: number;
  count: number;
  p50: number;
  p99: number;
}

/** Runs `worker` on CONCURRENCY lanes until `durationMs` or the request budget is spent; returns ops/s and latencies. */
export async function drive(worker: (lane: number, index: number) => Promise<void>, durationMs = DURATION_MS): Promise<DriveResult> {
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_unused, lane) => {
      while (performance.now() - started < durationMs && issued < MAX_REQUESTS) {
        const index = issued++;
        const begin = performance.now();
        await worker(lane, index);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((left, right) => left - right);
  return { perSecond: latencies.length / seconds, count: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) of a process in milliseconds, from /proc. */
export function cpuMsOf(pid: number, statFile = `/proc/${pid}/stat`): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU time of a process's main thread (its JavaScript, and on PGlite the embedded database) in milliseconds. */
export function mainThreadCpuMsOf(pid: number): number {
  return cpuMsOf(pid, `/proc/${pid}/task/${pid}/stat`);
}

/** Busy CPU time of the whole machine (every core, every process, the kernel) in milliseconds, from /proc/stat. */
export function machineBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return ((fields.reduce((sum, value) => sum + value, 0) - idle) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The server as `npm start` runs it: one bundle of the current sources, built once per benchmark run. */
let bundle: Promise<string> | undefined;

/** Starts the server on PGlite in `dataDir` (or the DATABASE_URL in `environment`) with the mail outbox; resolves once it prints its URL. */
export async function startServer(port: number, dataDir: string, environment: Record<string, string> = {}): Promise<ChildProcess> {
  bundle ??= buildServerBundle('bench-server');
  const entry = await bundle;
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the measured servers (Node refuses
  // --cpu-prof in NODE_OPTIONS).
  const nodeArguments = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArguments, '--enable-source-maps', entry], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: 'error', SMTP_URL: '', ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Clientele is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  // Outbox lines printed later (mails queued during a run) are not part of any measurement.
  child.stdout?.resume();
  return child;
}

export async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** Creates the organisation and the bench user through first-run setup. */
export async function setupBenchOrganization(port: number): Promise<void> {
  const status = await post(port, '/api/setup', { orgName: 'Bench Org', name: 'Bench User', email: EMAIL, password: PASSWORD, locale: 'en' }, '127.0.0.1');
  if (status !== 201) throw new Error(`setup failed: ${status}`);
}
