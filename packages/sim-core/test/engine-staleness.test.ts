import { describe, expect, it } from 'vitest';
import { runModel } from '../src/index.js';
import type { ModelResult } from '../src/index.js';
import { dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';

// Per-key stale reads on a single-primary store (ARCHITECTURE §5: a read is stale when it
// returns a version older than the newest one acknowledged before it started). With async
// replication over a fixed one-way delay L, a replica lacks exactly the writes acknowledged in
// the last L; writes to one key are Poisson at w / K, so a read of a uniform key is stale with
// probability 1 − exp(−w·L / K).

const L = 50 * MS;
const WRITES_PER_S = 1000;

function readsAtReplica(keys: number): { reads: number; stale: number; result: ModelResult } {
  const result = runModel(
    dataModel({
      durationUs: 40 * S,
      oneWayUs: L,
      users: [
        { region: 'a', ratePerS: 2 * WRITES_PER_S, writeRatio: 0.5 },
        { region: 'b', ratePerS: 1000, writeRatio: 0 },
      ],
      stores: [store({ readFrom: 'local', keys })],
    }),
  );
  const replica = result.data[0].members[1];
  return { reads: replica.reads, stale: replica.staleReads, result };
}

function binomialWithin(hits: number, n: number, p: number): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(hits - n * p)).toBeLessThanOrEqual(4 * sigma + 1);
}

describe('stale reads per key on an async replica', () => {
  it.each([20, 100, 1000])('with %i keys, a replica read is stale with probability 1 − exp(−w·L/K)', (keys) => {
    const { reads, stale, result } = readsAtReplica(keys);
    const p = 1 - Math.exp(-(WRITES_PER_S * (L / S)) / keys);
    console.log(`staleness, ${keys} keys: ${stale} of ${reads} replica reads stale (${(stale / reads).toFixed(4)}) vs 1 − exp(−wL/K) = ${p.toFixed(4)}`);
    expect(reads).toBeGreaterThan(30_000);
    binomialWithin(stale, reads, p);
    // The region's count is the member's, and reads at the primary are never stale.
    expect(result.data[0].staleReads).toBe(stale);
    expect(result.data[0].members[0].staleReads).toBe(0);
  });

  it('with one key (the log-wide bound) a replica read is stale unless no write was acknowledged in the last L: only at the very start', () => {
    const { reads, stale } = readsAtReplica(1);
    // 1 − exp(−50): only reads in the first milliseconds of the run, before any write, are fresh.
    expect(reads - stale).toBeLessThanOrEqual(10);
  });
});
