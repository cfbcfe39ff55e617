import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server built from Debian's binaries, for the `--postgres` test pass.
 * It listens on 127.0.0.1 only, keeps its socket and data in one temp dir, and trades durability for speed.
 */
export interface PostgresServer {
  /** Superuser URL, e.g. postgres://postgres:…@127.0.0.1:PORT/postgres */
  url: string;
  stop(): Promise<void>;
}

const installCommand = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql';

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    return undefined;
  }
  const versions = readdirSync(root)
    .filter((entry) => existsSync(join(root, entry, 'bin', 'initdb')) && existsSync(join(root, entry, 'bin', 'pg_ctl')))
    .sort((left, right) => Number(right) - Number(left));
  const newest = versions[0];
  return newest === undefined ? undefined : join(root, newest, 'bin');
}

function ensureBinDir(): string {
  const existing = findBinDir();
  if (existing !== undefined) {
    return existing;
  }
  if (!isRoot()) {
    throw new Error(
      `PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are missing. Install them with:\n  sudo sh -c '${installCommand}'`,
    );
  }
  process.stderr.write('PostgreSQL binaries missing; installing Debian package "postgresql"…\n');
  const result = spawnSync('sh', ['-c', installCommand], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findBinDir();
  if (result.status !== 0 || installed === undefined) {
    throw new Error(`Installing PostgreSQL failed (exit ${String(result.status)}). Run manually:\n  ${installCommand}`);
  }
  return installed;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

interface SystemUser {
  uid: number;
  gid: number;
}

function lookUpPostgresUser(): SystemUser {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, but there is no "postgres" system user to run the server as (initdb refuses root). ' +
        `Install Debian's package, which creates it: ${installCommand}`,
    );
  }
}

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb and postgres refuse to run as root). */
function runBinary(binary: string, args: string[], asPostgresUser: boolean): { status: number | null; output: string } {
  const command = asPostgresUser ? 'runuser' : binary;
  const commandArgs = asPostgresUser ? ['-u', 'postgres', '--', binary, ...args] : args;
  const result = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    // pg_ctl keeps the server's stdout/stderr only in the log file, so this returns once the server is up.
    timeout: 120_000,
  });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function readLogTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no server log)';
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binDir = ensureBinDir();
  const asPostgresUser = isRoot();
  const directory = mkdtempSync(join(tmpdir(), 'clientele-pg-'));
  const dataDir = join(directory, 'data');
  const logFile = join(directory, 'server.log');
  const passwordFile = join(directory, 'password');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });

  if (asPostgresUser) {
    const owner = lookUpPostgresUser();
    chmodSync(directory, 0o700);
    chownSync(directory, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }

  let stopped = false;
  const removeDirectory = (): void => {
    rmSync(directory, { recursive: true, force: true });
  };
  const stopSync = (mode: 'fast' | 'immediate'): void => {
    if (stopped) {
      return;
    }
    stopped = true;
    process.removeListener('exit', onExit);
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      runBinary(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60'], asPostgresUser);
    }
    removeDirectory();
  };
  // A crashed or interrupted test run must not leave a server behind.
  const onExit = (): void => {
    stopSync('immediate');
  };
  process.on('exit', onExit);

  try {
    const initdb = runBinary(
      join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        `--pwfile=${passwordFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      asPostgresUser,
    );
    if (initdb.status !== 0) {
      throw new Error(`initdb failed (exit ${String(initdb.status)}):\n${initdb.output}`);
    }

    let lastFailure = '';
    // Another process can take the free port between probing and binding; try a few times.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const port = await findFreePort();
      appendFileSync(
        join(dataDir, 'postgresql.conf'),
        [
          '',
          '# clientele test server',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${directory}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 200',
          'shared_buffers = 32MB',
          "log_min_messages = 'warning'",
          '',
        ].join('\n'),
      );
      const start = runBinary(
        join(binDir, 'pg_ctl'),
        ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-s'],
        asPostgresUser,
      );
      if (start.status === 0) {
        const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
        return {
          url,
          stop(): Promise<void> {
            stopSync('fast');
            return Promise.resolve();
          },
        };
      }
      lastFailure = `pg_ctl start failed (exit ${String(start.status)}):\n${start.output}\n${readLogTail(logFile)}`;
    }
    throw new Error(lastFailure);
  } catch (error) {
    stopSync('immediate');
    throw error;
  }
}
