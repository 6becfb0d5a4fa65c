import { FAILURE_REASONS, ModelEngine } from '@stormglass/sim-core';
import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { loadCatalogScenario } from '../src/catalog/registry.js';
import { formatProblem } from '../src/language/source.js';

// phased-migration: EU users (150/s, 20% checkouts that write) move from us-east to eu-west in
// steps 0% → 10% (30 s) → 50% (90 s) → 100% (150 s), both fleets up throughout, every write
// rejected over [150 s, 160 s).

const S = 1_000_000;
const RATE = 150;
const WRITE_SHARE = 0.2;
const FREEZE = [150, 160] as const;
const END = 240;
/** The migration's weight over the tick starting at `t` s (the steps change on 10 s boundaries). */
const weightAt = (t: number): number => (t < 30 ? 0 : t < 90 ? 0.1 : t < 150 ? 0.5 : 1);
/** ∫ weight dt over the run, s. */
const SHARE_SECONDS = 60 * 0.1 + 60 * 0.5 + (END - 150) * 1;
const PRICE_PER_H = { 'us-east': 3 * 0.192, 'eu-west': 3 * 0.214 } as const;

describe('catalog: phased-migration', () => {
  const { scenario, problems } = loadCatalogScenario('phased-migration');
  expect(problems.map(formatProblem)).toEqual([]);
  const result: ModelResult = new ModelEngine(scenario!.config).run();
  const migration = result.operations.migration!;
  const tickS = migration.series.intervalUs / S;

  it('conserves every request', () => {
    expect(result.conservation).toEqual([]);
    expect(migration.from).toBe('us-east');
    expect(migration.to).toBe('eu-west');
    expect(migration.dualRunning).toBe(true);
  });

  it("eu-west's share of the attempts follows the weights, tick by tick", () => {
    const { requestsFrom, requestsTo } = migration.series;
    expect(requestsTo.length).toBe(END / tickS);
    for (let i = 0; i < requestsTo.length; i++) {
      const n = requestsFrom[i] + requestsTo[i];
      const w = weightAt(i * tickS);
      if (w === 0 || w === 1) {
        // Each attempt's draw is below 1 and not below 0: exactly one side.
        expect(w === 0 ? requestsTo[i] : requestsFrom[i]).toBe(0);
      } else {
        // Binomial(n, w): within 4σ.
        expect(Math.abs(requestsTo[i] - n * w)).toBeLessThan(4 * Math.sqrt(n * w * (1 - w)));
      }
    }
    // Users never retry: one attempt per request; the moved ones are Poisson with mean λ ∫ w dt.
    const mean = RATE * SHARE_SECONDS;
    expect(Math.abs(migration.requestsTo - mean)).toBeLessThan(4 * Math.sqrt(mean));
    expect(migration.requestsFrom + migration.requestsTo).toBe(result.attempts.started);
  });

  it('the only failures are the writes the freeze rejected, all inside the freeze', () => {
    expect(migration.downtimeUs).toBe((FREEZE[1] - FREEZE[0]) * S);
    expect(result.users.failed).toBe(migration.writesRejected);
    const mean = RATE * WRITE_SHARE * (FREEZE[1] - FREEZE[0]);
    expect(Math.abs(migration.writesRejected - mean)).toBeLessThan(4 * Math.sqrt(mean));
    migration.series.writesRejected.forEach((n, i) => {
      if (i * tickS < FREEZE[0] || i * tickS >= FREEZE[1]) expect(n).toBe(0);
    });
    // Users see the failure a round trip after the write reached the store: in the freeze's
    // tick or the next; every failure is a checkout, and no request is rejected or times out.
    for (const s of result.metrics.users.series) {
      const failed = s.requests.map((_, i) => FAILURE_REASONS.reduce((a, r) => a + s.failures[r][i], 0));
      failed.forEach((n, i) => {
        if (i * tickS < FREEZE[0] || i * tickS > FREEZE[1]) expect(n).toBe(0);
      });
      if (s.endpoint === 'browse') expect(failed.every((n) => n === 0)).toBe(true);
    }
    expect(result.users.failures.error).toBe(result.users.failed);
    // The targets: availability 99% (the freeze fails ≈ 300 of ≈ 36,000 requests), browse p99 200 ms.
    expect(result.users.availability!).toBeGreaterThanOrEqual(0.99);
    expect(result.users.availability!).toBeLessThan(1);
    expect(result.endpoints.find((e) => e.endpoint === 'browse')!.latencyMs.p99!).toBeLessThan(200);
  });

  it("dual running costs both fleets at once, more than either region's alone", () => {
    const costs = result.metrics.services.costs;
    const us = costs.find((c) => c.region === 'us-east')!.usd;
    const eu = costs.find((c) => c.region === 'eu-west')!.usd;
    const perTick = (pricePerH: number): number => (pricePerH * tickS) / 3600;
    for (let i = migration.startUs / S / tickS; i < migration.endUs / S / tickS; i++) {
      expect(us[i]).toBeCloseTo(perTick(PRICE_PER_H['us-east']), 12);
      expect(eu[i]).toBeCloseTo(perTick(PRICE_PER_H['eu-west']), 12);
      expect(us[i] + eu[i]).toBeGreaterThan(Math.max(us[i], eu[i]) * 1.8);
    }
  });

  it('the browse p50 falls from across the Atlantic (> 75 ms) to in-region (< 30 ms)', () => {
    const browse = result.metrics.users.series.find((s) => s.region === 'eu-west' && s.endpoint === 'browse')!;
    for (let i = 0; i < 30 / tickS; i++) expect(browse.p50Ms[i]!).toBeGreaterThan(75);
    for (let i = 160 / tickS; i < END / tickS; i++) expect(browse.p50Ms[i]!).toBeLessThan(30);
  });
});
