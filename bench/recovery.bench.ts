import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONCURRENCY, DURATION_MS, EMAIL, PASSWORD, cpuMsOf, drive, freePort, post, setupBenchOrganization, startServer, stopServer } from './support.ts';

/** Time for queued jobs (the forgot lookup and its message) to finish before CPU time is read. */
const SETTLE_MS = 3000;

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

/** Like support's drive(), plus the server's CPU per request (idle CPU subtracted) and unexpected statuses. */
async function driveWithCpu(server: ChildProcess, worker: () => Promise<number>, expectedStatus: number, idlePerMs: number) {
  const pid = server.pid ?? 0;
  const cpuBefore = cpuMsOf(pid);
  let unexpected = 0;
  const started = performance.now();
  const result = await drive(async () => {
    if ((await worker()) !== expectedStatus) unexpected += 1;
  });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const cpuMs = cpuMsOf(pid) - cpuBefore - idlePerMs * (performance.now() - started);
  return { ...result, cpuPerRequest: cpuMs / result.count, unexpected };
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
    await setupBenchOrganization(port);
    const idle = await idleCpuPerMs(server);
    const signIn = await driveWithCpu(server, () => post(port, '/api/auth/login', { identifier: EMAIL, password: PASSWORD }, nextAddress()), 200, idle);
    const known = await driveWithCpu(server, () => post(port, '/api/auth/password/forgot', { identifier: EMAIL }, nextAddress()), 202, idle);
    let unknownIndex = 0;
    const unknown = await driveWithCpu(server, () => post(port, '/api/auth/password/forgot', { identifier: `nobody${(unknownIndex += 1)}@example.org` }, nextAddress()), 202, idle);

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
