import fc from 'fast-check';
import { checkScenario, faultScheduleArbitrary, regionLossModels, replaySchedule } from '@stormglass/scenarios';
import type { Scenario } from '@stormglass/scenarios';
import { timed } from './timing.js';

/**
 * Property-testing throughput (ARCHITECTURE §11): generated fault schedules checked per minute
 * on one core, on the standard incident — the 3-region region-loss topology (active-active,
 * multi-writer orders store), a 10-minute simulated run around the fault, 100 user requests/s
 * in all, request fidelity — each run evaluating every target and invariant.
 */
export interface CheckBenchOptions {
  /** Schedules per measurement. */
  schedules: number;
  seed: number;
}

export interface CheckBenchFigure {
  schedules: number;
  /** Every schedule simulated and evaluated (replaySchedule on fc.sample's schedules). */
  replayWallS: number;
  replaySchedulesPerMin: number;
  /** checkScenario itself (fast-check, memo of repeated schedules): `runs` / wall time. */
  checkRuns: number;
  checkWallS: number;
  checkRunsPerMin: number;
  /** Mean simulated user requests per schedule. */
  requestsPerSchedule: number;
  targetPerMinPerCore: number;
}

const S = 1_000_000;
/** The brief's target for this benchmark (ARCHITECTURE §11 says 1,000). */
export const CHECK_TARGET_PER_MIN_PER_CORE = 500;

export function standardIncident(): Scenario {
  const [activeActive] = regionLossModels({ durationUs: 600 * S, outageAtUs: 300 * S });
  const config = activeActive.config;
  config.traffic.populations = config.traffic.populations.map((p) => ({ ...p, profile: { kind: 'constant' as const, ratePerS: 100 / 3 } }));
  return {
    name: 'standard-incident',
    description: 'region-loss active-active, 10 min around the fault, 100 rps',
    lesson: [],
    expected: [],
    config,
    // Loose targets: every run is evaluated in full and none fails, so nothing is spent shrinking
    // (no RTO target: a fault late in the run is never recovered within it, which fails any).
    targets: { rpoUs: 3600 * S, availability: 0, latency: { all: { p99Us: 3600 * S } }, costMaxUsd: 1e9, lostWritesMax: 1e9 },
    invariants: ['conservation', 'no-acknowledged-write-lost', 'residency', 'segmentation', 'monotone-time'],
    segmentation: [],
    document: { name: 'standard-incident' },
  };
}

export function runCheckBench(options: CheckBenchOptions, log: (line: string) => void): CheckBenchFigure {
  const scenario = standardIncident();
  const window = { fromUs: 120 * S, toUs: 480 * S };
  const schedules = fc.sample(faultScheduleArbitrary(scenario.config, { window }), { seed: options.seed, numRuns: options.schedules });
  // Warm-up: the JIT compiles the engine's hot paths before anything is timed.
  for (const schedule of schedules.slice(0, 3)) replaySchedule(scenario, schedule, scenario.config.seed);
  let requests = 0;
  const replay = timed(() => {
    for (const schedule of schedules) {
      const run = replaySchedule(scenario, schedule, scenario.config.seed);
      if (!run.ok) throw new Error(`check bench: a schedule failed the loose targets: ${JSON.stringify(run.failed)} (${JSON.stringify(schedule)})`);
      requests += run.result?.users.started ?? 0;
    }
  });
  log(`  replay: ${schedules.length} schedules in ${replay.wallS.toFixed(1)} s`);
  const check = timed(() => checkScenario(scenario, { runs: options.schedules, seed: options.seed, window }));
  if (!check.result.ok) throw new Error('check bench: checkScenario failed the loose targets');
  log(`  checkScenario: ${check.result.runs} runs in ${check.wallS.toFixed(1)} s`);
  return {
    schedules: schedules.length,
    replayWallS: replay.wallS,
    replaySchedulesPerMin: (schedules.length / replay.wallS) * 60,
    checkRuns: check.result.runs,
    checkWallS: check.wallS,
    checkRunsPerMin: (check.result.runs / check.wallS) * 60,
    requestsPerSchedule: requests / schedules.length,
    targetPerMinPerCore: CHECK_TARGET_PER_MIN_PER_CORE,
  };
}
