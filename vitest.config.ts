import { defineConfig } from 'vitest/config';

// One config for the whole repo. `CLIENTELE_TEST_DB=postgres` (npm run test:postgres) makes the global
// setup start a throwaway PostgreSQL server; otherwise every test app runs on an in-memory PGlite.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/dist/**', 'e2e/**'],
    pool: 'forks',
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
