import type { ModelResult } from '@stormglass/sim-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// partition-split-brain / -fencing: us-east (the primary) is cut off from eu-west and
// ap-southeast for 2 min; an availability alert makes the failover promote eu-west while
// us-east is alive. Without fencing the deposed primary keeps taking us-east's writes.

const S = 1_000_000;
const PARTITION_US = 60 * S;
const HEAL_US = 180 * S;
const US_EAST_WRITES_PER_S = 50; // 100 rps × 50% writes
const ONE_WAY_S = 0.0375; // us-east <-> eu-west, the nearest replica

const run = (name: string): ModelResult => runCatalog(name).result;

/** Poisson count within 4σ (+1) of its mean. */
function poissonWithin(measured: number, mean: number): void {
  expect(Math.abs(measured - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1);
}

const region = (r: ModelResult, id: string) => r.regions.find((g) => g.region === id)!;

describe('catalog: partition-split-brain without and with fencing', { timeout: 30_000 }, () => {
  let none: ModelResult;
  let fenced: ModelResult;
  beforeAll(() => {
    none = run('partition-split-brain');
    fenced = run('partition-split-brain-fencing');
  }, 30_000);

  it('both conserve every request', () => {
    expect(none.conservation).toEqual([]);
    expect(fenced.conservation).toEqual([]);
  });

  it('both promote eu-west during the partition while us-east is alive', () => {
    for (const result of [none, fenced]) {
      const loss = result.data[0].losses[0];
      expect(loss.newPrimary).toBe('eu-west');
      expect(loss.promotedAtUs!).toBeGreaterThan(PARTITION_US);
      expect(loss.promotedAtUs!).toBeLessThan(HEAL_US);
      expect(result.data[0].primaryAtEnd).toBe('eu-west');
      // us-east was never dark: the failover deposed a live primary.
      expect(result.eventLog.entries.some((e) => e.kind === 'split-brain')).toBe(true);
      expect(result.eventLog.entries.some((e) => e.kind === 'fault-started' && e.detail.includes('region-outage'))).toBe(false);
    }
  });

  it('without fencing: split-brain writes ≈ 50/s from the promotion to the heal, all lost with the unshipped ones', () => {
    const db = none.data[0];
    const promotedAtUs = db.losses[0].promotedAtUs!;
    expect(db.splitBrainWrites).toBeGreaterThan(0);
    poissonWithin(db.splitBrainWrites, US_EAST_WRITES_PER_S * ((HEAL_US - promotedAtUs) / S));
    // Lost: what us-east acknowledged from the partition to the promotion (never shipped) plus
    // the split-brain writes: the whole partition's writes.
    expect(db.lostWrites).toBe(db.losses[0].lostWrites + db.splitBrainWrites);
    poissonWithin(db.lostWrites, US_EAST_WRITES_PER_S * ((HEAL_US - PARTITION_US) / S));
    expect(db.fencedWrites).toBe(0);
    const fault = none.operations.faults[0];
    expect(fault.splitBrainWrites).toBe(db.splitBrainWrites);
    expect(fault.lostWrites).toBe(db.lostWrites);
    expect(fault.fencedWrites).toBe(0);
    // us-east's users never notice.
    expect(region(none, 'us-east').availability!).toBeGreaterThan(0.999);
    console.log(`partition-split-brain: promoted at ${promotedAtUs / S} s, split-brain writes ${db.splitBrainWrites}, lost ${db.lostWrites} (${db.losses[0].lostWrites} at the promotion), fenced 0, RTO ${fault.rto.rtoUs! / S} s, us-east availability ${(region(none, 'us-east').availability! * 100).toFixed(2)}%`);
  });

  it('with quorum fencing: the minority refuses its writes from the partition on; only the in-flight writes are lost', () => {
    const db = fenced.data[0];
    expect(db.splitBrainWrites).toBe(0);
    expect(db.fencedWrites).toBeGreaterThan(0);
    poissonWithin(db.fencedWrites, US_EAST_WRITES_PER_S * ((HEAL_US - PARTITION_US) / S));
    expect(db.members[0].fencedWrites).toBe(db.fencedWrites);
    // Only writes acknowledged in the last one-way delay before the partition (Poisson, mean
    // w·L ≈ 1.9) missed both replicas.
    expect(db.lostWrites).toBeLessThanOrEqual(4 * Math.sqrt(US_EAST_WRITES_PER_S * ONE_WAY_S) + US_EAST_WRITES_PER_S * ONE_WAY_S + 1);
    expect(db.lostWrites).toBeLessThan(15);
    expect(db.lostWrites).toBeLessThan(none.data[0].lostWrites / 100);
    const fault = fenced.operations.faults[0];
    expect(fault.splitBrainWrites).toBe(0);
    expect(fault.fencedWrites).toBe(db.fencedWrites);
    // The price: us-east's writes (half its requests) fail for 120 s of 270 s.
    expect(region(fenced, 'us-east').availability!).toBeLessThan(0.85);
    expect(fault.rto.status).toBe('recovered');
    expect(fault.rto.rtoUs!).toBeGreaterThanOrEqual(110 * S);
    expect(fault.rto.rtoUs!).toBeGreaterThan(none.operations.faults[0].rto.rtoUs!);
    console.log(`partition-split-brain-fencing: split-brain writes 0, fenced ${db.fencedWrites}, lost ${db.lostWrites}, RTO ${fault.rto.rtoUs! / S} s, us-east availability ${(region(fenced, 'us-east').availability! * 100).toFixed(1)}%`);
  });
});
