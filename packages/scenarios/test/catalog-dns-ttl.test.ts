import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// dns-ttl-60s against dns-ttl-300s: how the TTL enters the RTO (one run each, about 1.5 s).
//
// The bound. The health verdict comes at D after the fault (same checks, same grid: the same D in
// both). From then DNS answers eu-west, but cohort c (of C) keeps its cached answer until its
// own expiry grid ⌊(c + ½)/C · TTL⌋ + k · TTL: the C expiries after the verdict are spread TTL/C
// apart inside one TTL, so the last one falls in (D + TTL − TTL/C, D + TTL]. Each cohort is 1/C
// = 6% of the users, more than the 1% a 99% threshold allows, so the first good window is the one
// after the last cohort moved, or the one it moved in: the measured RTO (whole 10 s windows)
// lies in [D + TTL − TTL/C − W, D + TTL + W]. Subtracting the two designs' bounds:
// RTO(300) − RTO(60) ∈ [ΔTTL − 300/C − W, ΔTTL + 60/C + W].

const S = 1_000_000;

const run = runCatalog;

describe('catalog: dns-ttl-60s and dns-ttl-300s', () => {
  const short = run('dns-ttl-60s');
  const long = run('dns-ttl-300s');
  const W = short.result.metrics.users.intervalUs;
  const C = short.config.routing.cohortsPerPopulation;

  it('are the same story but for the TTL, and conserve every request', () => {
    expect(short.config.routing.dnsTtlUs).toBe(60 * S);
    expect(long.config.routing.dnsTtlUs).toBe(300 * S);
    expect({ ...long.config, routing: { ...long.config.routing, dnsTtlUs: 60 * S } }).toEqual(short.config);
    expect(short.result.conservation).toEqual([]);
    expect(long.result.conservation).toEqual([]);
  });

  it('each RTO is detection + one TTL, to within the last cohort\'s stagger and one window', () => {
    for (const { config, result } of [short, long]) {
      const fault = result.operations.faults[0];
      expect(fault.rto.status).toBe('recovered');
      const D = fault.healthDetectUs!;
      const ttl = config.routing.dnsTtlUs;
      expect(fault.rto.rtoUs!).toBeGreaterThanOrEqual(D + ttl - ttl / C - W);
      expect(fault.rto.rtoUs!).toBeLessThanOrEqual(D + ttl + W);
    }
  });

  it('detection is the same; the RTOs differ by the TTL difference within the derived bound; the 2-minute target separates them', () => {
    const a = short.result.operations.faults[0];
    const b = long.result.operations.faults[0];
    expect(b.healthDetectUs).toBe(a.healthDetectUs);
    const delta = b.rto.rtoUs! - a.rto.rtoUs!;
    const ttlDelta = 240 * S;
    expect(delta).toBeGreaterThanOrEqual(ttlDelta - (300 * S) / C - W);
    expect(delta).toBeLessThanOrEqual(ttlDelta + (60 * S) / C + W);
    expect(a.rto.rtoUs!).toBeLessThanOrEqual(120 * S);
    expect(b.rto.rtoUs!).toBeGreaterThan(120 * S);
  });

  it('availability is lower with the 300 s TTL, for us-east\'s users and over the whole run', () => {
    const usEast = (r: ModelResult) => r.regions.find((x) => x.region === 'us-east')!.availability!;
    expect(usEast(long.result)).toBeLessThan(usEast(short.result));
    expect(long.result.users.availability!).toBeLessThan(short.result.users.availability!);
    // eu-west's users never leave their healthy region: untouched in both.
    for (const r of [short.result, long.result]) expect(r.regions.find((x) => x.region === 'eu-west')!.failed).toBe(0);
    // The shared availability target (90%): the 60 s design meets it, the 300 s one misses it.
    expect(short.result.users.availability!).toBeGreaterThanOrEqual(0.9);
    expect(long.result.users.availability!).toBeLessThan(0.9);
  });
});
