import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplicationLog } from '../src/model/data/replication/index.js';
import type { ReplicationConfig, ReplicationMode } from '../src/model/data/replication/index.js';
import { ReferenceLog } from './fixtures/replication-reference.js';

/**
 * Bandwidths that make a 1000-byte write's serialization a binary fraction of a µs (0, 0.25,
 * 0.5, 1, 1.25, 2, 2.5, 10), so the reference's sums are exact and the rounding rule (ceil, not
 * round) is exercised.
 */
const BANDWIDTHS = [Infinity, 3.2e10, 1.6e10, 8e9, 6.4e9, 4e9, 3.2e9, 8e8];
const WRITE_BYTES = 1000;

type Op =
  | { kind: 'write'; gap: number; to: number[]; back: number[] }
  | { kind: 'read' | 'lag'; gap: number; member: number }
  | { kind: 'fault'; gap: number; promoteAfter: number; choice: number; to: number[] }
  | { kind: 'fail-replica' | 'reconnect' | 'rejoin'; gap: number; member: number; delay: number };

const delay = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3000 }), weight: 20 }, { arbitrary: fc.constantFrom(Infinity, -1), weight: 1 });
const delays = (n: number): fc.Arbitrary<number[]> => fc.array(delay, { minLength: n, maxLength: n });
const finiteDelays = (n: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: n, maxLength: n });

function scenario(): fc.Arbitrary<{ config: ReplicationConfig; bw: number[]; ops: Op[] }> {
  return fc
    .record({
      mode: fc.constantFrom<ReplicationMode>('sync', 'async', 'semi-sync'),
      replicas: fc.integer({ min: 1, max: 4 }),
      quorumShare: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      timeout: fc.constantFrom(1, 200, 1500, 100_000),
    })
    .chain(({ mode, replicas, quorumShare, timeout }) => {
      const n = replicas + 1;
      const config: ReplicationConfig = {
        mode,
        replicas,
        quorum: 1 + Math.floor(quorumShare * replicas),
        semiSyncTimeoutUs: timeout,
        writeSizeBytes: WRITE_BYTES,
      };
      const member = fc.integer({ min: 0, max: n - 1 });
      const gap = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 400 }), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 8000 }), weight: 1 });
      const op: fc.Arbitrary<Op> = fc.oneof(
        { arbitrary: fc.record({ kind: fc.constant('write' as const), gap, to: delays(n), back: delays(n) }), weight: 12 },
        { arbitrary: fc.record({ kind: fc.constantFrom('read' as const, 'lag' as const), gap, member }), weight: 8 },
        {
          arbitrary: fc.record({ kind: fc.constant('fault' as const), gap, promoteAfter: fc.integer({ min: 0, max: 5000 }), choice: fc.integer({ min: -1, max: n - 1 }), to: finiteDelays(n) }),
          weight: 1,
        },
        { arbitrary: fc.record({ kind: fc.constantFrom('fail-replica' as const, 'reconnect' as const, 'rejoin' as const), gap, member, delay: fc.integer({ min: 0, max: 3000 }) }), weight: 2 },
      );
      return fc.record({
        config: fc.constant(config),
        bw: fc.array(fc.constantFrom(...BANDWIDTHS), { minLength: n * n, maxLength: n * n }),
        ops: fc.array(op, { minLength: 10, maxLength: 200, size: 'max' }),
      });
    });
}

/** Drives the model and the reference through the same operations, comparing every answer. */
function compare(config: ReplicationConfig, bw: number[], ops: Op[]): void {
  const n = config.replicas + 1;
  const lostIds: number[] = [];
  // A tiny ring, so trimming and growth happen all the time.
  const model = new ReplicationLog(config, { bandwidthBitsPerS: Float64Array.from(bw), initialCapacity: 2, onWriteLost: (id) => lostIds.push(id) });
  const ser = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => (WRITE_BYTES * 8e6) / bw[a * n + b]));
  const ref = new ReferenceLog(config, ser);
  let t = 0;
  for (const op of ops) {
    t += op.gap;
    if (op.kind === 'write') {
      if (ref.primaryLost) continue;
      expect(model.write(t, Float64Array.from(op.to), Float64Array.from(op.back))).toBe(ref.write(t, op.to, op.back));
    } else if (op.kind === 'read' || op.kind === 'lag') {
      const canRead = (op.member === ref.primary && !ref.primaryLost) || ref.readable(op.member, t);
      if (op.kind === 'lag') expect(model.lagUs(op.member, t)).toBe(ref.lag(op.member, t));
      else if (canRead) expect(model.isStaleRead(op.member, t)).toBe(ref.stale(op.member, t));
    } else if (op.kind === 'fault') {
      if (ref.primaryLost) continue;
      const failure = model.failPrimary(t);
      const failedIds = ref.failPrimary(t);
      expect(failure.failedWrites).toBe(failedIds.length);
      expect(failure.firstFailedId).toBe(failedIds.length > 0 ? failedIds[0] : -1);
      expect(failedIds.every((id, i) => id === failedIds[0] + i)).toBe(true);
      t += op.promoteAfter;
      const best = ref.mostCaughtUp(ref.faultUs);
      expect(model.mostCaughtUpReplica()).toBe(best);
      const target = op.choice >= 0 && ref.readable(op.choice, ref.faultUs) ? op.choice : best;
      if (target < 0) break; // nothing left to promote: the store is gone; the laws must still hold
      const lostBefore = lostIds.length;
      const result = model.promote(target, t, Float64Array.from(op.to));
      const expected = ref.promote(target, t, op.to, failedIds);
      expect({ lost: result.lostWrites, rpo: result.rpoUs, survived: result.survivedUnacknowledged }).toEqual({
        lost: expected.lostIds.length,
        rpo: expected.rpoUs,
        survived: expected.survived,
      });
      expect(lostIds.slice(lostBefore)).toEqual(expected.lostIds);
      for (const id of failedIds) expect(model.isFailedWrite(id)).toBe(true);
    } else if (op.kind === 'fail-replica') {
      if (op.member === ref.primary || !ref.live[op.member]) continue;
      model.failReplica(op.member, t);
      ref.live[op.member] = false;
    } else if (op.kind === 'reconnect') {
      if (op.member === ref.primary || !ref.live[op.member] || ref.primaryLost) continue;
      expect(model.reconnect(op.member, t, op.delay)).toBe(ref.reconnect(op.member, t, op.delay));
    } else if (op.kind === 'rejoin') {
      if (ref.live[op.member] || ref.primaryLost) continue;
      model.rejoin(op.member, t, t + op.delay);
      ref.rejoin(op.member, t, t + op.delay);
    }
  }
  model.acknowledgedPosition(t); // brings the model's time to t
  expect(model.degradations).toBe(ref.degradations);
  expect(model.blockedWrites).toBe(ref.blocked);
  expect(model.lostWrites).toBe(ref.lostTotal);
  expect(model.logLength).toBe(ref.log.length);
  expect(model.acknowledgedWrites).toBe(ref.acknowledged(t));
  expect(model.checkConservation()).toEqual([]);
}

describe('ReplicationLog against a plain-array reference of the definitions', () => {
  it('acks, stale reads, lag, failovers (lost writes, RPO, failed, survivors) and counters agree for random histories (property)', () => {
    fc.assert(
      fc.property(scenario(), ({ config, bw, ops }) => compare(config, bw, ops)),
      { numRuns: 400 },
    );
  });
});
