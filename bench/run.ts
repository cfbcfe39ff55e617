import { runCrmBenchmark } from './crm.bench.ts';
import { runLoginBenchmark } from './login.bench.ts';
import { runRecoveryBenchmark } from './recovery.bench.ts';

const benchmarks: Record<string, () => Promise<void>> = { login: runLoginBenchmark, recovery: runRecoveryBenchmark, crm: runCrmBenchmark };
/** Run when no name is given; crm seeds a million customers (minutes), so it runs only when asked for. */
const defaults = ['login', 'recovery'];

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : defaults;
for (const name of names) {
  const benchmark = benchmarks[name];
  if (!benchmark) {
    console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(1);
  }
  await benchmark();
}
