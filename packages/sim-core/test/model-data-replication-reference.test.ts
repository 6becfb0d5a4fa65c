import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplicationLog } from '../src/model/data/replication/index.js';
import type { ReplicationConfig, ReplicationMode } from '../src/model/data/replication/index.js';

/**
 * The reference model: the whole history in plain arrays, every question answered from the
 * definitions by scanning all writes, with no pointers, no ring and no trimming.
 *
 * - Shipping is the recurrence of the contract, d = max(t, d') + ser, a = max(ceil(d + to), a'),
 *   r = max(ceil(a + back), r'), with ceil as the model's (1 ns slack).
 * - The acknowledgement sorts the arrivals (the model selects in place).
 * - Stale / lag / lost / RPO / failed / survived come from the DEFINITIONS (ARCHITECTURE.md §5
 *   and the brief): "acknowledged by T and not applied at r by T", scanned over every write,
 *   not from prefix counts. The model's prefix pointers must agree with them.
 */
const SLACK = 1e-3;
const ceil = (x: number): number => Math.ceil(x - SLACK);
const undelivered = (d: number): boolean => d < 0 || d === Infinity;

interface Entry {
  id: number;
  commit: number;
  clientAcked: boolean;
  apply: number[];
}

interface ReferencePromotion {
  lostIds: number[];
  rpoUs: number;
  failedIds: number[];
  survived: number;
}

class ReferenceLog {
  readonly n: number;
  readonly quorum: number;
  log: Entry[] = [];
  primary = 0;
  primaryLost = false;
  faultUs = NaN;
  live: boolean[];
  readyAt: number[];
  dep: number[];
  lastApply: number[];
  lastArrival: number[];
  lastAck = -Infinity;
  nextId = 0;
  degradations = 0;
  blocked = 0;
  lostTotal = 0;
  acknowledgedLost = 0;

  constructor(
    readonly config: ReplicationConfig,
    readonly ser: number[][],
  ) {
    this.n = config.replicas + 1;
    this.quorum = config.mode === 'async' ? 0 : (config.quorum ?? 1);
    this.live = Array.from({ length: this.n }, () => true);
    this.readyAt = Array.from({ length: this.n }, () => -Infinity);
    this.dep = Array.from({ length: this.n }, () => -Infinity);
    this.lastApply = Array.from({ length: this.n }, () => -Infinity);
    this.lastArrival = Array.from({ length: this.n }, () => -Infinity);
  }

  write(t: number, to: number[], back: number[]): number {
    const apply: number[] = [];
    const arrivals: number[] = [];
    for (let m = 0; m < this.n; m++) {
      if (m === this.primary) {
        apply.push(t);
        continue;
      }
      if (!this.live[m]) {
        apply.push(Infinity);
        continue;
      }
      this.dep[m] = Math.max(t, this.dep[m]) + this.ser[this.primary][m];
      this.lastApply[m] = Math.max(undelivered(to[m]) ? Infinity : ceil(this.dep[m] + to[m]), this.lastApply[m]);
      apply.push(this.lastApply[m]);
      if (this.config.mode !== 'async' && this.readyAt[m] <= t) {
        this.lastArrival[m] = Math.max(undelivered(back[m]) ? Infinity : ceil(this.lastApply[m] + back[m]), this.lastArrival[m]);
        arrivals.push(this.lastArrival[m]);
      }
    }
    arrivals.sort((a, b) => a - b);
    let ack = t;
    if (this.config.mode !== 'async') {
      const quorumAt = arrivals.length >= this.quorum ? arrivals[this.quorum - 1] : Infinity;
      ack = quorumAt;
      if (this.config.mode === 'semi-sync' && quorumAt > t + (this.config.semiSyncTimeoutUs ?? 0)) {
        ack = t + (this.config.semiSyncTimeoutUs ?? 0);
        this.degradations++;
      }
    }
    ack = Math.max(ack, this.lastAck);
    if (ack !== Infinity) {
      this.lastAck = ack;
      for (const e of this.log) if (e.commit === Infinity) e.commit = ack;
    } else {
      this.blocked++;
    }
    this.log.push({ id: this.nextId++, commit: ack, clientAcked: ack !== Infinity, apply });
    return ack;
  }

  readable(m: number, t: number): boolean {
    return m !== this.primary && this.live[m] && this.readyAt[m] <= t;
  }

  /** Writes committed by t that m does not hold at t. */
  missing(m: number, t: number): Entry[] {
    return this.log.filter((e) => e.commit <= t && e.apply[m] > t);
  }

  stale(m: number, t: number): boolean {
    if (m === this.primary && !this.primaryLost) return false;
    return this.missing(m, t).length > 0;
  }

  lag(m: number, t: number): number {
    if (m === this.primary && !this.primaryLost) return 0;
    if (!this.readable(m, t)) return NaN;
    const missing = this.missing(m, t);
    return missing.length === 0 ? 0 : t - Math.min(...missing.map((e) => e.commit));
  }

  held(m: number, t: number): number {
    return this.log.filter((e) => e.apply[m] <= t).length;
  }

  mostCaughtUp(t: number): number {
    let best = -1;
    for (let m = 0; m < this.n; m++) {
      if (this.readable(m, t) && (best < 0 || this.held(m, t) > this.held(best, t))) best = m;
    }
    return best;
  }

  failPrimary(T: number): number[] {
    this.primaryLost = true;
    this.faultUs = T;
    const failed = this.log.filter((e) => !(e.commit <= T));
    for (const e of failed) {
      e.commit = Infinity;
      e.clientAcked = false;
    }
    for (let m = 0; m < this.n; m++) {
      if (m === this.primary || !this.live[m]) continue;
      if (this.readyAt[m] > T) this.live[m] = false;
      else for (const e of this.log) if (e.apply[m] > T) e.apply[m] = Infinity;
    }
    this.live[this.primary] = false;
    return failed.map((e) => e.id);
  }

  promote(r: number, P: number, to: number[], failedIds: number[]): ReferencePromotion {
    const T = this.faultUs;
    // The definitions: lost = acknowledged by T and missing at r at T.
    const lost = this.log.filter((e) => e.clientAcked && e.commit <= T && !(e.apply[r] <= T));
    const rpoUs = lost.length === 0 ? 0 : T - Math.min(...lost.map((e) => e.commit));
    const kept = this.log.filter((e) => e.apply[r] <= T);
    let survived = 0;
    for (const e of kept) {
      if (e.commit === Infinity) {
        e.commit = P;
        survived++;
      }
    }
    this.log = kept;
    this.primary = r;
    this.primaryLost = false;
    this.lostTotal += lost.length;
    this.acknowledgedLost += lost.length;
    for (let m = 0; m < this.n; m++) {
      if (m === r || !this.live[m]) continue;
      this.reship(m, this.log.findIndex((e) => !(e.apply[m] <= T)), P, to[m]);
    }
    return { lostIds: lost.map((e) => e.id), rpoUs, failedIds, survived };
  }

  reship(m: number, from: number, now: number, delay: number): void {
    let d = now;
    let prev = from > 0 ? this.log[from - 1].apply[m] : -Infinity;
    prev = Math.max(prev, this.readyAt[m]);
    if (from >= 0) {
      for (let i = from; i < this.log.length; i++) {
        d += this.ser[this.primary][m];
        prev = Math.max(undelivered(delay) ? Infinity : ceil(d + delay), prev);
        this.log[i].apply[m] = prev;
      }
    }
    this.dep[m] = d;
    this.lastApply[m] = from >= 0 || this.log.length === 0 ? prev : this.log[this.log.length - 1].apply[m];
    this.lastArrival[m] = -Infinity;
  }

  reconnect(m: number, now: number, delay: number): number {
    const from = this.log.findIndex((e) => e.apply[m] === Infinity);
    if (from < 0) return 0;
    this.reship(m, from, now, delay);
    return this.log.length - from;
  }

  rejoin(m: number, now: number, readyAt: number): void {
    for (const e of this.log) e.apply[m] = readyAt;
    this.live[m] = true;
    this.readyAt[m] = readyAt;
    this.dep[m] = now;
    this.lastApply[m] = readyAt;
    this.lastArrival[m] = -Infinity;
  }

  acknowledged(t: number): number {
    return this.acknowledgedLost + this.log.filter((e) => e.clientAcked && e.commit <= t).length;
  }
}

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
