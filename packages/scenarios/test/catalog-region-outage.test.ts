import type { ModelResult } from '@stormglass/sim-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// region-outage-async / region-outage-sync: active-passive, us-east lost at the peak, the
// orders store failing over to eu-west. Each claim of the files' `expected:` is checked here.

const S = 1_000_000;
const MS = 1_000;
const RTT_MS = 75; // network.links[0]: us-east <-> eu-west
const JITTER_MS = 1;
const FAULT_US = 90 * S;
const WINDOW_US = 10 * S; // metrics interval = RTO evaluation window
// Writes per second at the fault (the spike's peak): checkout is half of 200 + 100 rps.
const PEAK_WRITES_PER_S = 150;

const run = (name: string): ModelResult => runCatalog(name).result;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The median over the pre-fault ticks of a users' cell's per-tick p50 (ms). */
function preFaultP50(result: ModelResult, region: string, endpoint: string): number {
  const series = result.metrics.users.series.find((s) => s.region === region && s.endpoint === endpoint);
  if (series === undefined) throw new Error(`no series ${region}/${endpoint}`);
  const ticks = FAULT_US / WINDOW_US; // ticks wholly before the fault
  return median(series.p50Ms.slice(0, ticks).filter((v): v is number => v !== null));
}

describe('catalog: region-outage-async and region-outage-sync', { timeout: 30_000 }, () => {
  let async: ModelResult;
  let sync: ModelResult;
  beforeAll(() => {
    async = run('region-outage-async');
    sync = run('region-outage-sync');
  }, 30_000);

  it('both conserve every request', () => {
    expect(async.conservation).toEqual([]);
    expect(sync.conservation).toEqual([]);
  });

  it('both recover through the failover, the measured RTO within one window of its parts, under the 3m target', () => {
    for (const result of [async, sync]) {
      const fault = result.operations.faults[0];
      expect(fault.kind).toBe('region-outage');
      expect(fault.rto.status).toBe('recovered');
      const parts = fault.rtoParts!;
      // Detection by 3 failed region checks 10 s apart (2 s timeout): within (k-1)·I … k·I + timeout.
      expect(parts.detectUs).toBeGreaterThanOrEqual(20 * S);
      expect(parts.detectUs).toBeLessThanOrEqual(32 * S);
      expect(parts.decideUs).toBe(10 * S);
      expect(parts.promoteUs).toBe(20 * S);
      expect(parts.redirectUs).toBe(30 * S);
      expect(Math.abs(fault.rto.rtoUs! - parts.totalUs)).toBeLessThanOrEqual(WINDOW_US);
      expect(fault.rto.rtoUs!).toBeLessThan(3 * 60 * S);
      expect(result.data[0].primaryAtEnd).toBe('eu-west');
    }
  });

  it('async loses the writes in flight: lost ≈ peak write rate × one-way delay, 0 < RPO ≤ one-way delay + jitter', () => {
    const fault = async.operations.faults[0];
    const lost = fault.lostWrites!;
    // Writes acknowledged in the last one-way delay before the fault were still on the wire:
    // Poisson with mean w·L.
    const mean = PEAK_WRITES_PER_S * (RTT_MS / 2 / 1000);
    expect(lost).toBeGreaterThan(0);
    expect(Math.abs(lost - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1);
    expect(async.data[0].lostWrites).toBe(lost);
    // RPO = fault − ack time of the oldest lost write: a write older than one one-way delay
    // (plus jitter, plus a few ms of margin for the link's delay draw) has reached eu-west.
    expect(fault.rpoUs!).toBeGreaterThan(0);
    expect(fault.rpoUs!).toBeLessThanOrEqual((RTT_MS / 2 + JITTER_MS * 4 + 3) * MS);
    console.log(`region-outage-async: RTO ${fault.rto.rtoUs! / S} s (parts ${fault.rtoParts!.totalUs / S} s), lost ${lost} (w·L = ${mean.toFixed(1)}), RPO ${fault.rpoUs! / MS} ms; checkout p99 ${async.endpoints.find((e) => e.endpoint === 'checkout')!.latencyMs.p99} ms`);
  });

  it('sync loses nothing: RPO 0, no lost write', () => {
    const fault = sync.operations.faults[0];
    expect(fault.lostWrites ?? 0).toBe(0);
    expect(fault.rpoUs ?? 0).toBe(0);
    expect(sync.data[0].lostWrites).toBe(0);
    expect(sync.data[0].losses[0].newPrimary).toBe('eu-west');
  });

  it('sync pays the round trip on every checkout and not on browsing', () => {
    // Before the fault: same traffic, same seed; the only difference is the wait for eu-west's ack.
    const diff = preFaultP50(sync, 'us-east', 'checkout') - preFaultP50(async, 'us-east', 'checkout');
    expect(diff).toBeGreaterThanOrEqual(60);
    expect(diff).toBeLessThanOrEqual(95);
    const browseDiff = preFaultP50(sync, 'us-east', 'browse') - preFaultP50(async, 'us-east', 'browse');
    expect(Math.abs(browseDiff)).toBeLessThan(5);
    // Over the run: higher mean and p99 by at least the round trip (after the failover the
    // promoted eu-west waits for ap-southeast, farther still), under the shared 800 ms target.
    const checkout = (r: ModelResult) => r.endpoints.find((e) => e.endpoint === 'checkout')!.latencyMs;
    expect(checkout(sync).mean! - checkout(async).mean!).toBeGreaterThanOrEqual(0.8 * RTT_MS);
    expect(checkout(sync).p99! - checkout(async).p99!).toBeGreaterThanOrEqual(0.8 * RTT_MS);
    expect(checkout(sync).p99!).toBeLessThan(800);
    expect(checkout(async).p99!).toBeLessThan(800);
    console.log(`region-outage-sync: RTO ${sync.operations.faults[0].rto.rtoUs! / S} s, lost 0, RPO 0; checkout pre-fault p50 +${diff.toFixed(1)} ms, mean ${checkout(sync).mean!.toFixed(1)} vs ${checkout(async).mean!.toFixed(1)} ms, p99 ${checkout(sync).p99} vs ${checkout(async).p99} ms`);
  });
});
