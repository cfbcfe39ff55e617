// `npm run test:e2e`: Playwright against Debian's Chromium and a freshly built web app.
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- --project=en smoke`).
import { spawnSync } from 'node:child_process';
import { ensureChromium, warnIfNoCjkFont } from './ensure-chromium.mjs';
import { ensureWebBuild, repoRoot } from './web-build.mjs';

try {
  ensureChromium();
  warnIfNoCjkFont();
  ensureWebBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const result = spawnSync(
  'npx',
  ['--no-install', 'playwright', 'test', '--config', 'playwright.config.ts', ...process.argv.slice(2)],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  },
);
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
