import { PLAN_FULL, PLAN_QUICK } from './plan.js';
import { formatSweepSection } from './report.js';
import { runSweepBench } from './sweep-bench.js';

/**
 * `npx nx run @stormglass/bench:bench-sweep [-- --quick]`: the sweep section of the main bench
 * alone, at the same sizes. Exits 1 if the sweeps' results differ or the runner is not built.
 */
function main(argv: readonly string[]): void {
  const plan = argv.includes('--quick') ? PLAN_QUICK : PLAN_FULL;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`stormglass sweep ${plan.sweep.scenario}, ${plan.sweep.seeds} seeds, ${plan.sweep.workers.join(' then ')} workers …`);
  const sweep = runSweepBench(plan.sweep, log);
  console.log(formatSweepSection(sweep).join('\n'));
  if (sweep.skipped !== null || !sweep.identical) process.exitCode = 1;
}

main(process.argv.slice(2));
