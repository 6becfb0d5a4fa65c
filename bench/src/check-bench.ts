import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkScenario, faultScheduleArbitrary, regionLossModels, replaySchedule } from '@stormglass/scenarios';
import type { Scenario } from '@stormglass/scenarios';
import { withChildrenCpu } from './contention.js';
import { CHECK_TARGET_PER_MIN_PER_CORE } from './targets.js';
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

/** The figure measured in a child process, and that child's CPU time (for the contention line). */
export interface CheckChildFigure {
  figure: CheckBenchFigure;
  cpuS: number;
}

const CHECK_CHILD = fileURLToPath(new URL('./check-child.js', import.meta.url));
/** 40 schedules take well under a minute on a quiet machine; ten is a hang. */
const CHECK_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * runCheckBench in a fresh process (src/check-child.ts), as `bench-check` runs it: the JIT has
 * seen nothing else, so the main bench's earlier models do not change this figure. Progress
 * lines go straight to this process's stderr.
 */
export function measureCheckInChild(options: CheckBenchOptions): CheckChildFigure {
  const { result: child, childrenCpuS } = withChildrenCpu(
    () => spawnSync(process.execPath, [CHECK_CHILD, JSON.stringify(options)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: CHECK_TIMEOUT_MS }),
    // Off Linux: the child is single-threaded and CPU-bound, so its wall time.
    (wallS) => wallS,
  );
  if (child.error !== undefined) throw new Error(`check bench child failed to start or timed out: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`check bench child exited ${String(child.status)} (its stderr is above)`);
  return { figure: JSON.parse(child.stdout) as CheckBenchFigure, cpuS: childrenCpuS };
}
