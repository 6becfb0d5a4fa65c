import { describe, expect, it } from 'vitest';
import { ModelEngine, planSplitBrain } from '../src/index.js';
import type { DataStoreConfig, FencingPolicy, ModelConfig, ModelResult, StoreWriteTrace } from '../src/index.js';
import { alerting, rule } from './fixtures/alert-builders.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';
import { checkWriteTraces } from './fixtures/write-checker.js';

// Split brain through a partition in the engine (issue 4's oracle: "without fencing, lost
// writes equal the writes the minority accepted during the partition; with fencing, zero").
// Region a holds the primary and is cut off from b and c for 60 s; b's users cannot reach it,
// an availability alert fires, and the failover promotes b while a is still alive (the alert
// names no region: the controller takes the primary's as the failed one). a's users go on
// using a.

const PARTITION_US = 20 * S;
const HEAL_US = 80 * S;
const WRITES_PER_S = 100;

interface Run {
  result: ModelResult;
  trace: StoreWriteTrace;
  config: ModelConfig;
}

function isolatedPrimary(fencing: FencingPolicy, partial: Partial<DataStoreConfig> = {}, regions = ['a', 'b', 'c']): Run {
  const config = dataModel({
    durationUs: 120 * S,
    regions,
    oneWayUs: 15 * MS,
    users: [
      { region: 'a', ratePerS: 2 * WRITES_PER_S, writeRatio: 0.5 },
      { region: 'b', ratePerS: 2 * WRITES_PER_S, writeRatio: 0.5 },
    ],
    stores: [store({ replicas: regions.slice(1), fencing, ...partial })],
    failovers: partial.mode === 'multi-writer' ? undefined : [automaticFailover({ routing: 'independent', detection: 'alert', alert: 'Unavailable' })],
    faults: regions.slice(1).map((other) => ({ kind: 'link-partition' as const, between: ['a', other] as [string, string], direction: 'both' as const, startUs: PARTITION_US, durationUs: HEAL_US - PARTITION_US })),
  });
  config.alerting = alerting([rule('Unavailable', { metric: 'availability', scope: {}, comparator: '<', threshold: 0.9, forUs: 0, evaluationIntervalUs: 5 * S })]);
  const engine = new ModelEngine(config, { writeTrace: true });
  const result = engine.run();
  const trace = (engine.writeTrace() ?? [])[0];
  for (const check of checkWriteTraces([trace], result)) expect(check.problems).toEqual([]);
  return { result, trace, config };
}

/** Writes the old primary (member 0, region a) accepted during the partition: in its log before the promotion, and as a deposed primary after. */
function minorityAccepted(run: Run): number {
  const promotedAtUs = run.result.data[0].losses[0]?.promotedAtUs ?? Number.POSITIVE_INFINITY;
  const inLog = run.trace.logCalls.filter((call) => call.op === 'write' && call.nowUs >= PARTITION_US && call.nowUs < Math.min(HEAL_US, promotedAtUs)).length;
  return inLog + run.trace.splitBrainWrites.filter((w) => w.madeUs >= PARTITION_US && w.madeUs < HEAL_US).length;
}

function poissonWithin(measured: number, mean: number): void {
  expect(Math.abs(measured - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1);
}

describe('split brain: a primary cut off by a partition and replaced by a failover', { timeout: 30_000 }, () => {
  const none = isolatedPrimary('none');
  const fenced = isolatedPrimary('fencing');
  const quorum = isolatedPrimary('quorum');

  it('without fencing: lost writes equal the writes the minority accepted during the partition, exactly', () => {
    const db = none.result.data[0];
    const impact = none.result.operations.faults[0];
    const promotedAtUs = db.losses[0].promotedAtUs as number;
    expect(promotedAtUs).toBeGreaterThan(PARTITION_US);
    expect(db.losses[0].fault).toBe(0);
    const accepted = minorityAccepted(none);
    expect(db.lostWrites).toBe(accepted);
    expect(impact.lostWrites).toBe(accepted);
    poissonWithin(accepted, WRITES_PER_S * (HEAL_US - PARTITION_US) / S);
    // After the promotion the deposed primary took a's writes until the heal: split-brain writes.
    expect(db.splitBrainWrites).toBe(none.trace.splitBrainWrites.length);
    poissonWithin(db.splitBrainWrites, WRITES_PER_S * (HEAL_US - promotedAtUs) / S);
    expect(impact.splitBrainWrites).toBe(db.splitBrainWrites);
    const kinds = none.result.eventLog.entries.map((e) => e.kind);
    expect(kinds).toContain('split-brain');
    expect(kinds).toContain('split-brain-healed');
    console.log(`split brain, none: ${accepted} writes accepted by the minority in the partition, ${db.lostWrites} lost (${db.losses[0].lostWrites} at the promotion at ${promotedAtUs / S} s, ${db.splitBrainWrites} split-brain)`);
  });

  it('with fencing: the deposed primary refuses writes from the promotion on, so no split-brain write is lost', () => {
    const db = fenced.result.data[0];
    const promotedAtUs = db.losses[0].promotedAtUs as number;
    expect(db.splitBrainWrites).toBe(0);
    expect(fenced.result.operations.faults[0].splitBrainWrites).toBe(0);
    // Lost: only what a accepted before the token moved (the promotion's own RPO).
    expect(db.lostWrites).toBe(db.losses[0].lostWrites);
    poissonWithin(db.lostWrites, WRITES_PER_S * (promotedAtUs - PARTITION_US) / S);
    poissonWithin(db.fencedWrites, WRITES_PER_S * (HEAL_US - promotedAtUs) / S);
    console.log(`split brain, fencing: ${db.lostWrites} lost at the promotion, ${db.fencedWrites} refused by the fenced primary`);
  });

  it('with quorum: the minority refuses every write from the partition on, and nothing is lost', () => {
    const db = quorum.result.data[0];
    expect(db.lostWrites).toBe(0);
    expect(db.splitBrainWrites).toBe(0);
    expect(db.losses[0].promotedAtUs).not.toBeNull();
    expect(db.losses[0].rpoUs).toBe(0);
    poissonWithin(db.fencedWrites, WRITES_PER_S * (HEAL_US - PARTITION_US) / S);
    expect(db.members[0].fencedWrites).toBe(db.fencedWrites);
    console.log(`split brain, quorum: 0 lost, ${db.fencedWrites} refused by the minority`);
  });

  it('with quorum and two regions neither side has a majority: both refuse writes and the failover does not promote', () => {
    const two = isolatedPrimary('quorum', {}, ['a', 'b']);
    const db = two.result.data[0];
    expect(db.lostWrites).toBe(0);
    expect(db.primaryAtEnd).toBe('a');
    expect(two.result.eventLog.entries.some((e) => e.kind === 'failover-failed' && e.detail.includes('majority'))).toBe(true);
    // The engine's sides agree with the part's plan for the same partition.
    expect(planSplitBrain({ regionCount: 2, sideA: [0], startUs: PARTITION_US, endUs: HEAL_US, fencing: 'quorum', tokenRegion: 0 }).accepts).toEqual([false, false]);
  });
});

describe('split brain in a multi-writer store', { timeout: 30_000 }, () => {
  function multi(fencing: FencingPolicy): ModelResult {
    return isolatedPrimary(fencing, { mode: 'multi-writer', keys: 50 }).result;
  }

  it('without fencing both sides write and last-writer-wins reconciles: writes during the split are counted, conflicts rise', () => {
    const none = multi('none');
    const quorum = multi('quorum');
    const dbNone = none.data[0];
    const dbQuorum = quorum.data[0];
    // Every write during the partition is made while the members are split (a's and b's).
    poissonWithin(dbNone.splitBrainWrites, 2 * WRITES_PER_S * (HEAL_US - PARTITION_US) / S);
    expect(dbNone.fencedWrites).toBe(0);
    // With quorum the isolated a refuses its writes; b and c (a majority) go on.
    poissonWithin(dbQuorum.members[0].fencedWrites, WRITES_PER_S * (HEAL_US - PARTITION_US) / S);
    expect(dbQuorum.members[1].fencedWrites).toBe(0);
    expect(dbQuorum.conflicts).toBeLessThan(dbNone.conflicts);
    console.log(`multi-writer split: none ${dbNone.splitBrainWrites} writes while split, ${dbNone.conflicts} conflicts, ${dbNone.lostUpdates} lost updates; quorum ${dbQuorum.fencedWrites} refused, ${dbQuorum.conflicts} conflicts`);
  });

  it('with fencing only the token holder\'s side (the first member, a) writes', () => {
    const fencing = multi('fencing');
    const db = fencing.data[0];
    expect(db.members[0].fencedWrites).toBe(0);
    poissonWithin(db.members[1].fencedWrites, WRITES_PER_S * (HEAL_US - PARTITION_US) / S);
  });
});
