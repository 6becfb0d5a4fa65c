import fc from 'fast-check';
import { ModelEngine } from '@stormglass/sim-core';
import type { FaultConfig, ModelResult } from '@stormglass/sim-core';
import type { Scenario } from '../language/scenario-types.js';
import { faultScheduleArbitrary } from './arbitraries.js';
import type { FaultScheduleOptions } from './arbitraries.js';
import { evaluateInvariants, evaluateTargets } from './evaluate.js';
import type { Evaluation } from './evaluate.js';
import { faultToSource } from './fault-source.js';

/**
 * How the generated schedule meets the scenario's own faults:
 * - `generated` (default): the schedule replaces them. The property is about the design ("RPO 0
 *   under any single-region failure"), and a failure shrinks to a schedule that is the whole
 *   story, so the replay holds nothing the shrinker could not remove.
 * - `added`: the scenario's faults always run, the schedule comes on top (a story plus chaos);
 *   the failure's `schedule` is the added part, the replay holds both.
 * - `scenario`: no generated faults; one run of the scenario as written.
 */
export type CheckFaults = 'generated' | 'added' | 'scenario';

export interface CheckOptions extends FaultScheduleOptions {
  /** Generated schedules checked (default 100; 1 with `faults: 'scenario'`). */
  runs?: number;
  /** fast-check's seed: same scenario, options and seed, same result (default the scenario's seed). */
  seed?: number;
  /** Default `generated`. */
  faults?: CheckFaults;
  /** Also draw the model's seed per run (default false: every run uses the scenario's seed, so runs differ only by their faults). */
  varySeed?: boolean;
  /** Runs spent shrinking a failure at most (default 200); then the smallest failure so far is reported. */
  shrinkBudget?: number;
}

/** The defaults of checkScenario, written once. */
export const CHECK_DEFAULTS = Object.freeze({ runs: 100, faults: 'generated' as CheckFaults, varySeed: false, shrinkBudget: 200 });

/** One run of a scenario with a schedule: its result (null when the engine threw) and what was checked. */
export interface ScheduleRun {
  /** The faults that ran (the scenario's and the schedule's, by the `faults` mode). */
  faults: FaultConfig[];
  seed: number;
  result: ModelResult | null;
  evaluations: Evaluation[];
  failed: Evaluation[];
  ok: boolean;
}

export interface CheckFailure {
  /** The shrunk generated schedule (with `added`, only the generated part). */
  schedule: FaultConfig[];
  /** The model seed the failing run used: the replay's. */
  seed: number;
  /** The targets and invariants that failed on the shrunk schedule. */
  failed: Evaluation[];
  /** Every target and invariant of that run. */
  evaluations: Evaluation[];
  /** The scenario document with the seed fixed and the faults replaced by the ones that ran. */
  replay: Record<string, unknown>;
  /** How fast-check found it: its seed and path replay the search (`fc.check(…, { seed, path })`). */
  check: { seed: number; path: string; shrinks: number };
}

export interface CheckResult {
  ok: boolean;
  /** Schedules run before the first failure (or all of them). */
  runs: number;
  failure?: CheckFailure;
}

function faultsFor(scenario: Scenario, schedule: readonly FaultConfig[], mode: CheckFaults): FaultConfig[] {
  return mode === 'generated' ? [...schedule] : mode === 'added' ? [...scenario.config.faults, ...schedule] : [...scenario.config.faults];
}

/**
 * Runs `scenario` once with `schedule` (in the `faults` mode, default `generated`: the schedule
 * replaces the scenario's faults) and model seed `seed`, and evaluates its targets and
 * invariants. An engine exception is a failed `run` evaluation, not a throw.
 */
export function replaySchedule(scenario: Scenario, schedule: readonly FaultConfig[], seed: number, mode: CheckFaults = CHECK_DEFAULTS.faults): ScheduleRun {
  const faults = faultsFor(scenario, schedule, mode);
  let result: ModelResult | null = null;
  let evaluations: Evaluation[];
  try {
    result = new ModelEngine({ ...scenario.config, seed, faults }).run();
    evaluations = [...evaluateTargets(scenario.targets, result), ...evaluateInvariants(scenario.invariants, scenario, result)];
  } catch (error) {
    evaluations = [{ name: 'run', target: 'the engine runs the scenario', actual: error instanceof Error ? `${error.name}: ${error.message}` : String(error), pass: false }];
  }
  const failed = evaluations.filter((e) => !e.pass);
  return { faults, seed, result, evaluations, failed, ok: failed.length === 0 };
}

/** The scenario document with `seed` fixed and `faults` written back in the faults language. */
export function replayDocument(scenario: Scenario, faults: readonly FaultConfig[], seed: number): Record<string, unknown> {
  return { ...scenario.document, seed, faults: faults.map(faultToSource) };
}

/**
 * Runs `scenario` under `runs` generated fault schedules (fast-check, deterministic given
 * `seed`), evaluating its targets and invariants after each; the first failure is shrunk to a
 * minimal schedule (fewer, later, shorter, milder faults) and returned with a replay document.
 */
export function checkScenario(scenario: Scenario, options: CheckOptions = {}): CheckResult {
  const mode = options.faults ?? CHECK_DEFAULTS.faults;
  const shrinkBudget = options.shrinkBudget ?? CHECK_DEFAULTS.shrinkBudget;
  const fcSeed = options.seed ?? scenario.config.seed;
  const schedules = mode === 'scenario' ? fc.constant<FaultConfig[]>([]) : faultScheduleArbitrary(scenario.config, options);
  const seeds = options.varySeed === true ? fc.integer({ min: 0, max: 0x7fff_ffff }) : fc.constant(scenario.config.seed);
  const numRuns = mode === 'scenario' ? 1 : (options.runs ?? CHECK_DEFAULTS.runs);
  // Runs since the first failure (-1: none yet). Past the budget no candidate is accepted, so
  // fast-check keeps the smallest failure found so far.
  let shrinkRuns = -1;
  // Many shrink candidates differ only in draws the fault does not use (a region outage has no
  // intensity): the same faults and seed give the same run, so each is run once.
  const seen = new Map<string, boolean>();
  const property = fc.property(seeds, schedules, (seed, schedule) => {
    const key = JSON.stringify([seed, schedule]);
    const known = seen.get(key);
    if (known !== undefined) return known;
    if (shrinkRuns >= shrinkBudget) return true;
    if (shrinkRuns >= 0) shrinkRuns++;
    const run = replaySchedule(scenario, schedule, seed, mode);
    if (!run.ok && shrinkRuns < 0) shrinkRuns = 0;
    seen.set(key, run.ok);
    return run.ok;
  });
  const details = fc.check(property, { seed: fcSeed, numRuns });
  if (!details.failed || details.counterexample === null) return { ok: true, runs: details.numRuns };
  const [seed, schedule] = details.counterexample;
  const run = replaySchedule(scenario, schedule, seed, mode);
  return {
    ok: false,
    runs: details.numRuns,
    failure: {
      schedule: [...schedule],
      seed,
      failed: run.failed,
      evaluations: run.evaluations,
      replay: replayDocument(scenario, run.faults, seed),
      check: { seed: details.seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks },
    },
  };
}
