import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const migrationsDir = join(repoRoot, 'server', 'src', 'db', 'migrations');

/** Where the migrated empty database for this set of migrations lives (a new migration gives a new directory). */
function templatePath(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(migrationsDir, name);
    if (statSync(path).isFile()) hash.update(name).update(readFileSync(path));
  }
  return join(tmpdir(), `clientele-e2e-template-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * A migrated, empty PGlite data directory that every test server copies instead of creating its own: creating the
 * cluster and applying the migrations is most of a server's start-up. Built once (Playwright's global set-up) with
 * `clientele migrate`, which closes the database cleanly; concurrent builders race harmlessly on the final rename.
 */
export function ensureDatabaseTemplate(): string {
  const target = templatePath();
  if (existsSync(target)) return target;
  const building = mkdtempSync(join(tmpdir(), 'clientele-e2e-template-build-'));
  const environment: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: building, LOG_LEVEL: 'warn' };
  delete environment.DATABASE_URL;
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'src', 'cli', 'main.ts'), 'migrate'], {
    cwd: repoRoot,
    env: environment,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`Could not build the test database template:\n${result.stderr}${result.stdout}`);
  }
  try {
    renameSync(building, target);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  return target;
}
