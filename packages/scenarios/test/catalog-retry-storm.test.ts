import { FAILURE_REASONS } from '@stormglass/sim-core';
import type { MetricsSeriesJSON, ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// retry-storm vs retry-storm-budget: a service at ρ ≈ 0.7 with clients retrying 3 times,
// 10 ms apart, no jitter; a 20 s burst (×2) at 60 s. Capacity μ = 2 instances × 4 workers /
// (5 ms work + ~14.8 ms mean pricing call) ≈ 404/s; offered λ = 280/s.
//
// The mechanism (why the storm outlives its trigger): once the queues (2 × 64) are full, a job
// admitted at the tail waits ≈ 128 × 19.8 ms / 8 ≈ 317 ms > the 200 ms attempt timeout, so its
// client has gone before it starts, and every attempt fails. Each request then makes 1 + 3
// attempts: 4 × 280/s = 1,120/s > μ, so every freed slot is refilled at once and the queues stay
// full after the burst. With a 10% budget the attempts are at most 1.1 × 280/s + 1/s ≈ 309/s < μ:
// the queues drain when the burst ends.

const S = 1_000_000;
const RATE = 280;
const CAPACITY = 8 / ((5 + 14 * Math.exp((Math.log(30 / 14) / 2.326) ** 2 / 2)) / 1000);
const QUEUE_SLOTS = 2 * 64;
const BURST_START = 60;
const BURST_END = 80;
const END = 180;

const run = (name: string): ModelResult => runCatalog(name).result;

const series = (recorder: ModelResult['metrics']['users']): MetricsSeriesJSON => {
  expect(recorder.series).toHaveLength(1);
  return recorder.series[0];
};
const tick = (result: ModelResult, seconds: number): number => Math.round((seconds * S) / result.metrics.users.intervalUs);
const sum = (values: readonly (number | null)[], from: number, to: number): number => values.slice(from, to).reduce<number>((a, v) => a + (v ?? 0), 0);
/** Successes / completions over the ticks [from, to) (the second `from`, `to`), as the users see it. */
function availability(result: ModelResult, from: number, to: number): number {
  const users = series(result.metrics.users);
  const [a, b] = [tick(result, from), tick(result, to)];
  const ok = sum(users.successes, a, b);
  const failed = FAILURE_REASONS.reduce((total, reason) => total + sum(users.failures[reason], a, b), 0);
  return ok / (ok + failed);
}
/** Attempts that reached the servers per user request started, over [from, to) s. */
function attemptsPerRequest(result: ModelResult, from: number, to: number): number {
  const [a, b] = [tick(result, from), tick(result, to)];
  return sum(series(result.metrics.services).requests, a, b) / sum(series(result.metrics.users).requests, a, b);
}

describe('catalog: retry-storm vs retry-storm-budget', () => {
  const storm = run('retry-storm');
  const budget = run('retry-storm-budget');

  it.each([
    ['retry-storm', storm],
    ['retry-storm-budget', budget],
  ] as const)('%s: healthy before the burst, failing during it; conserved', (_, result) => {
    expect(result.conservation).toEqual([]);
    expect(CAPACITY).toBeGreaterThan(1.4 * RATE);
    expect(CAPACITY).toBeLessThan(2 * RATE); // the burst (2λ) is over capacity
    expect(availability(result, 0, BURST_START)).toBe(1);
    // A few seconds in, the queues are full and admitted work is stale: nearly nothing succeeds.
    expect(availability(result, BURST_START + 3, BURST_END)).toBeLessThan(0.1);
  });

  it('without a budget the overload outlives the burst: not recovered, queues full, ~4 attempts per request', () => {
    expect(availability(storm, END - 60, END)).toBeLessThan(0.05);
    expect(storm.operations.faults[0].kind).toBe('traffic-spike');
    expect(storm.operations.faults[0].rto.status).toBe('not-recovered');
    const ratio = attemptsPerRequest(storm, BURST_END + 10, END);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.05); // 1 + 3 retries (the window edge lets a few earlier requests' retries in)
    // The servers are offered more than twice what they can serve.
    const attemptsPerS = sum(series(storm.metrics.services).requests, tick(storm, BURST_END + 10), tick(storm, END)) / (END - BURST_END - 10);
    expect(attemptsPerS).toBeGreaterThan(2 * CAPACITY);
    // The queues stay (nearly) full to the end: the gauge at each tick's last instant.
    const depth = series(storm.metrics.services).queueDepth.slice(tick(storm, BURST_END + 10), tick(storm, END));
    expect(Math.min(...depth.map((d) => d ?? 0))).toBeGreaterThanOrEqual(0.9 * QUEUE_SLOTS);
  });

  it('with a 10% budget it recovers within the 1 min RTO target; the budget refused retries', () => {
    const rto = budget.operations.faults[0].rto;
    expect(rto.status).toBe('recovered');
    // The burst's 20 s, then the first whole 10 s window after the queues drain.
    expect(rto.rtoUs!).toBeLessThanOrEqual(60 * S);
    expect(rto.rtoUs!).toBeGreaterThanOrEqual((BURST_END - BURST_START) * S);
    expect(availability(budget, END - 60, END)).toBeGreaterThanOrEqual(0.99);
    const retryBudget = budget.attempts.retryBudget!;
    expect(retryBudget.refused).toBeGreaterThan(0);
    expect(budget.attempts.retries).toBe(retryBudget.allowed);
    expect(budget.attempts.retries).toBeLessThanOrEqual(0.1 * budget.users.started + 1 * END);
    expect(attemptsPerRequest(budget, BURST_END + 10, END)).toBeLessThan(1.2);
    // The whole run: well above the storm's (which loses everything after the burst).
    expect(budget.users.availability!).toBeGreaterThan(2 * storm.users.availability!);
  });
});
