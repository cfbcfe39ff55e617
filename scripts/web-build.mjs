// Shared by start.mjs and e2e.mjs: rebuild web/dist only when a source file is newer than the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const webDir = join(repoRoot, 'web');
const builtIndex = join(webDir, 'dist', 'index.html');
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((entry) => join(webDir, entry));

function newestModification(path) {
  if (!existsSync(path)) {
    return 0;
  }
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    return stats.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestModification(join(path, entry)));
  }
  return newest;
}

/** True when web/dist/index.html is missing or older than any web source file. */
export function isWebBuildStale() {
  if (!existsSync(builtIndex)) {
    return true;
  }
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.some((source) => newestModification(source) > builtAt);
}

/** Builds the web app (`npm run build -w web`) when stale; quiet when it is current. Returns whether it built. */
export function ensureWebBuild() {
  if (!isWebBuildStale()) {
    return false;
  }
  console.log('Building the web app (web/dist is missing or older than web/src)…');
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', 'web'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`Building the web app failed (exit ${String(result.status)}).`);
  }
  return true;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureWebBuild();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
