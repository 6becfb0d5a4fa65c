import { CHECK_TARGET_PER_MIN_PER_CORE, runCheckBench } from './check-bench.js';

/**
 * `npx nx run @stormglass/bench:bench-check [-- --quick]`: the property-testing throughput
 * alone (one process, one core). Prints the figures; never fails on them.
 */
function main(argv: readonly string[]): void {
  const quick = argv.includes('--quick');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const schedules = quick ? 3 : 40;
  log(`property testing: ${schedules} generated schedules on the standard incident (3 regions, 10 min, 100 rps) …`);
  const figure = runCheckBench({ schedules, seed: 42 }, log);
  const ratio = (perMin: number): string => `${(perMin / CHECK_TARGET_PER_MIN_PER_CORE).toFixed(2)}× the ${CHECK_TARGET_PER_MIN_PER_CORE}/min/core target`;
  console.log(`generated schedules checked per minute per core (standard incident, ${Math.round(figure.requestsPerSchedule)} user requests each):`);
  console.log(`  every schedule simulated and evaluated: ${figure.replaySchedulesPerMin.toFixed(1)}/min (${figure.schedules} in ${figure.replayWallS.toFixed(1)} s), ${ratio(figure.replaySchedulesPerMin)}`);
  console.log(`  checkScenario runs:                     ${figure.checkRunsPerMin.toFixed(1)}/min (${figure.checkRuns} in ${figure.checkWallS.toFixed(1)} s), ${ratio(figure.checkRunsPerMin)}`);
}

main(process.argv.slice(2));
