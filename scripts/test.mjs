// `npm test`: lint, typecheck, unit + integration (PGlite), end-to-end (Chromium); stops at the first failure.
// `npm run test:postgres` (`--postgres`): only the vitest suite, against a throwaway PostgreSQL server.
import { spawn } from 'node:child_process';
import { repoRoot } from './web-build.mjs';

const postgres = process.argv.includes('--postgres');

const steps = postgres
  ? [
      {
        name: 'vitest (PostgreSQL)',
        command: 'npx',
        args: ['--no-install', 'vitest', 'run'],
        env: { CLIENTELE_TEST_DB: 'postgres' },
      },
    ]
  : [
      { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
      { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
      {
        name: 'vitest (PGlite)',
        command: 'npx',
        args: ['--no-install', 'vitest', 'run'],
        env: { CLIENTELE_TEST_DB: 'pglite' },
      },
      { name: 'e2e (Chromium)', command: process.execPath, args: ['scripts/e2e.mjs'] },
    ];

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, ...step.env },
    });
    child.on('error', (error) => {
      console.error(`${step.name}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      resolve(signal === null ? (code ?? 1) : 1);
    });
  });
}

function formatDuration(milliseconds) {
  return milliseconds < 60_000
    ? `${(milliseconds / 1000).toFixed(1)}s`
    : `${Math.floor(milliseconds / 60_000)}m${Math.round((milliseconds % 60_000) / 1000)}s`;
}

const results = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const startedAt = Date.now();
  const exitCode = await run(step);
  results.push({ name: step.name, passed: exitCode === 0, duration: Date.now() - startedAt, exitCode });
  if (exitCode !== 0) {
    break;
  }
}

console.log('\n=== summary ===');
for (const result of results) {
  const status = result.passed ? 'passed' : `FAILED (exit ${result.exitCode})`;
  console.log(`${result.name.padEnd(22)} ${status.padEnd(18)} ${formatDuration(result.duration)}`);
}
for (const step of steps.slice(results.length)) {
  console.log(`${step.name.padEnd(22)} not run (an earlier step failed)`);
}
const passed = results.filter((result) => result.passed).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
