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
      // Both are single-threaded, so on a 2-core machine they run side by side; their output is printed in turn.
      [
        { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
        { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
      ],
      {
        name: 'vitest (PGlite)',
        command: 'npx',
        args: ['--no-install', 'vitest', 'run'],
        env: { CLIENTELE_TEST_DB: 'pglite' },
      },
      { name: 'e2e (Chromium)', command: process.execPath, args: ['scripts/e2e.mjs'] },
    ];

/** Runs one step; with `buffered`, its output is collected and handed back instead of streamed. */
function run(step, buffered = false) {
  return new Promise((resolve) => {
    const output = [];
    const child = spawn(step.command, step.args, {
      cwd: repoRoot,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...step.env },
    });
    if (buffered) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    const finish = (exitCode) => resolve({ exitCode, output: Buffer.concat(output).toString() });
    child.on('error', (error) => {
      output.push(Buffer.from(`${step.name}: ${error.message}\n`));
      finish(1);
    });
    child.on('close', (code, signal) => {
      finish(signal === null ? (code ?? 1) : 1);
    });
  });
}

function formatDuration(milliseconds) {
  return milliseconds < 60_000
    ? `${(milliseconds / 1000).toFixed(1)}s`
    : `${Math.floor(milliseconds / 60_000)}m${Math.round((milliseconds % 60_000) / 1000)}s`;
}

const results = [];
for (const group of steps.map((entry) => (Array.isArray(entry) ? entry : [entry]))) {
  const startedAt = Date.now();
  const buffered = group.length > 1;
  if (!buffered) console.log(`\n=== ${group[0].name} ===`);
  const outcomes = await Promise.all(
    group.map(async (step) => {
      const outcome = await run(step, buffered);
      return { step, ...outcome, duration: Date.now() - startedAt };
    }),
  );
  for (const { step, exitCode, output, duration } of outcomes) {
    if (buffered) process.stdout.write(`\n=== ${step.name} ===\n${output}`);
    results.push({ name: step.name, passed: exitCode === 0, duration, exitCode });
  }
  if (outcomes.some(({ exitCode }) => exitCode !== 0)) {
    break;
  }
}

console.log('\n=== summary ===');
for (const result of results) {
  const status = result.passed ? 'passed' : `FAILED (exit ${result.exitCode})`;
  console.log(`${result.name.padEnd(22)} ${status.padEnd(18)} ${formatDuration(result.duration)}`);
}
for (const step of steps.flat().slice(results.length)) {
  console.log(`${step.name.padEnd(22)} not run (an earlier step failed)`);
}
const passed = results.filter((result) => result.passed).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
