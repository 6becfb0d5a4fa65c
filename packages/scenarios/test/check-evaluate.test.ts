import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/check/check-scenario.js';
import { evaluateInvariants, evaluateTargets } from '../src/check/evaluate.js';
import type { Evaluation } from '../src/check/evaluate.js';
import type { InvariantName, TargetsConfig } from '../src/language/scenario-types.js';
import { smallRegionLossScenario } from './check-fixture.js';

// evaluateTargets / evaluateInvariants: each target and invariant shown to pass and to fail, on
// real runs of the small active-passive design (us-east lost at 30 s for 2 min: a promotion that
// loses writes; no fault: a quiet run) and, for the laws a sound engine never breaks, on a copy
// of a real result with the law broken by hand.

const S = 1_000_000;
const scenario = smallRegionLossScenario('active-passive', {});
const outage = replaySchedule(scenario, scenario.config.faults, 1).result as ModelResult;
const quiet = replaySchedule(scenario, [], 1).result as ModelResult;
const lateOutage = replaySchedule(scenario, [{ kind: 'region-outage', region: 'us-east', startUs: 200 * S, durationUs: 30 * S }], 1).result as ModelResult;

function only(targets: TargetsConfig, result: ModelResult): Evaluation[] {
  return evaluateTargets(targets, result);
}

function invariant(name: InvariantName, result: ModelResult, s = scenario): Evaluation {
  const [evaluation] = evaluateInvariants([name], s, result);
  return evaluation;
}

describe('evaluateTargets', () => {
  it('rto: met by a quiet run, missed by a slow recovery, failed by a fault never recovered', () => {
    expect(only({ rtoUs: 300 * S }, quiet)).toEqual([{ name: 'rto', target: '≤ 5m', actual: '0s', pass: true }]);
    expect(only({ rtoUs: 60 * S }, outage)).toEqual([{ name: 'rto', target: '≤ 1m', actual: '2m20s', pass: false, evidence: 'fault 0 (region-outage us-east at 30s)' }]);
    expect(only({ rtoUs: 300 * S }, lateOutage)).toEqual([{ name: 'rto', target: '≤ 5m', actual: 'not recovered', pass: false, evidence: 'fault 0 (region-outage us-east at 3m20s) not recovered within the run' }]);
  });

  it('rpo: 0 without a promotion, the async lag when us-east is lost', () => {
    expect(only({ rpoUs: 0 }, quiet)).toEqual([{ name: 'rpo', target: '≤ 0s', actual: '0s', pass: true }]);
    expect(only({ rpoUs: 0 }, outage)).toEqual([{ name: 'rpo', target: '≤ 0s', actual: '26.561ms', pass: false, evidence: 'fault 0 (region-outage us-east at 30s) lost 3 acknowledged writes' }]);
    expect(only({ rpoUs: 1 * S }, outage)[0].pass).toBe(true);
  });

  it('availability: over the completed user requests', () => {
    expect(only({ availability: 0.999 }, quiet)).toEqual([{ name: 'availability', target: '≥ 99.9%', actual: '100%', pass: true, evidence: '23895 of 23895 completed user requests succeeded' }]);
    expect(only({ availability: 0.999 }, outage)).toEqual([{ name: 'availability', target: '≥ 99.9%', actual: '44.5174%', pass: false, evidence: '10641 of 23903 completed user requests succeeded' }]);
  });

  it('latency: all users or one endpoint, each percentile its own evaluation; an unknown endpoint fails', () => {
    expect(only({ latency: { all: { p99Us: 5 * S }, checkout: { p50Us: 1_000 }, nope: { p99Us: 1 } } }, quiet)).toEqual([
      { name: 'latency.all.p99', target: '≤ 5s', actual: '718.8ms', pass: true },
      { name: 'latency.checkout.p50', target: '≤ 1ms', actual: '267.3ms', pass: false },
      { name: 'latency.nope.p99', target: '≤ 1us', actual: 'no such endpoint', pass: false, evidence: 'no entry endpoint named "nope" (browse, checkout)' },
    ]);
  });

  it('cost: the run\'s total', () => {
    expect(only({ costMaxUsd: 100 }, quiet)).toEqual([{ name: 'cost', target: '≤ $100.00', actual: '$0.33', pass: true }]);
    expect(only({ costMaxUsd: 0.1 }, quiet)).toEqual([{ name: 'cost', target: '≤ $0.10', actual: '$0.33', pass: false }]);
  });

  it('timeToDetect: nothing to detect passes; a fault no alert names fails', () => {
    expect(only({ timeToDetectUs: 60 * S }, quiet)).toEqual([{ name: 'timeToDetect', target: '≤ 1m', actual: '0s', pass: true }]);
    expect(only({ timeToDetectUs: 60 * S }, outage)).toEqual([{ name: 'timeToDetect', target: '≤ 1m', actual: 'not detected', pass: false, evidence: 'no alert named the part of fault 0 (region-outage us-east at 30s)' }]);
  });

  it('lostWrites: over every store', () => {
    expect(only({ lostWritesMax: 0 }, quiet)).toEqual([{ name: 'lostWrites', target: '≤ 0', actual: '0', pass: true }]);
    expect(only({ lostWritesMax: 0 }, outage)).toEqual([{ name: 'lostWrites', target: '≤ 0', actual: '3', pass: false, evidence: 'orders lost 3' }]);
  });

  it('checks only the targets given', () => {
    expect(only({}, outage)).toEqual([]);
  });
});

describe('evaluateInvariants', () => {
  it('conservation: holds on a real run; fails when a count is off or the engine reports a violation', () => {
    expect(invariant('conservation', outage)).toEqual({ name: 'conservation', target: 'started = succeeded + failed + in flight', actual: '23928 = 10641 + 13262 + 25', pass: true });
    const broken = structuredClone(outage);
    broken.users.failed += 1;
    broken.conservation.push('users: a completion without a start');
    expect(invariant('conservation', broken)).toEqual({
      name: 'conservation',
      target: 'started = succeeded + failed + in flight',
      actual: '23928 = 10641 + 13263 + 25 (2 violations)',
      pass: false,
      evidence: 'users: a completion without a start; all users: started 23928 ≠ succeeded 10641 + failed 13263 + in flight 25',
    });
  });

  it('no-acknowledged-write-lost: a sync store keeps every write through the outage; one that lost some names the store and the fault', () => {
    const sync = smallRegionLossScenario('active-passive', {}, ['no-acknowledged-write-lost']);
    sync.config.dataStores = (sync.config.dataStores ?? []).map((store) => ({ ...store, mode: 'sync', quorum: 1 }));
    const run = replaySchedule(sync, sync.config.faults, 1);
    expect(run.evaluations).toEqual([{ name: 'no-acknowledged-write-lost', target: 'sync stores lose no acknowledged write', actual: '0 lost', pass: true }]);
    expect(invariant('no-acknowledged-write-lost', outage)).toMatchObject({ actual: 'no sync store', pass: true });
    const claimed = structuredClone(outage);
    claimed.data[0].mode = 'sync';
    expect(invariant('no-acknowledged-write-lost', claimed)).toEqual({
      name: 'no-acknowledged-write-lost',
      target: 'sync stores lose no acknowledged write',
      actual: '3 lost',
      pass: false,
      evidence: 'store orders (sync) lost 3 acknowledged writes after fault 0 (region-outage us-east at 30s)',
    });
    // A deletion replicates to every member: sync replication does not save the writes since the last backup.
    const deleted = structuredClone(quiet);
    deleted.data[0].mode = 'sync';
    deleted.data[0].lostWrites = 2;
    deleted.data[0].deletions = [{ fault: 0, deletionUs: 179 * S, restoredToUs: 120 * S, restoredAtUs: null, lostWrites: 2, failedOperations: 0 }];
    expect(invariant('no-acknowledged-write-lost', deleted)).toMatchObject({ actual: '2 lost', pass: false, evidence: 'store orders (sync) lost 2 acknowledged writes after fault 0' });
  });

  it('residency: nothing to check passes; a violation fails', () => {
    expect(invariant('residency', outage)).toEqual({ name: 'residency', target: 'no residency violation', actual: 'no residency rules', pass: true });
    const moved = structuredClone(outage);
    moved.operations.residency = { zones: ['eu'], storedViolations: 2, servedViolations: 1, byZoneRegion: [{ zone: 'eu', region: 'us-east', stored: 2, served: 1 }], violations: [], unlisted: 0 };
    expect(invariant('residency', moved)).toEqual({ name: 'residency', target: 'no residency violation', actual: '3 violations', pass: false, evidence: 'zone eu in us-east: 2 stored, 1 served' });
  });

  it('segmentation: the violations found when the scenario was loaded', () => {
    expect(invariant('segmentation', quiet)).toMatchObject({ actual: '0 forbidden flows', pass: true });
    const segmented = { ...scenario, segmentation: [{ path: 'topology.dependencies[2]', file: 'shop.yaml', line: 40, column: 7, flow: 'web (public) → orders (data)', message: 'public may not reach data' }] };
    expect(invariant('segmentation', quiet, segmented)).toEqual({ name: 'segmentation', target: 'no forbidden flow', actual: '1 forbidden flow', pass: false, evidence: 'topology.dependencies[2]: web (public) → orders (data)' });
  });

  it('monotone-time: holds on a real run; fails on an event log out of order or a series short of the ticks', () => {
    expect(invariant('monotone-time', outage)).toEqual({ name: 'monotone-time', target: 'timestamps never decrease; the run ends at its duration', actual: 'ended at 4m', pass: true });
    const shuffled = structuredClone(outage);
    const entries = shuffled.eventLog.entries;
    expect(entries.length).toBeGreaterThan(1);
    const last = entries.length - 1;
    [entries[0], entries[last]] = [entries[last], entries[0]];
    expect(invariant('monotone-time', shuffled)).toMatchObject({ pass: false, evidence: expect.stringMatching(/^event log entry 1 at \d+ µs comes after one at \d+ µs/) });
    const cut = structuredClone(quiet);
    cut.metrics.users.series[0].requests.pop();
    expect(invariant('monotone-time', cut)).toMatchObject({ actual: '1 violation', pass: false, evidence: 'users series us-east/browse has 23 points for 24 ticks' });
  });
});
