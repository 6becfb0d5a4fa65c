import { describe, expect, it } from 'vitest';
import { runModel } from '../src/index.js';
import { dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';

// Each fault's window figures (stale reads, conflicts, lost updates, cost over the metrics
// intervals from its start to its recovery) come from the stores' per-interval series, which
// must add up to the stores' totals.

describe('per-fault window figures', () => {
  const result = runModel(
    dataModel({
      durationUs: 60 * S,
      oneWayUs: 30 * MS,
      users: [
        { region: 'a', ratePerS: 300, writeRatio: 0.5 },
        { region: 'b', ratePerS: 300, writeRatio: 0.5 },
      ],
      stores: [store({ mode: 'multi-writer', keys: 20, readFrom: 'local' })],
      faults: [
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 20 * S + 500 * MS, durationUs: 10 * S },
        { kind: 'traffic-spike', factor: 1, startUs: 0 },
      ],
    }),
  );
  const db = result.data[0];
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

  it('the per-interval series add up to the store\'s totals', () => {
    expect(sum(db.series.staleReads)).toBe(db.staleReads);
    expect(sum(db.series.conflicts)).toBe(db.conflicts);
    expect(sum(db.series.lostUpdates)).toBe(db.lostUpdates);
    expect(db.series.conflicts).toHaveLength(60);
  });

  it('a fault\'s window covers whole intervals from its start to its recovery, and sums the series over them', () => {
    const impact = result.operations.faults[0];
    expect(impact.window.fromUs).toBe(20 * S);
    const first = impact.window.fromUs / S;
    const last = impact.window.toUs / S - 1;
    expect(impact.window.conflicts).toBe(sum(db.series.conflicts.slice(first, last + 1)));
    expect(impact.window.staleReads).toBe(sum(db.series.staleReads.slice(first, last + 1)));
    // The partition makes every concurrent pair of writes to a key from a and b conflict.
    expect(impact.window.conflicts).toBeGreaterThan(0.5 * db.conflicts);
  });

  it('a fault that never ends (a spike of ×1 from 0) has the whole run as its window: its cost is the instances\' and the storage\'s', () => {
    const impact = result.operations.faults[1];
    expect(impact.window).toMatchObject({ fromUs: 0, toUs: 60 * S, staleReads: db.staleReads, conflicts: db.conflicts, lostUpdates: db.lostUpdates });
    const instances = sum(result.services.map((s) => s.costUsd));
    const storage = db.storageUsd;
    expect(impact.window.costUsd).toBeCloseTo(instances + storage, 9);
  });
});
