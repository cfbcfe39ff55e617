import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { fullChromiumPath, headlessShellPath } from './scripts/ensure-chromium.mjs';

const isRoot = process.getuid?.() === 0;

// Debian's Chromium, never a downloaded browser: its headless build (scripts/ensure-chromium.mjs says why), the full
// browser when only that is installed, or CLIENTELE_E2E_CHROMIUM. Flags keep it from calling out to Google's services.
const chromium =
  process.env.CLIENTELE_E2E_CHROMIUM ?? (existsSync(headlessShellPath) ? headlessShellPath : fullChromiumPath);
const chromiumArgs = [
  ...(isRoot ? ['--no-sandbox'] : []),
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  // A test's budget: the whole flow, not one step. With three workers on two cores, a flow that takes 20-30 s alone
  // has been seen to take over 60 s while the heaviest specs run beside it; steps still fail fast on `expect` (10 s).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // Each spec file starts its own server, database and mail sink, so files run side by side; E2E_WORKERS=1 runs them
  // one at a time (for debugging). A spec spends most of its time waiting on the page or the server: on two cores,
  // three workers finish the suite in about two thirds of the time two take.
  workers: Number(process.env.E2E_WORKERS ?? 3),
  fullyParallel: false,
  retries: 0,
  forbidOnly: process.env.CI !== undefined && process.env.CI !== '',
  reporter: 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    headless: true,
    // The app honours "reduce motion": no popup animations, so no click lands on a menu that is still moving.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    launchOptions: {
      executablePath: chromium,
      args: chromiumArgs,
    },
  },
  // The app picks its language from navigator.language, which `locale` sets.
  projects: [
    { name: 'en', use: { locale: 'en' } },
    { name: 'zh-CN', use: { locale: 'zh-CN' } },
  ],
});
