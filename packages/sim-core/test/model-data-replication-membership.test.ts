import { describe, expect, it } from 'vitest';
import { ReplicationLog } from '../src/model/data/replication/index.js';
import type { ReplicationConfig } from '../src/model/data/replication/index.js';

const ASYNC_1: ReplicationConfig = { mode: 'async', replicas: 1, writeSizeBytes: 1000 };
const ASYNC_2: ReplicationConfig = { mode: 'async', replicas: 2, writeSizeBytes: 1000 };

function fill(members: number, delayUs: number): Float64Array {
  return new Float64Array(members).fill(delayUs);
}

describe('a partition stalls a replica; reconnect ships the backlog through the queue', () => {
  /**
   * Writes every 1 ms from 0 to 25 ms; those from 10 ms on are undelivered while the link is
   * partitioned (10..20 ms) and, the stream being in order, so is everything after them. At 30
   * ms the link is repaired: the 16 writes 10..25 ms leave at 30 ms + k·100 µs (1000 bytes at
   * 8e7 bits/s) and apply 1 ms later.
   */
  it('lag grows with slope 1 during the stall; the backlog applies at R + k·ser + delay', () => {
    const log = new ReplicationLog(ASYNC_1, { bandwidthBitsPerS: 8e7 });
    for (let t = 0; t <= 25_000; t += 1000) log.write(t, fill(2, t >= 10_000 && t < 20_000 ? Infinity : 1000));
    expect(log.appliedPosition(1, 25_000)).toBe(10);
    expect(log.lagUs(1, 25_000)).toBe(15_000);
    expect(log.lagUs(1, 29_000)).toBe(19_000);
    const R = 30_000;
    expect(log.reconnect(1, R, 1000)).toBe(16);
    for (let k = 1; k <= 16; k++) {
      expect(log.appliedPosition(1, R + k * 100 + 1000 - 1)).toBe(10 + k - 1);
      expect(log.appliedPosition(1, R + k * 100 + 1000)).toBe(10 + k);
    }
    expect(log.lagUs(1, R + 2600)).toBe(0);
    expect(log.reconnect(1, R + 3000, 1000)).toBe(0);
    expect(log.checkConservation()).toEqual([]);
  });
});

describe('members leave and come back', () => {
  it('a failed replica rejoins re-cloned: unreadable until readyAtUs, then holding the log as of the rejoin', () => {
    const log = new ReplicationLog(ASYNC_2, { bandwidthBitsPerS: Infinity });
    for (let t = 0; t < 10_000; t += 1000) log.write(t, fill(3, 500));
    log.failReplica(2, 10_000);
    expect(log.isLive(2)).toBe(false);
    expect(log.lagUs(2, 10_000)).toBeNaN();
    for (let t = 10_000; t < 20_000; t += 1000) log.write(t, fill(3, 500));
    log.rejoin(2, 20_000, 25_000);
    expect(log.isLive(2)).toBe(true);
    log.write(21_000, fill(3, 500)); // applies at max(21 500, 25 000)
    expect(log.lagUs(2, 24_999)).toBeNaN();
    expect(() => log.appliedPosition(2, 24_999)).toThrow(RangeError);
    expect(log.appliedPosition(2, 25_000)).toBe(21);
    log.write(26_000, fill(3, 500)); // applies at 26 500
    expect(log.appliedPosition(2, 26_499)).toBe(21);
    expect(log.appliedPosition(2, 26_500)).toBe(22);
    expect(log.checkConservation()).toEqual([]);
  });

  it('after a failover the old primary rejoins as a replica and can be promoted back', () => {
    const log = new ReplicationLog(ASYNC_1, { bandwidthBitsPerS: Infinity });
    for (let t = 0; t < 5000; t += 1000) log.write(t, fill(2, 2500)); // writes at 3 and 4 ms are in flight at 5 ms
    const first = log.promote(1, 5000, fill(2, 0));
    expect({ lost: first.lostWrites, rpo: first.rpoUs, primary: log.primary }).toEqual({ lost: 2, rpo: 2000, primary: 1 });
    log.rejoin(0, 6000, 8000);
    for (let t = 8000; t < 12_000; t += 1000) log.write(t, fill(2, 100));
    log.failPrimary(12_000);
    expect(log.mostCaughtUpReplica()).toBe(0);
    const second = log.promote(0, 13_000, fill(2, 0));
    expect({ lost: second.lostWrites, rpo: second.rpoUs, primary: log.primary, length: log.logLength }).toEqual({ lost: 0, rpo: 0, primary: 0, length: 7 });
    expect(log.lostWrites).toBe(2);
    expect(log.promotions).toBe(2);
    expect(log.checkConservation()).toEqual([]);
  });

  it('a replica more than retainedWritesMax writes behind is detached, and the hook is told', () => {
    const detached: [number, number][] = [];
    const log = new ReplicationLog(ASYNC_2, {
      bandwidthBitsPerS: Infinity,
      initialCapacity: 8,
      retainedWritesMax: 8,
      onReplicaDetached: (member, atUs) => detached.push([member, atUs]),
    });
    const to = Float64Array.of(0, 0, Infinity); // replica 2 never receives anything
    for (let i = 0; i < 20; i++) log.write(i * 100, to);
    expect(detached).toEqual([[2, 800]]); // the 9th write finds the ring full
    expect(log.detachedReplicas).toBe(1);
    expect(log.isLive(2)).toBe(false);
    expect(log.checkConservation()).toEqual([]);
  });

  it('sync with no replica left blocks writes, and refuses to retain more than retainedWritesMax of them', () => {
    const log = new ReplicationLog({ mode: 'sync', replicas: 1, quorum: 1, writeSizeBytes: 100 }, { bandwidthBitsPerS: Infinity, initialCapacity: 4, retainedWritesMax: 4 });
    log.failReplica(1, 0);
    for (let i = 0; i < 4; i++) expect(log.write(i, fill(2, 10), fill(2, 10))).toBe(Infinity);
    expect(() => log.write(10, fill(2, 10), fill(2, 10))).toThrow(/retainedWritesMax/);
  });
});

describe('blocked and unknown-outcome writes', () => {
  it('blocked writes are released silently by the next acknowledged one: committed for staleness, never acknowledged to a client', () => {
    const log = new ReplicationLog({ mode: 'sync', replicas: 2, quorum: 2, writeSizeBytes: 100 }, { bandwidthBitsPerS: Infinity });
    log.failReplica(2, 0);
    expect(log.write(1000, fill(3, 100), fill(3, 100))).toBe(Infinity);
    expect(log.write(2000, fill(3, 100), fill(3, 100))).toBe(Infinity);
    expect(log.blockedWrites).toBe(2);
    log.rejoin(2, 3000, 3000);
    expect(log.write(4000, fill(3, 100), fill(3, 100))).toBe(4200);
    expect(log.acknowledgedPosition(4200)).toBe(3);
    expect(log.acknowledgedWrites).toBe(1);
    expect(log.isStaleRead(1, 4200)).toBe(false);
    expect(log.checkConservation()).toEqual([]);
  });

  it('a write the promoted replica held but whose acknowledgement was still on the way survives, unacknowledged', () => {
    const log = new ReplicationLog({ mode: 'sync', replicas: 2, quorum: 1, writeSizeBytes: 100 }, { bandwidthBitsPerS: Infinity });
    // Applied at replica 1 at 1 ms, its acknowledgement would arrive at 6 ms; replica 2 is 50 ms away.
    expect(log.write(0, Float64Array.of(0, 1000, 50_000), Float64Array.of(0, 5000, 50_000))).toBe(6000);
    const failure = log.failPrimary(2000);
    expect(failure).toEqual({ faultUs: 2000, lostPrimary: 0, failedWrites: 1, firstFailedId: 0 });
    expect(log.isFailedWrite(0)).toBe(true);
    const result = log.promote(1, 3000, Float64Array.of(700, 0, 700));
    expect({ lost: result.lostWrites, survived: result.survivedUnacknowledged, length: log.logLength }).toEqual({ lost: 0, survived: 1, length: 1 });
    expect(log.acknowledgedWrites).toBe(0);
    // Replica 2 never got it from the old primary (dropped on the wire); the new one sends it at 3 ms.
    expect(log.appliedPosition(2, 3699)).toBe(0);
    expect(log.isStaleRead(2, 3699)).toBe(true);
    expect(log.appliedPosition(2, 3700)).toBe(1);
    expect(log.staleReads(2)).toBe(1);
    expect(log.checkConservation()).toEqual([]);
  });
});

describe('misuse is refused with a RangeError, before any state changes', () => {
  it('time going backwards or fractional, NaN delays, missing return delays', () => {
    const log = new ReplicationLog({ mode: 'semi-sync', replicas: 1, semiSyncTimeoutUs: 1000, writeSizeBytes: 10 }, { bandwidthBitsPerS: 1e9 });
    log.write(100, fill(2, 5), fill(2, 5));
    expect(() => log.write(99, fill(2, 5), fill(2, 5))).toThrow(/not before 100/);
    expect(() => log.write(100.5, fill(2, 5), fill(2, 5))).toThrow(/whole number/);
    expect(() => log.write(200, Float64Array.of(0, Number.NaN), fill(2, 5))).toThrow(/delaysToUs\[1\] is NaN/);
    expect(() => log.write(200, fill(2, 5))).toThrow(/delaysBackUs/);
    expect(() => log.write(200, fill(1, 5), fill(2, 5))).toThrow(/one entry per member/);
    expect(() => log.isStaleRead(2, 300)).toThrow(/member must be/);
    // The refused writes left no trace: the log answers as a twin that never saw them.
    const twin = new ReplicationLog({ mode: 'semi-sync', replicas: 1, semiSyncTimeoutUs: 1000, writeSizeBytes: 10 }, { bandwidthBitsPerS: 1e9 });
    twin.write(100, fill(2, 5), fill(2, 5));
    expect(log.write(300, Float64Array.of(0, 7), Float64Array.of(0, 9))).toBe(twin.write(300, Float64Array.of(0, 7), Float64Array.of(0, 9)));
    expect([log.writes, log.logLength]).toEqual([2, 2]);
  });

  it('writes after the primary is lost; promoting the lost primary or a down member; failing the primary as a replica', () => {
    const log = new ReplicationLog(ASYNC_2, { bandwidthBitsPerS: Infinity });
    log.write(0, fill(3, 1));
    log.failReplica(2, 5);
    expect(() => log.failReplica(0, 6)).toThrow(/use failPrimary/);
    expect(() => log.promote(2, 6, fill(3, 0))).toThrow(/not a live replica/);
    expect(log.primaryLost).toBe(false); // nothing happened
    log.failPrimary(7);
    expect(() => log.write(8, fill(3, 10))).toThrow(/promote a replica first/);
    expect(() => log.promote(0, 8, fill(3, 0))).toThrow(/not a live replica/);
    expect(() => log.rejoin(2, 8, 9)).toThrow(/promote a replica before/);
    expect(() => log.failPrimary(8)).toThrow(/already lost/);
    expect(log.promote(1, 8, fill(3, 0)).lostWrites).toBe(0);
    expect(() => log.rejoin(1, 9, 10)).toThrow(/not down/);
    expect(() => log.rejoin(0, 9, 8)).toThrow(/readyAtUs must be/);
  });

  it('the ring grows past its initial capacity without losing anything', () => {
    const log = new ReplicationLog(ASYNC_1, { bandwidthBitsPerS: Infinity, initialCapacity: 1 });
    for (let t = 0; t < 5000; t++) log.write(t, fill(2, 1000)); // 1000 writes in flight at any time
    expect(log.appliedPosition(1, 5000)).toBe(4001);
    expect(log.lagUs(1, 5000)).toBe(999);
    const result = log.promote(1, 5000, fill(2, 0));
    expect({ lost: result.lostWrites, rpo: result.rpoUs }).toEqual({ lost: 999, rpo: 999 });
    expect(log.checkConservation()).toEqual([]);
  });
});
