import { greatCircleKm, rttFromDistanceUs } from '@stormglass/sim-core';
import type { ModelConfig, ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// launch-day-active-active against launch-day-active-passive: the documented outcome (their
// `expected:`), measured. One run of each (about 0.7 s each).

const S = 1_000_000;

const run = runCatalog;

/** The users' per-window p99s of one region (null windows, with no success, left out) over [fromUs, toUs). */
function windowP99s(result: ModelResult, region: string, fromUs: number, toUs: number): number[] {
  const users = result.metrics.users;
  const series = users.series.find((s) => s.region === region)!;
  return series.p99Ms.filter((v, i): v is number => v !== null && i * users.intervalUs >= fromUs && (i + 1) * users.intervalUs <= toUs);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const region = (result: ModelResult, id: string) => result.regions.find((r) => r.region === id)!;
const group = (result: ModelResult, id: string) => result.services.find((s) => s.service === 'web' && s.region === id)!;

/** The round trip between two regions as the engine draws it: the link's rtt, else the great circle in fibre. */
function rttMs(config: ModelConfig, a: string, b: string): number {
  const link = config.links.find((l) => l.between.includes(a) && l.between.includes(b));
  if (link?.rttUs !== undefined) return link.rttUs / 1000;
  const at = (id: string) => config.regions.find((r) => r.id === id)!.location;
  return rttFromDistanceUs(greatCircleKm(at(a), at(b))) / 1000;
}

describe('catalog: launch-day-active-active and launch-day-active-passive', () => {
  const aa = run('launch-day-active-active');
  const ap = run('launch-day-active-passive');
  const launchUs = 60 * S; // us-east's launch; every region is at its base before it

  it('conserves every request in both designs', () => {
    expect(aa.result.conservation).toEqual([]);
    expect(ap.result.conservation).toEqual([]);
    expect(aa.result.users.started).toBe(ap.result.users.started); // same traffic, same seed
  });

  it('active-active serves far users locally; active-passive makes them pay the round trip to us-east', () => {
    for (const far of ['eu-west', 'ap-southeast']) {
      const rtt = rttMs(ap.config, far, 'us-east');
      // Before the launch nothing queues: active-passive's far users see active-active's latency
      // plus the round trip, so every pre-launch window of AP is slower than any of AA.
      const before = (r: ModelResult) => windowP99s(r, far, 0, launchUs);
      expect(Math.min(...before(ap.result))).toBeGreaterThan(Math.max(...before(aa.result)));
      // Over the run the median request is at least ~the round trip slower (plus the shared fleet's queueing).
      expect(region(ap.result, far).latencyMs.p50! - region(aa.result, far).latencyMs.p50!).toBeGreaterThan(0.9 * rtt);
      // AP's far p99 exceeds the round trip itself.
      expect(region(ap.result, far).latencyMs.p99!).toBeGreaterThan(rtt);
    }
    expect(rttMs(ap.config, 'ap-southeast', 'us-east')).toBeGreaterThan(200);
    expect(aa.result.users.latencyMs.p99!).toBeLessThan(ap.result.users.latencyMs.p99!);
  });

  it('the autoscalers lag the ramps: every fleet scales out, us-east users fail and wait during the rise', () => {
    for (const id of ['us-east', 'eu-west', 'ap-southeast']) expect(group(aa.result, id).instances.max).toBeGreaterThan(group(aa.result, id).instances.start);
    // us-east's ramp is the steepest (20 → 120 rps in 60 s): a lone instance (~89 rps at most)
    // saturates before its second one is ready (evaluation ≤ 15 s + provisioning 30 s + start-up 15 s).
    expect(region(aa.result, 'us-east').failed).toBeGreaterThan(0);
    const calm = median(windowP99s(aa.result, 'us-east', 0, launchUs));
    const rise = Math.max(...windowP99s(aa.result, 'us-east', launchUs, launchUs + 120 * S));
    expect(rise).toBeGreaterThan(3 * calm);
    // One fleet for the three stacked launches scales further than any regional fleet…
    const apMax = group(ap.result, 'us-east').instances.max;
    for (const id of ['us-east', 'eu-west', 'ap-southeast']) expect(apMax).toBeGreaterThan(group(aa.result, id).instances.max);
    // …and meets a steeper total ramp: more users fail in it.
    expect(ap.result.users.failed).toBeGreaterThan(aa.result.users.failed);
    expect(ap.result.users.failed).toBeGreaterThan(0);
  });

  it('active-passive costs less: one pooled fleet in the cheapest region, no idle minimum elsewhere', () => {
    expect(ap.result.cost.totalUsd).toBeLessThan(aa.result.cost.totalUsd);
    expect(ap.result.services.filter((s) => s.service === 'web').map((s) => s.region)).toEqual(['us-east']);
  });

  it('the shared targets split the pair: active-active misses the cost ($0.05), active-passive the p99 (700 ms); the lag costs both the 99%', () => {
    expect(aa.result.cost.totalUsd).toBeGreaterThan(0.05);
    expect(aa.result.users.latencyMs.p99!).toBeLessThanOrEqual(700);
    expect(ap.result.cost.totalUsd).toBeLessThanOrEqual(0.05);
    expect(ap.result.users.latencyMs.p99!).toBeGreaterThan(700);
    for (const d of [aa, ap]) expect(d.result.users.availability!).toBeLessThan(0.99);
  });
});
