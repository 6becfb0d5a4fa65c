import { runCheckBench } from './check-bench.js';
import { PLAN_FULL, PLAN_QUICK } from './plan.js';
import { formatCheckSection } from './report.js';
import { evaluateCheckTarget } from './targets.js';

/**
 * `npx nx run @stormglass/bench:bench-check [-- --quick]`: the property-testing section of the
 * main bench alone (this process, one core), at the same sizes. Prints the figures; never fails on them.
 */
function main(argv: readonly string[]): void {
  const plan = argv.includes('--quick') ? PLAN_QUICK : PLAN_FULL;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`property testing: ${plan.check.schedules} generated schedules on the standard incident (3 regions, 10 min, 100 rps) …`);
  const figure = runCheckBench({ schedules: plan.check.schedules, seed: plan.seed }, log);
  console.log(formatCheckSection(figure, [evaluateCheckTarget(figure)]).join('\n'));
}

main(process.argv.slice(2));
