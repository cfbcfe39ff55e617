import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSmtpSink, type SmtpSink } from '../../server/test/smtp-sink.ts';
import { ensureDatabaseTemplate } from './database-template.ts';

export interface StartServerOptions {
  /** Extra or overriding environment for the server process (e.g. DATABASE_URL, SMS_PROVIDER). */
  env?: Record<string, string>;
  /**
   * Host name of the URL (and PUBLIC_URL); the server listens on 127.0.0.1 either way. Passkeys need 'localhost':
   * WebAuthn refuses an IP address as the relying party ID, and http://localhost still counts as a secure context.
   */
  host?: '127.0.0.1' | 'localhost';
}

export interface RunningServer {
  /** http://127.0.0.1:PORT (or http://localhost:PORT, see StartServerOptions.host), also the server's PUBLIC_URL */
  url: string;
  /** The in-process SMTP server the app sends its mail to. */
  mails: SmtpSink;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const readyLine = 'Clientele is running at ';
const startTimeoutMs = 60_000;
// Configuration the server reads; inherited values would make a test depend on the caller's shell.
const serverVariables = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'LOG_LEVEL',
];

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  process.kill(child.pid, 'SIGTERM');
  if (!(await waitForExit(child, 10_000))) {
    process.kill(child.pid, 'SIGKILL');
    await waitForExit(child, 5_000);
  }
}

/**
 * Starts the real server (server/src/main.ts, bundled or through tsx) on a free port with an empty (migrated) PGlite
 * data dir and an in-process SMTP sink, and resolves once it prints its ready line. Another worker can take the free
 * port between the probe and the server's listen (seen once in CI): then it starts again on another port.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startServerOnce(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('EADDRINUSE')) {
        throw error;
      }
    }
  }
}

async function startServerOnce(options: StartServerOptions): Promise<RunningServer> {
  const mails = await startSmtpSink();
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-e2e-'));
  // An empty, migrated database: a copy of the template instead of creating the cluster again.
  cpSync(ensureDatabaseTemplate(), dataDir, { recursive: true });
  const port = await findFreePort();
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !serverVariables.includes(key)) {
      environment[key] = value;
    }
  }
  Object.assign(
    environment,
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      SMTP_URL: mails.url,
      LOG_LEVEL: 'warn',
    },
    options.env,
  );

  // `npm run test:e2e` bundles the server from the current sources (scripts/server-bundle.mjs), which starts in about
  // two thirds of the time; `npx playwright test` alone runs server/src through tsx.
  const bundle = process.env.CLIENTELE_E2E_SERVER_BUNDLE;
  const entry = bundle
    ? ['--enable-source-maps', bundle]
    : ['--import', 'tsx', join(repoRoot, 'server', 'src', 'main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    // Server warnings and errors belong in the test output.
    process.stderr.write(chunk);
  });
  child.stdout.setEncoding('utf8');

  const cleanUp = async (): Promise<void> => {
    await killChild(child);
    await mails.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (reason: string): void => {
        clearTimeout(timer);
        reject(
          new Error(
            `Server did not start: ${reason}\n--- server stderr ---\n${stderr}\n--- server stdout ---\n${stdout}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        fail(`no "${readyLine.trim()}" line within ${startTimeoutMs / 1000} s`);
      }, startTimeoutMs);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes(readyLine)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => {
        fail(error.message);
      });
      child.once('exit', (code, signal) => {
        fail(`process exited (${signal ?? `code ${String(code)}`})`);
      });
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    mails,
    stop(): Promise<void> {
      stopping ??= cleanUp();
      return stopping;
    },
  };
}
