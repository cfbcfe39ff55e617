import { defineConfig } from 'vitest/config';

// One config for the whole repo. `CLIENTELE_TEST_DB=postgres` (npm run test:postgres) makes the global
// setup start a throwaway PostgreSQL server; otherwise every test app runs on an in-memory PGlite.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/dist/**', 'e2e/**'],
    pool: 'forks',
    // Test files share a worker's loaded modules: importing the server (and compiling PGlite's WebAssembly) once per
    // worker instead of once per file. Nothing in the suite keeps state between files (no module mocks; every test
    // app has its own database).
    isolate: false,
    // The CI machines have 2 cores; argon2 hashing is CPU-bound, more workers only thrash.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    globalSetup: ['server/test/global-setup.ts'],
    restoreMocks: true,
    unstubEnvs: true,
  },
});
