import { measureCheckInChild } from './check-bench.js';
import { HOLD_MEAN_US, runHold } from './hold.js';
import type { HoldFigure } from './hold.js';
import { startContentionProbe } from './contention.js';
import { describeMachine } from './machine.js';
import { compareMmc } from './mmc-compare.js';
import { runDataBench } from './data-bench.js';
import { measureModelRss, runModelBench } from './model-bench.js';
import { USAGE, parseOptions } from './options.js';
import { PLAN_FULL, PLAN_QUICK, holdWarmup } from './plan.js';
import { formatReport, fmtRate, writeReport } from './report.js';
import type { BenchReport } from './report.js';
import { probeSimpy } from './simpy-peer.js';
import { runSweepBench } from './sweep-bench.js';
import { evaluateTargets } from './targets.js';
import { elapsedS, monotonicNs, timed } from './timing.js';

/**
 * Runs every benchmark, prints the table to stdout and writes bench/results/*.json.
 * Progress goes to stderr so stdout is the table alone. Exits 0 whether or not targets are
 * met; only a real error (a kernel exception, a bad option) exits non-zero.
 */
function main(argv: readonly string[]): void {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    // A usage mistake, not a crash: the message, no stack trace.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const plan = options.quick ? PLAN_QUICK : PLAN_FULL;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const startNs = monotonicNs();
  const date = new Date().toISOString();
  const contentionProbe = startContentionProbe();

  const simpy = probeSimpy(options.pythonPath);
  log(simpy.available ? `SimPy peer: Python ${simpy.python}, SimPy ${simpy.simpyVersion}` : `SimPy peer skipped: ${simpy.reason}`);

  const holdFigures: HoldFigure[] = [];
  for (const pending of plan.hold.pendings) {
    log(`hold model, ${pending} pending …`);
    const figure = runHold({
      pending,
      eventsWarmup: holdWarmup(plan, pending),
      eventsTimed: plan.hold.eventsTimed,
      repetitions: plan.hold.repetitions,
      seed: plan.seed,
    });
    log(`  ${figure.eventsPerSRuns.map(fmtRate).join(', ')} events/s`);
    holdFigures.push(figure);
  }

  log(`M/M/c, ${plan.mmc.customers} customers, ${plan.mmc.rounds} alternating rounds …`);
  const mmc = compareMmc({ ...plan.mmc, seed: plan.seed }, simpy, log);

  log(`request-level model, ${plan.model.ratePerRegionPerS}/s per region …`);
  const modelRuns = runModelBench(plan.model, plan.seed, log);
  log(`  peak RSS: a ${plan.model.rssRequests.toLocaleString('en-US')}-request run in a child process …`);
  const rss = timed(() => measureModelRss(plan.model, plan.seed));
  const model = { ...modelRuns, rss: rss.result };
  log(`data layer, ${plan.data.ratePerRegionPerS}/s per region, ${plan.data.rounds} alternating rounds …`);
  const data = runDataBench(plan.data, plan.seed, log);
  log(`property testing, ${plan.check.schedules} generated schedules on the standard incident, in a child process …`);
  const check = measureCheckInChild({ schedules: plan.check.schedules, seed: plan.seed });
  log(`stormglass sweep ${plan.sweep.scenario}, ${plan.sweep.seeds} seeds, ${plan.sweep.workers.join(' then ')} workers …`);
  const sweep = runSweepBench(plan.sweep, log);
  if (sweep.skipped !== null) log(`  skipped: ${sweep.skipped}`);
  const sweepCpuS = sweep.skipped === null ? sweep.runs.reduce((sum, r) => sum + r.cpuS, 0) : 0;
  const simpyWallS = mmc.rounds.reduce((sum, r) => sum + (r.simpyProcessWallS ?? 0), 0);

  const report: BenchReport = {
    schema: 1,
    date,
    quick: options.quick,
    machine: describeMachine(simpy),
    hold: { meanUs: HOLD_MEAN_US, repetitions: plan.hold.repetitions, figures: holdFigures },
    mmc,
    model,
    data,
    check: check.figure,
    sweep,
    // SimPy and the RSS child are single-threaded and CPU-bound: their wall time stands for their CPU time.
    contention: contentionProbe.finish(simpyWallS + rss.wallS + check.cpuS + sweepCpuS),
    targets: evaluateTargets(holdFigures, mmc, model, data, check.figure),
    wallS: elapsedS(startNs),
  };
  console.log(formatReport(report));
  const paths = writeReport(report);
  console.log(`\nresults: ${paths.join(', ')} (bench took ${report.wallS.toFixed(0)} s)`);
}

main(process.argv.slice(2));
