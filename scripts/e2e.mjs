// `npm run test:e2e`: Playwright against Debian's Chromium and a freshly built web app.
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- --project=en smoke`).
import { spawnSync } from 'node:child_process';
import { ensureChromium, ensureCjkFont } from './ensure-chromium.mjs';
import { buildServerBundle } from './server-bundle.mjs';
import { ensureWebBuild, repoRoot } from './web-build.mjs';

let serverBundle;
let chromium;
try {
  chromium = ensureChromium();
  ensureCjkFont();
  ensureWebBuild();
  serverBundle = await buildServerBundle('e2e-server');
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
    // The test servers run the bundle built above from the current sources (e2e/support/server.ts).
    env: {
      ...process.env,
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      CLIENTELE_E2E_SERVER_BUNDLE: serverBundle,
      CLIENTELE_E2E_CHROMIUM: chromium,
    },
  },
);
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
