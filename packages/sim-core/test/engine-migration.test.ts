import { describe, expect, it } from 'vitest';
import { MigrationPlan, runModel } from '../src/index.js';
import type { MigrationConfig, ModelConfig } from '../src/index.js';
import { dataModel } from './fixtures/data-builders.js';
import { badDeploy, deployment, errorRule } from './fixtures/deploy-builders.js';
import { RUN_TIMEOUT_MS, S, events, expectBinomial, expectPoisson, group, run, sumTicks, userSeries } from './fixtures/engine-scenario-builders.js';

/**
 * A migration through the engine (docs/notes-deploy.md): users of region a, served by `api` →
 * store `db` (primary a, async replica b), move to b along a ramp from 10 s to 70 s, with a 5 s
 * write freeze at 40 s. Oracles: the part's MigrationPlan (shareAt, shareIntegralUs,
 * writesRejectedDuringFreeze) against the engine's counts, binomial or Poisson within 4σ.
 */

const RATE_PER_S = 1000;
const WRITE_RATIO = 0.5;
const W = 10 * S;

const MIGRATION: MigrationConfig = {
  from: 'a',
  to: 'b',
  weights: [
    { atUs: 10 * S, toShare: 0 },
    { atUs: 70 * S, toShare: 1 },
  ],
  dualRunning: true,
  writeFreeze: { startUs: 40 * S, durationUs: 5 * S },
};

function migrationModel(seed = 1): ModelConfig {
  const config = dataModel({ seed, durationUs: 90 * S, users: [{ region: 'a', ratePerS: RATE_PER_S, writeRatio: WRITE_RATIO }] });
  config.migration = MIGRATION;
  return config;
}

describe('a migration from a to b through the engine', () => {
  const config = migrationModel();
  const result = run(config);
  const migration = result.operations.migration;
  const plan = new MigrationPlan(MIGRATION);

  it('the share of requests on b in each 10 s window is the plan’s mean share there (binomial, 4σ)', () => {
    expect(migration).not.toBeNull();
    if (migration === null) return;
    const rows: string[] = [];
    for (let from = 0; from < config.durationUs; from += W) {
      const ticks = [from / S, (from + W) / S] as const;
      const to = sumTicks(migration.series.requestsTo, ...ticks);
      const n = to + sumTicks(migration.series.requestsFrom, ...ticks);
      const p = plan.shareIntegralUs(from, from + W) / W;
      rows.push(`[${from / S}, ${(from + W) / S}) s: ${to}/${n} = ${(to / n).toFixed(4)} vs ${p.toFixed(4)}`);
      expectBinomial(to, n, p);
    }
    console.log(`migration a → b, share on b per window:\n  ${rows.join('\n  ')}`);
    const expectedTo = (RATE_PER_S * plan.shareIntegralUs(0, config.durationUs)) / S;
    console.log(`requests moved to b: ${migration.requestsTo} vs λ·∫share = ${expectedTo} ± ${(4 * Math.sqrt(expectedTo)).toFixed(1)}`);
    expectPoisson(migration.requestsTo, expectedTo);
    expect(migration.requestsFrom + migration.requestsTo).toBe(result.attempts.started);
    // b has no users of its own: what it served is what the migration sent (less the few still on the wire at the end).
    const servedByB = group(result, 'api', 'b').requests;
    expect(servedByB).toBeLessThanOrEqual(migration.requestsTo);
    expect(migration.requestsTo - servedByB).toBeLessThan(50);
  });

  it('the write freeze rejects ≈ write rate × freeze writes (Poisson, 4σ), none outside it; reads are served through it', () => {
    if (migration === null) throw new Error('no migration result');
    const expected = plan.writesRejectedDuringFreeze(RATE_PER_S * WRITE_RATIO);
    console.log(`write freeze of 5 s: ${migration.writesRejected} writes rejected vs ${expected} ± ${(4 * Math.sqrt(expected)).toFixed(1)}; downtime ${migration.downtimeUs} µs`);
    expectPoisson(migration.writesRejected, expected);
    migration.series.writesRejected.forEach((count, t) => {
      if (t < 40 || t >= 45) expect(count, `tick ${t}`).toBe(0);
      else expect(count, `tick ${t}`).toBeGreaterThan(0);
    });
    expect(migration.downtimeUs).toBe(5 * S);
    // Nothing else fails: each rejected write fails its request, and only those fail.
    expect(result.users.failed).toBe(migration.writesRejected);
    const series = userSeries(result, 'a');
    const ok = sumTicks(series.successes, 41, 45);
    const started = sumTicks(series.requests, 41, 45);
    expectBinomial(ok, started, 1 - WRITE_RATIO);
    expect(result.data[0].writes + migration.writesRejected).toBeLessThanOrEqual(result.dependencies.filter((d) => d.dependency === 'db').reduce((a, d) => a + d.calls, 0));
  });

  it('reports the plan and logs the cutover; dual running keeps both fleets whole (no autoscaling here)', () => {
    if (migration === null) throw new Error('no migration result');
    expect([migration.from, migration.to, migration.startUs, migration.endUs, migration.dualRunning]).toEqual(['a', 'b', 10 * S, 70 * S, true]);
    expect(events(result, 'migration-started').map((e) => e.timeUs)).toEqual([10 * S]);
    expect(events(result, 'migration-completed').map((e) => e.timeUs)).toEqual([70 * S]);
    expect(events(result, 'write-freeze-started').map((e) => e.timeUs)).toEqual([40 * S]);
    expect(events(result, 'write-freeze-ended').map((e) => e.timeUs)).toEqual([45 * S]);
    for (const region of ['a', 'b']) expect(group(result, 'api', region).instances).toMatchObject({ min: 20, max: 20 });
  });
});

describe('determinism with deployments, a bad deploy and a migration', () => {
  it('the same config twice gives the same digest and the same JSON; another seed another digest', { timeout: RUN_TIMEOUT_MS }, () => {
    const config = (seed: number): ModelConfig => {
      const c = migrationModel(seed);
      c.durationUs = 60 * S;
      c.deployments = [deployment({ kind: 'canary', steps: [{ share: 0.2, durationUs: 20 * S }] }, 15 * S, { onAlerts: ['HighErrorRatio'], rollbackUs: 5 * S })];
      c.faults = [badDeploy(15 * S, 0.3, 5_000)];
      c.alerting = { rules: [errorRule()], groupWaitUs: 0, repeatIntervalUs: 300 * S };
      return c;
    };
    const first = runModel(config(3));
    const second = runModel(config(3));
    const other = runModel(config(4));
    console.log(`determinism: digest ${first.digest} twice, seed 4 ${other.digest}; rollback at ${first.operations.deployments[0].rollbackAtUs} µs, blast radius ${first.operations.deployments[0].blastRadius}, writes rejected ${first.operations.migration?.writesRejected}`);
    expect(second.digest).toBe(first.digest);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(other.digest).not.toBe(first.digest);
    expect(first.operations.deployments[0].rollbackAtUs).not.toBeNull();
    expect(first.conservation).toEqual([]);
  });
});
