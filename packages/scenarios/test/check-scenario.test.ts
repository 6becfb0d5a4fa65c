import type { FaultConfig } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { checkScenario, replaySchedule } from '../src/check/check-scenario.js';
import { faultsSchema } from '../src/language/sections/faults.js';
import { smallRegionLossScenario } from './check-fixture.js';

// checkScenario: generated schedules, shrinking to a minimal one, and a replay document that
// reproduces the failure. Small runs: 4 simulated minutes at ~100 rps.

const S = 1_000_000;
/** "Under any single-region failure", early enough for a promotion to finish within the run. */
const singleRegionFailures = { window: { fromUs: 0, toUs: 60 * S }, kinds: ['region-outage', 'zone-outage', 'primary-failure'] as const };

describe('checkScenario', () => {
  it('finds that an active-passive async store misses rpo: 0s, shrinks it to one outage of the primary region, and the replay fails the same way', () => {
    const scenario = smallRegionLossScenario('active-passive', { rpoUs: 0 });
    scenario.config.faults = [];
    const result = checkScenario(scenario, { runs: 30, seed: 4, ...singleRegionFailures });
    expect(result.ok).toBe(false);
    const failure = result.failure;
    if (failure === undefined) return;
    // Minimal: one fault, on the store's primary region, at the window's latest start, of the
    // shortest duration generated (10 s): shorter than the failover's detection, yet the region's
    // instances restart after it and its health checks keep failing, so the failover still
    // promotes eu-west — a promotion no fault caused directly, which the RPO target counts.
    expect(failure.schedule).toEqual([{ kind: 'region-outage', region: 'us-east', startUs: 59 * S, durationUs: 10 * S }]);
    expect(failure.failed).toEqual([{ name: 'rpo', target: '≤ 0s', actual: '36.323ms', pass: false, evidence: 'orders: a promotion of eu-west at 2m50.001034s that no fault caused directly lost 3 acknowledged writes' }]);
    expect(failure.replay).toEqual({ ...scenario.document, seed: 1, faults: [{ kind: 'region-outage', region: 'us-east', at: '59s', duration: '10s' }] });

    // The replay document's faults and seed, read back through the faults section, fail the same target with the same figure.
    const replayed = replaySchedule(scenario, faultsSchema.parse(failure.replay.faults), failure.replay.seed as number);
    expect(replayed.failed).toEqual(failure.failed);
    // And without the fault it passes.
    expect(replaySchedule(scenario, [], failure.seed).ok).toBe(true);
  });

  it('is reproducible: the same scenario, options and seed give the same result', () => {
    const scenario = smallRegionLossScenario('active-passive', { rpoUs: 0 });
    // A small shrink budget keeps it quick; the shrinking path is still part of what must repeat.
    const options = { runs: 30, seed: 4, shrinkBudget: 3, ...singleRegionFailures };
    const first = checkScenario(scenario, options);
    expect(first.ok).toBe(false);
    expect(checkScenario(scenario, options)).toEqual(first);
  });

  it('passes a scenario whose targets hold under every generated schedule', () => {
    const scenario = smallRegionLossScenario('active-passive', { lostWritesMax: 1_000 });
    expect(checkScenario(scenario, { runs: 4, seed: 1, maxFaults: 2 })).toEqual({ ok: true, runs: 4 });
  });

  it("faults: 'scenario' runs the scenario's own faults once; 'added' keeps them under the generated ones", () => {
    const scenario = smallRegionLossScenario('active-passive', { rpoUs: 0 });
    const own: FaultConfig[] = [{ kind: 'region-outage', region: 'us-east', startUs: 30 * S, durationUs: 120 * S }];
    const alone = checkScenario(scenario, { faults: 'scenario' });
    expect(alone).toMatchObject({ ok: false, runs: 1, failure: { schedule: [], failed: [{ name: 'rpo', pass: false }] } });
    expect(alone.failure?.replay.faults).toEqual([{ kind: 'region-outage', region: 'us-east', at: '30s', duration: '2m' }]);
    // The scenario's own outage already fails: the generated part shrinks away entirely.
    const added = checkScenario(scenario, { faults: 'added', runs: 3, seed: 1 });
    expect(added).toMatchObject({ ok: false, runs: 1, failure: { schedule: [] } });
    expect(faultsSchema.parse(added.failure?.replay.faults)).toEqual(own);
  });

  it('varySeed draws the model seed per run too, reproducibly', () => {
    const scenario = smallRegionLossScenario('active-passive', { rpoUs: 0 });
    const options = { runs: 30, seed: 2, varySeed: true, shrinkBudget: 8, ...singleRegionFailures };
    const first = checkScenario(scenario, options);
    expect(first.ok).toBe(false);
    expect(first.failure?.seed).not.toBe(scenario.config.seed);
    expect(first.failure?.replay.seed).toBe(first.failure?.seed);
    expect(replaySchedule(scenario, first.failure?.schedule ?? [], first.failure?.seed ?? -1).failed).toEqual(first.failure?.failed);
  });

  it('reports an engine that refuses the run as a failed run evaluation, not a throw', () => {
    const scenario = smallRegionLossScenario('active-passive', {});
    scenario.config.faults = [{ kind: 'region-outage', region: 'us-eats', startUs: 0, durationUs: 10 * S }];
    const result = checkScenario(scenario, { faults: 'scenario' });
    expect(result.failure?.failed).toEqual([{ name: 'run', target: 'the engine runs the scenario', actual: expect.stringMatching(/^ModelConfigError: .*unknown region "us-eats"/s), pass: false }]);
  });
});
