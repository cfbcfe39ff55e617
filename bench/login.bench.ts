import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { owaspArgon2Parameters } from '../server/src/identity/passwords/password-hashing.ts';

const CONCURRENCY = 16;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const MAX_REQUESTS = 20_000;
const PASSWORD = 'plum orchard lantern 1987 river';
const EMAIL = 'bench@acme.test';
const ARGON2ID = 2;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

interface HttpResult {
  status: number;
  body: string;
}

function post(port: number, path: string, body: unknown, localAddress: string): Promise<HttpResult> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: `http://127.0.0.1:${port}` } },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (data += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: data }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Runs `worker` on CONCURRENCY lanes until the time or request budget is spent; returns ops/s and latencies. */
async function drive(worker: (lane: number, index: number) => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_unused, lane) => {
      while (performance.now() - started < DURATION_MS && issued < MAX_REQUESTS) {
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

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: 'error', SMTP_URL: '' },
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
  return child;
}

async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/**
 * Sign-in throughput against the bound that matters: the same number of concurrent argon2id verifies with the same
 * parameters in one process. Clients rotate over loopback source addresses (127.0.1.x) so the per-IP limits,
 * which guard against stuffing, do not cap an honest load of many users.
 */
export async function runLoginBenchmark(): Promise<void> {
  const storedHash = await hash(PASSWORD, { algorithm: ARGON2ID, ...owaspArgon2Parameters });
  await verify(storedHash, PASSWORD);
  const bound = await drive(async () => {
    await verify(storedHash, PASSWORD);
  });

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-'));
  // First start creates the database (initdb and migrations, which leave memory behind); the measured server is a
  // restart on that data, as in everyday operation.
  const firstStart = await startServer(port, dataDir);
  const setup = await post(port, '/api/setup', { orgName: 'Bench Org', name: 'Bench User', email: EMAIL, password: PASSWORD, locale: 'en' }, '127.0.0.1');
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.body}`);
  await stopServer(firstStart);
  const server = await startServer(port, dataDir);
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRss = server.pid ? rssOf(server.pid) : 0;
    let failures = 0;
    const logins = await drive(async (lane, index) => {
      const localAddress = `127.0.1.${1 + ((index * 7 + lane) % 250)}`;
      const response = await post(port, '/api/auth/login', { identifier: EMAIL, password: PASSWORD }, localAddress);
      if (response.status !== 200) failures += 1;
    });
    const loadedRss = server.pid ? rssOf(server.pid) : 0;
    const ratio = logins.perSecond / bound.perSecond;
    console.log(`login benchmark (${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s each, argon2id m=${owaspArgon2Parameters.memoryCost} t=${owaspArgon2Parameters.timeCost} p=${owaspArgon2Parameters.parallelism}, PGlite)`);
    console.log(`  bound: raw argon2id verify   ${bound.perSecond.toFixed(1)}/s  p50 ${bound.p50.toFixed(1)} ms  p99 ${bound.p99.toFixed(1)} ms`);
    console.log(`  sign-in over HTTP             ${logins.perSecond.toFixed(1)}/s  p50 ${logins.p50.toFixed(1)} ms  p99 ${logins.p99.toFixed(1)} ms  (${logins.count} requests, ${failures} not 200)`);
    console.log(`  ratio sign-in / bound: ${(ratio * 100).toFixed(1)} %  (target >= 85 %)  ${ratio >= 0.85 ? 'MET' : 'NOT MET'}`);
    console.log(`  server RSS: idle ${idleRss.toFixed(0)} MiB, after load ${loadedRss.toFixed(0)} MiB`);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
