import type { ModelResult } from '@stormglass/sim-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// third-party-brownout / -breaker: payments fails 60% of its calls and is 1.5 s slower for
// 2 minutes; without a breaker the slow calls hold the web workers and browsing fails too.

const S = 1_000_000;
const FAULT_US = 60 * S;
const REPAIR_US = 180 * S;
const WINDOW_US = 10 * S;
const CALL_TIMEOUT_US = 2 * S;

const run = (name: string): ModelResult => runCatalog(name).result;

const endpoint = (r: ModelResult, name: string) => r.endpoints.find((e) => e.endpoint === name)!;
const transitions = (r: ModelResult) => r.eventLog.entries.filter((e) => e.kind === 'breaker-transition' && e.subject === 'payments@us-east');

describe('catalog: third-party-brownout with and without a circuit breaker', { timeout: 30_000 }, () => {
  let bare: ModelResult;
  let guarded: ModelResult;
  beforeAll(() => {
    bare = run('third-party-brownout');
    guarded = run('third-party-brownout-breaker');
  }, 30_000);

  it('both conserve every request', () => {
    expect(bare.conservation).toEqual([]);
    expect(guarded.conservation).toEqual([]);
  });

  it('without a breaker: the workers saturate, the queues overflow and browsing fails with checkout', () => {
    // 40 checkouts/s × ~1.6 s per call needs ~64 workers; there are 48: rejections, not just errors.
    expect(bare.services[0].rejected).toBeGreaterThan(0);
    expect(endpoint(bare, 'browse').failures.rejected).toBeGreaterThan(0);
    expect(endpoint(bare, 'browse').availability!).toBeLessThan(0.9);
    expect(endpoint(bare, 'browse').latencyMs.p99!).toBeGreaterThan(500);
    // 60% errors over 120 s of a 270 s run: at least 0.6 × 120 / 270 = 27% of checkouts fail.
    expect(endpoint(bare, 'checkout').availability!).toBeLessThan(1 - 0.6 * (120 / 270));
    expect(endpoint(bare, 'checkout').availability!).toBeLessThan(0.8);
    expect(bare.dependencies[0].breaker).toBeNull();
    const fault = bare.operations.faults[0];
    expect(fault.rto.status).toBe('recovered');
    expect(fault.rto.rtoUs!).toBeGreaterThanOrEqual(110 * S);
    console.log(`third-party-brownout: availability ${(bare.users.availability! * 100).toFixed(1)}% (browse ${(endpoint(bare, 'browse').availability! * 100).toFixed(1)}%, checkout ${(endpoint(bare, 'checkout').availability! * 100).toFixed(1)}%), p99 ${bare.users.latencyMs.p99} ms (browse ${endpoint(bare, 'browse').latencyMs.p99} ms), rejected ${bare.services[0].rejected}, RTO ${fault.rto.rtoUs! / S} s`);
  });

  it('with a breaker: it opens within 10 s, re-opens on failed probes during the brownout, and is closed at the end', () => {
    const t = transitions(guarded);
    expect(t[0].detail).toBe('closed -> open');
    expect(t[0].timeUs - FAULT_US).toBeGreaterThan(0);
    expect(t[0].timeUs - FAULT_US).toBeLessThanOrEqual(10 * S);
    expect(t.some((e) => e.detail === 'half-open -> open' && e.timeUs < REPAIR_US)).toBe(true);
    expect(t[t.length - 1].detail).toBe('half-open -> closed');
    expect(t[t.length - 1].timeUs).toBeGreaterThan(REPAIR_US);
    const payments = guarded.dependencies[0];
    expect(payments.breaker!.transitions).toBe(t.length);
    expect(payments.breaker!.transitions).toBeGreaterThan(0);
    expect(payments.breaker!.state).toBe('closed');
    expect(payments.breakerOpen).toBeGreaterThan(0);
    expect(guarded.users.degraded).toBeGreaterThan(0);
    expect(payments.degraded).toBe(guarded.users.degraded);
  });

  it('with a breaker: higher availability, lower p99, browsing untouched once it is open', () => {
    expect(guarded.users.availability!).toBeGreaterThan(0.99);
    expect(guarded.users.availability!).toBeGreaterThan(bare.users.availability! + 0.1);
    expect(guarded.users.latencyMs.p99!).toBeLessThan(1000);
    expect(guarded.users.latencyMs.p99!).toBeLessThan(bare.users.latencyMs.p99!);
    expect(endpoint(guarded, 'browse').availability!).toBeGreaterThan(0.995);
    expect(endpoint(guarded, 'browse').latencyMs.p99!).toBeLessThan(200);
    // Once open, the calls hanging when it opened end within one call timeout and the queue
    // drains: from the next window on to the repair, nothing is rejected.
    const openedUs = transitions(guarded)[0].timeUs;
    const series = guarded.metrics.users.series.filter((s) => s.region === 'us-east');
    const from = Math.ceil((openedUs + CALL_TIMEOUT_US) / WINDOW_US);
    const to = REPAIR_US / WINDOW_US;
    expect(to - from).toBeGreaterThan(5);
    for (const s of series) expect(s.failures.rejected.slice(from, to).reduce((a, b) => a + b, 0)).toBe(0);
    const fault = guarded.operations.faults[0];
    expect(fault.rto.status).toBe('recovered');
    expect(fault.rto.rtoUs!).toBeLessThanOrEqual(2 * WINDOW_US);
    console.log(`third-party-brownout-breaker: availability ${(guarded.users.availability! * 100).toFixed(2)}% (browse ${(endpoint(guarded, 'browse').availability! * 100).toFixed(2)}%), p99 ${guarded.users.latencyMs.p99} ms (browse ${endpoint(guarded, 'browse').latencyMs.p99} ms), degraded ${guarded.users.degraded}, breaker transitions ${guarded.dependencies[0].breaker!.transitions}, opened ${(openedUs - FAULT_US) / S} s after the start, RTO ${fault.rto.rtoUs! / S} s`);
  });
});
