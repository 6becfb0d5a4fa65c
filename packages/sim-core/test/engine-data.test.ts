import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionDelayBoundsUs } from '../src/index.js';
import type { ModelResult, StoreResultJSON } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { HEALTH_CHECK, MS, RUN_TIMEOUT_MS, S, run } from './fixtures/engine-scenario-builders.js';

const W = 10 * S; // ARCHITECTURE §5's evaluation window

function db(result: ModelResult): StoreResultJSON {
  return result.data[0];
}

describe('async replication through the engine: losing the primary region', () => {
  const L = 50 * MS;
  const writesPerS = 5000;
  const faultUs = 20 * S + 123_457;
  const config = dataModel({
    durationUs: 150 * S,
    oneWayUs: L,
    users: [{ region: 'a', ratePerS: 2 * writesPerS, writeRatio: 0.5 }],
    failovers: [automaticFailover()],
    faults: [{ kind: 'region-outage', region: 'a', startUs: faultUs }],
  });
  const result = run(config);
  const impact = result.operations.faults[0];

  it('loses ≈ w·L acknowledged writes (Poisson, 4σ) with RPO ≈ L', () => {
    const expected = writesPerS * (L / S);
    const lost = db(result).lostWrites;
    console.log(`async: lost ${lost} writes vs w·L = ${expected} (4σ = ${(4 * Math.sqrt(expected)).toFixed(0)}); RPO ${db(result).losses[0].rpoUs} µs vs L = ${L} µs`);
    expect(Math.abs(lost - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    // The oldest lost write was acknowledged one write gap after fault − L − serialization.
    expect(impact.rpoUs).toBeGreaterThan(L - 2 * MS);
    expect(impact.rpoUs).toBeLessThanOrEqual(L + 1);
    expect(impact.lostWrites).toBe(lost);
    expect(db(result).conservation).toEqual([]);
  });

  it('RTO = detection + decision + promotion + DNS drain, measured within one evaluation window', () => {
    const parts = impact.rtoParts;
    expect(parts).not.toBeNull();
    if (parts === null) return;
    const bounds = detectionDelayBoundsUs(HEALTH_CHECK);
    expect(parts.detectUs).toBeGreaterThanOrEqual(bounds.minUs);
    expect(parts.detectUs).toBeLessThanOrEqual(bounds.maxUs);
    expect(parts.decideUs).toBe(5 * S);
    expect(parts.promoteUs).toBe(10 * S);
    expect(parts.redirectUs).toBe(config.routing.dnsTtlUs);
    expect(parts.totalUs).toBe(parts.detectUs + parts.decideUs + parts.promoteUs + parts.redirectUs);
    expect(impact.healthDetectUs).toBe(parts.detectUs);
    expect(impact.rto.status).toBe('recovered');
    console.log(`async failover: measured RTO ${(impact.rto.rtoUs ?? NaN) / S} s, parts total ${parts.totalUs / S} s`);
    expect(Math.abs((impact.rto.rtoUs as number) - parts.totalUs)).toBeLessThanOrEqual(W);
    expect(db(result).primaryAtEnd).toBe('b');
  });

  it('the stores cost storage and replication egress, in the total', () => {
    const quiet = run(dataModel({ durationUs: 30 * S, users: [{ region: 'a', ratePerS: 1000, writeRatio: 0.5 }] }));
    const store0 = db(quiet);
    // Every write ships once (one replica), 1000 bytes, priced at the source region's egress price.
    expect(store0.egressGB).toBeCloseTo((store0.acknowledgedWrites * 1000) / 1e9, 9);
    expect(store0.egressUsd).toBeCloseTo(store0.egressGB * 0.02, 12);
    // 100 GB on each of two members for 30 s at $0.1 per GB-month of 730 hours.
    expect(store0.storageUsd).toBeCloseTo((100 * 2 * 0.1 * 30) / (730 * 3600), 12);
    const services = quiet.services.reduce((a, s) => a + s.costUsd, 0);
    expect(quiet.cost.totalUsd).toBeCloseTo(services + store0.egressUsd + store0.storageUsd, 9);
  });
});

describe('sync replication through the engine', () => {
  it('loses no write and has RPO 0 under any single-region failure at any time (fast-check)', { timeout: 4 * RUN_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('a', 'b', 'c'), fc.constantFrom(1, 2), (seconds, micros, region, quorum) => {
        const config = dataModel({
          seed: seconds * 7 + quorum,
          durationUs: 60 * S,
          regions: ['a', 'b', 'c'],
          oneWayUs: 15 * MS,
          stores: [store({ mode: 'sync', replicas: ['b', 'c'], quorum })],
          users: [{ region: 'a', ratePerS: 400, writeRatio: 0.5 }],
          failovers: [automaticFailover()],
          faults: [{ kind: 'region-outage', region, startUs: seconds * S + micros }],
        });
        const result = run(config);
        const store0 = db(result);
        expect(store0.lostWrites).toBe(0);
        expect(store0.losses.every((loss) => loss.rpoUs === 0 && loss.lostWrites === 0)).toBe(true);
        expect(store0.conservation).toEqual([]);
        if (region === 'a') expect(store0.losses.length).toBe(1);
      }),
      { numRuns: 12 },
    );
  });

  it('write latency includes the round trip to the quorum; async write latency does not', { timeout: RUN_TIMEOUT_MS }, () => {
    const p50 = (mode: 'sync' | 'async', quorum: number): number => {
      const config = dataModel({
        durationUs: 20 * S,
        regions: ['a', 'b', 'c'],
        oneWayUs: 10 * MS,
        stores: [store({ mode, replicas: ['b', 'c'], quorum })],
        users: [{ region: 'a', ratePerS: 500, writeRatio: 1 }],
      });
      // b is 10 ms away, c 40 ms: quorum 1 waits for b, quorum 2 for c.
      config.links = config.links.map((link) => (link.between.includes('c') ? { ...link, rttUs: 80 * MS } : link));
      return run(config).users.latencyMs.p50 as number;
    };
    const asyncMs = p50('async', 1);
    const sync1 = p50('sync', 1);
    const sync2 = p50('sync', 2);
    console.log(`write p50: async ${asyncMs} ms, sync quorum 1 ${sync1} ms (+RTT 20 ms), quorum 2 ${sync2} ms (+RTT 80 ms)`);
    expect(asyncMs).toBeLessThan(20);
    expect(sync1 - asyncMs).toBeGreaterThanOrEqual(20 * 0.98);
    expect(sync1 - asyncMs).toBeLessThanOrEqual(20 * 1.03);
    expect(sync2 - asyncMs).toBeGreaterThanOrEqual(80 * 0.98);
  });
});

describe('store faults', () => {
  it('a primary failure repaired before any failover comes back with its log: nothing lost', { timeout: RUN_TIMEOUT_MS }, () => {
    const result = run(
      dataModel({
        durationUs: 100 * S,
        users: [{ region: 'a', ratePerS: 1000, writeRatio: 0.5 }],
        faults: [{ kind: 'primary-failure', store: 'db', startUs: 20 * S, durationUs: 5 * S }],
      }),
    );
    const store0 = db(result);
    expect(store0.losses).toHaveLength(1);
    expect(store0.losses[0].recoveredAtUs).toBe(25 * S);
    expect(store0.lostWrites).toBe(0);
    expect(store0.primaryAtEnd).toBe('a');
    expect(store0.conservation).toEqual([]);
    // Writes time out during the 5 s; reads from the primary too: half the requests fail, for 5 s.
    const impact = result.operations.faults[0];
    expect(impact.rto.status).toBe('recovered');
    expect(impact.affected).toEqual(['a/get']);
  });

  it('a replication stall makes the replica lag by the stall, then it catches up', { timeout: RUN_TIMEOUT_MS }, () => {
    const result = run(
      dataModel({
        durationUs: 60 * S,
        users: [{ region: 'a', ratePerS: 1000, writeRatio: 0.5 }],
        stores: [store({ readFrom: 'local' })],
        faults: [{ kind: 'replication-stall', store: 'db', region: 'b', startUs: 20 * S, durationUs: 15 * S }],
      }),
    );
    const lag = db(result).members[1].lagMs;
    // Sampled at the last µs of each 1 s tick: at 34 s the replica trails by ~15 s minus the last write gap.
    expect(lag[33]).toBeGreaterThan(13_900);
    expect(lag[33]).toBeLessThan(14_000 + 1);
    expect(lag[40]).toBeLessThan(100);
    expect(lag[10]).toBeLessThan(100);
  });
});

describe('multi-writer (active-active) through the engine', () => {
  it('losing a writer region loses exactly the writes it had not shipped, and counts conflicts', { timeout: RUN_TIMEOUT_MS }, () => {
    const L = 30 * MS;
    const result = run(
      dataModel({
        durationUs: 60 * S,
        oneWayUs: L,
        stores: [store({ mode: 'multi-writer', keys: 100, readFrom: 'local' })],
        users: [
          { region: 'a', ratePerS: 1000, writeRatio: 0.5 },
          { region: 'b', ratePerS: 1000, writeRatio: 0.5 },
        ],
        faults: [{ kind: 'region-outage', region: 'a', startUs: 30 * S + 500 }],
      }),
    );
    const store0 = db(result);
    const loss = store0.regionLosses[0];
    const expected = 500 * (L / S);
    console.log(`multi-writer: lost ${loss.lostWrites} vs w·L = ${expected}; conflicts ${store0.conflicts}, lost updates ${store0.lostUpdates}, stale reads ${store0.staleReads}`);
    expect(Math.abs(loss.lostWrites - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    expect(loss.rpoUs).toBeGreaterThan(L - 10 * MS);
    expect(loss.rpoUs).toBeLessThanOrEqual(L + 1);
    expect(store0.conflicts).toBeGreaterThan(0);
    expect(store0.lostUpdates).toBeGreaterThan(0);
    expect(result.operations.faults[0].lostWrites).toBe(loss.lostWrites);
  });
});
