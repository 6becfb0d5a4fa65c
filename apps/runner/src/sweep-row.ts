import { buildRunReport, worstRpoMs, worstRtoMs } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { SweepRow } from '@stormglass/report';
import { loadScenarioArgument } from './scenario-files.js';

export type { SweepRow };

export interface SweepTask {
  scenario: string;
  sets: readonly string[];
  seed: number;
}

/** Runs one seed of a sweep (in a worker or inline). Bad input throws: the sweep checks the scenario loads first. */
export function runSweepSeed(task: SweepTask): SweepRow {
  const { scenario, problems } = loadScenarioArgument(task.scenario, [...task.sets, `seed=${task.seed}`]);
  if (scenario === undefined) throw new Error(`seed ${task.seed}: the scenario does not load (${problems.length} problems)`);
  const result = new ModelEngine(scenario.config).run();
  const report = buildRunReport(scenario, result, 0);
  return {
    scenario: scenario.name,
    seed: task.seed,
    digest: report.digest,
    requests: report.requests.started,
    availability: report.availability,
    p99Ms: report.latencyMs.p99,
    rtoMs: worstRtoMs(report),
    rpoMs: worstRpoMs(report),
    lostWrites: report.stores.reduce((sum, s) => sum + s.lostWrites, 0),
    costUsd: report.costUsd,
    pass: report.pass,
    failed: [...report.targets, ...report.invariants].filter((e) => !e.pass).map((e) => e.name),
  };
}
