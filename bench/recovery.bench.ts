import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CONCURRENCY = 16;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const MAX_REQUESTS = 20_000;
/** Time for queued jobs (the forgot lookup and its message) to finish before CPU time is read. */
const SETTLE_MS = 3000;
const PASSWORD = 'plum orchard lantern 1987 river';
const EMAIL = 'bench@acme.test';
const CLOCK_TICKS_PER_SECOND = 100;

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

function post(port: number, path: string, body: unknown, localAddress: string): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: `http://127.0.0.1:${port}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Server CPU time (user + system) in milliseconds, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * A distinct loopback source address per request (127.1.x.y): the per-IP recovery budget (20 per 15 minutes) guards
 * against abuse and would otherwise cap the load after a few requests.
 */
let addressCounter = 0;
function nextAddress(): string {
  addressCounter += 1;
  return `127.1.${(addressCounter >> 8) & 255}.${(addressCounter & 255) || 1}`;
}

/** Server CPU per millisecond while idle (queue polling, timers): subtracted so only the requests' work counts. */
async function idleCpuPerMs(server: ChildProcess): Promise<number> {
  const pid = server.pid ?? 0;
  const before = cpuMsOf(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
  return (cpuMsOf(pid) - before) / (performance.now() - started);
}

async function drive(server: ChildProcess, worker: () => Promise<number>, expectedStatus: number, idlePerMs: number) {
  const pid = server.pid ?? 0;
  const cpuBefore = cpuMsOf(pid);
  const latencies: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() - started < DURATION_MS && issued < MAX_REQUESTS) {
        issued += 1;
        const begin = performance.now();
        if ((await worker()) !== expectedStatus) unexpected += 1;
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const cpuMs = cpuMsOf(pid) - cpuBefore - idlePerMs * (performance.now() - started);
  latencies.sort((left, right) => left - right);
  return { perSecond: latencies.length / seconds, count: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpuPerRequest: cpuMs / latencies.length, unexpected };
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
  // Outbox lines for the mails the known-identifier phase queues are not part of the measurement.
  child.stdout?.resume();
  return child;
}

async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/**
 * Server-side cost of "forgot password" for a known and an unknown identifier next to a sign-in, on one server
 * (PGlite, OWASP argon2id). A forgot request answers after recording and queueing; the lookup and message run in a
 * job, whose CPU time is included in "cpu/request" (read after the queue settles).
 */
export async function runRecoveryBenchmark(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-recovery-'));
  const server = await startServer(port, dataDir);
  try {
    const setup = await post(port, '/api/setup', { orgName: 'Bench Org', name: 'Bench User', email: EMAIL, password: PASSWORD, locale: 'en' }, '127.0.0.1');
    if (setup !== 201) throw new Error(`setup failed: ${setup}`);
    const idle = await idleCpuPerMs(server);
    const signIn = await drive(server, () => post(port, '/api/auth/login', { identifier: EMAIL, password: PASSWORD }, nextAddress()), 200, idle);
    const known = await drive(server, () => post(port, '/api/auth/password/forgot', { identifier: EMAIL }, nextAddress()), 202, idle);
    let unknownIndex = 0;
    const unknown = await drive(server, () => post(port, '/api/auth/password/forgot', { identifier: `nobody${(unknownIndex += 1)}@example.org` }, nextAddress()), 202, idle);

    const line = (label: string, result: typeof signIn) =>
      `  ${label.padEnd(24)} ${result.perSecond.toFixed(1).padStart(7)}/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  cpu/request ${result.cpuPerRequest.toFixed(2)} ms  (${result.count} requests, ${result.unexpected} unexpected status)`;
    console.log(`recovery benchmark (${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s each, PGlite, outbox mail; idle server CPU ${(idle * 100).toFixed(1)} % subtracted)`);
    console.log(line('sign-in', signIn));
    console.log(line('forgot, known account', known));
    console.log(line('forgot, unknown', unknown));
    console.log(`  cpu/request ratio forgot(known) / sign-in:   ${(known.cpuPerRequest / signIn.cpuPerRequest).toFixed(3)}`);
    console.log(`  cpu/request ratio forgot(unknown) / sign-in: ${(unknown.cpuPerRequest / signIn.cpuPerRequest).toFixed(3)}`);
    console.log(`  p50 ratio forgot(known) / forgot(unknown):   ${(known.p50 / unknown.p50).toFixed(3)}  (1.0 = indistinguishable)`);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
