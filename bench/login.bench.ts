import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { owaspArgon2Parameters } from '../server/src/identity/passwords/password-hashing.ts';
import { startPostgresServer } from '../server/test/postgres-server.ts';
import { CONCURRENCY, DURATION_MS, EMAIL, PASSWORD, cpuMsOf, drive, freePort, machineBusyMs, mainThreadCpuMsOf, median, post, rssOf, setupBenchOrganization, startServer, stopServer, type DriveResult } from './support.ts';

const ARGON2ID = 2;
/** Bound and sign-in alternate in rounds, so a change in machine load hits both sides of each ratio alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PHASE_MS = Math.max(2000, DURATION_MS / 2);
const WARM_UP_MS = 5000;

const line = (label: string, result: DriveResult) => `${label.padEnd(28)} ${result.perSecond.toFixed(1).padStart(6)}/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms`;

/**
 * Sign-in throughput against the bound that matters: the same number of concurrent argon2id verifies with the same
 * parameters in one process. Clients rotate over loopback source addresses (127.0.1.x) so the per-IP limits,
 * which guard against stuffing, do not cap an honest load of many users.
 */
export async function runLoginBenchmark(): Promise<void> {
  const storedHash = await hash(PASSWORD, { algorithm: ARGON2ID, ...owaspArgon2Parameters });
  await verify(storedHash, PASSWORD);
  // The default embedded database, then a PostgreSQL server (the throwaway one of the test suite) when installed.
  await measureSignIn(storedHash, 'PGlite', {});
  const postgres = await startPostgresServer().catch((error: unknown) => {
    console.log(`  (PostgreSQL server not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return undefined;
  });
  if (!postgres) return;
  try {
    await measureSignIn(storedHash, 'PostgreSQL server on the same machine', { DATABASE_URL: postgres.url });
  } finally {
    await postgres.stop();
  }
}

async function measureSignIn(storedHash: string, databaseLabel: string, environment: Record<string, string>): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-'));
  // First start creates the database (initdb and migrations, which leave memory behind); the measured server is a
  // restart on that data, as in everyday operation.
  const firstStart = await startServer(port, dataDir, environment);
  await setupBenchOrganization(port);
  await stopServer(firstStart);
  const server = await startServer(port, dataDir, environment);
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRss = server.pid ? rssOf(server.pid) : 0;
    console.log(`login benchmark (${CONCURRENCY} concurrent clients on kept-alive connections, ${ROUNDS} rounds of ${PHASE_MS / 1000} s bound + ${PHASE_MS / 1000} s sign-in, argon2id m=${owaspArgon2Parameters.memoryCost} t=${owaspArgon2Parameters.timeCost} p=${owaspArgon2Parameters.parallelism}, ${databaseLabel})`);
    let failures = 0;
    // Clients keep their connections open between requests, as a browser does from the sign-in page to the sign-in.
    const keepAlive = new Agent({ keepAlive: true });
    const signIns = (lane: number, index: number) => {
      const localAddress = `127.0.1.${1 + ((index * 7 + lane) % 250)}`;
      return post(port, '/api/auth/login', { identifier: EMAIL, password: PASSWORD }, localAddress, keepAlive).then((status) => {
        if (status !== 200) failures += 1;
      });
    };
    // A running server is warm: the first seconds of sign-ins (JIT compilation, prepared plans) are not measured.
    const warmUp = await drive(signIns, WARM_UP_MS);
    console.log(`  warm-up: ${warmUp.count} sign-ins in ${WARM_UP_MS / 1000} s (not measured)`);
    const ratios: number[] = [];
    const pid = server.pid ?? 0;
    const spent = { verifies: 0, verifyCpu: 0, signIns: 0, serverMain: 0, server: 0, client: 0, machine: 0 };
    const clientCpu = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    for (let round = 1; round <= ROUNDS; round += 1) {
      const boundCpu = clientCpu();
      const bound = await drive(async () => {
        await verify(storedHash, PASSWORD);
      }, PHASE_MS);
      spent.verifies += bound.count;
      spent.verifyCpu += clientCpu() - boundCpu;
      const before = { serverMain: mainThreadCpuMsOf(pid), server: cpuMsOf(pid), client: clientCpu(), machine: machineBusyMs() };
      const logins = await drive(signIns, PHASE_MS);
      spent.signIns += logins.count;
      spent.serverMain += mainThreadCpuMsOf(pid) - before.serverMain;
      spent.server += cpuMsOf(pid) - before.server;
      spent.client += clientCpu() - before.client;
      spent.machine += machineBusyMs() - before.machine;
      ratios.push(logins.perSecond / bound.perSecond);
      console.log(`  round ${round}: ${line('bound: raw argon2id verify', bound)}`);
      console.log(`  round ${round}: ${line('sign-in over HTTP', logins)}  ratio ${(ratios.at(-1)! * 100).toFixed(1)} %`);
    }
    const loadedRss = server.pid ? rssOf(server.pid) : 0;
    const ratio = median(ratios);
    console.log(`  sign-ins not answered 200: ${failures}`);
    console.log(`  ratio sign-in / bound (median of rounds): ${(ratio * 100).toFixed(1)} %  (target >= 85 %)  ${ratio >= 0.85 ? 'MET' : 'NOT MET'}`);
    // Where a sign-in's CPU goes, against one raw verify: whatever is not argon2 is what the ratio loses.
    const per = (milliseconds: number) => (milliseconds / Math.max(1, spent.signIns)).toFixed(2);
    console.log(`  CPU per raw argon2id verify (bound): ${(spent.verifyCpu / Math.max(1, spent.verifies)).toFixed(2)} ms`);
    console.log(`  CPU per sign-in: server main thread ${per(spent.serverMain)} ms, server other threads (argon2id, GC) ${per(spent.server - spent.serverMain)} ms, load client ${per(spent.client)} ms, whole machine ${per(spent.machine)} ms`);
    // The machine's cores are the bound's only limit: the ratio is about one verify's CPU over a sign-in's machine CPU.
    const verifyCpu = spent.verifyCpu / Math.max(1, spent.verifies);
    const machineCpu = spent.machine / Math.max(1, spent.signIns);
    const mainCpu = spent.serverMain / Math.max(1, spent.signIns);
    console.log(`  CPU-bound estimate: verify ÷ machine per sign-in ${((verifyCpu / machineCpu) * 100).toFixed(1)} %; were the server's main thread free, ${((verifyCpu / (machineCpu - mainCpu)) * 100).toFixed(1)} %`);
    console.log(`  server RSS: idle ${idleRss.toFixed(0)} MiB, after load ${loadedRss.toFixed(0)} MiB`);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
