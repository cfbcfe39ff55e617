import { runLoginBenchmark } from './login.bench.ts';
import { runRecoveryBenchmark } from './recovery.bench.ts';

const benchmarks: Record<string, () => Promise<void>> = { login: runLoginBenchmark, recovery: runRecoveryBenchmark };

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
for (const name of names) {
  const benchmark = benchmarks[name];
  if (!benchmark) {
    console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(1);
  }
  await benchmark();
}
