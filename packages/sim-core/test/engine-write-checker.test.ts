import { describe, expect, it } from 'vitest';
import { ModelEngine } from '../src/index.js';
import type { DataStoreConfig, FaultConfig, ModelConfig, StoreFailoverConfig } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';
import { checkWriteTraces } from './fixtures/write-checker.js';
import type { StoreCheck } from './fixtures/write-checker.js';

// The independent checker (fixtures/write-checker.ts) against the engine on named scenarios:
// every acknowledgement, failure and promotion is replayed into the plain-array reference, and
// lost writes and RPO are recomputed from the trace. The random-topology property in
// engine-oracles-stats.test.ts runs the same checker on generated models.

function checked(config: ModelConfig): { checks: StoreCheck[]; config: ModelConfig } {
  const engine = new ModelEngine(config, { writeTrace: true });
  const result = engine.run();
  const trace = engine.writeTrace();
  expect(trace).not.toBeNull();
  const checks = checkWriteTraces(trace ?? [], result);
  for (const check of checks) expect(check.problems).toEqual([]);
  return { checks, config };
}

function scenario(stores: DataStoreConfig[], faults: FaultConfig[], failovers?: StoreFailoverConfig[]): ModelConfig {
  return dataModel({
    durationUs: 70 * S,
    regions: ['a', 'b', 'c'],
    oneWayUs: 15 * MS,
    users: [
      { region: 'a', ratePerS: 300, writeRatio: 0.5 },
      { region: 'b', ratePerS: 100, writeRatio: 0.5 },
    ],
    stores,
    faults,
    failovers,
  });
}

const TIMEOUT_MS = 30_000;

describe('the write checker agrees with the engine', { timeout: TIMEOUT_MS }, () => {
  it('async, primary region lost, automatic failover: lost writes and RPO recomputed', () => {
    const { checks } = checked(scenario([store({ replicas: ['b', 'c'] })], [{ kind: 'region-outage', region: 'a', startUs: 20 * S + 321, durationUs: 30 * S }], [automaticFailover()]));
    expect(checks[0].lostByPromotion).toBeGreaterThan(0);
    expect(checks[0].rpoUs).toHaveLength(1);
    console.log(`checker, async failover: ${checks[0].writes} writes, ${checks[0].lostByPromotion} lost, RPO ${checks[0].rpoUs[0]} µs, ${checks[0].answeredOk} acknowledged to callers`);
  });

  it('sync with quorum 1 of 2: nothing lost, and the reference agrees on every acknowledgement', () => {
    const { checks } = checked(scenario([store({ mode: 'sync', quorum: 1, replicas: ['b', 'c'] })], [{ kind: 'region-outage', region: 'a', startUs: 20 * S, durationUs: 30 * S }], [automaticFailover()]));
    expect(checks[0].lostByPromotion).toBe(0);
    expect(checks[0].writes).toBeGreaterThan(5_000);
  });

  it('semi-sync through a replica stall and a partition of the replication link', () => {
    const { checks } = checked(
      scenario(
        [store({ mode: 'semi-sync', semiSyncTimeoutUs: 40 * MS, replicas: ['b', 'c'] })],
        [
          { kind: 'replication-stall', store: 'db', region: 'b', startUs: 10 * S, durationUs: 15 * S },
          { kind: 'link-partition', between: ['a', 'c'], direction: 'both', startUs: 30 * S, durationUs: 10 * S },
          { kind: 'primary-failure', store: 'db', startUs: 50 * S },
        ],
      ),
    );
    expect(checks[0].writes).toBeGreaterThan(5_000);
  });

  it('a primary failure repaired before any failover: the recovery replays into the reference', () => {
    const { checks } = checked(scenario([store({ mode: 'sync', quorum: 2, replicas: ['b', 'c'] })], [{ kind: 'primary-failure', store: 'db', startUs: 20 * S + 17, durationUs: 5 * S }]));
    expect(checks[0].lostByPromotion).toBe(0);
  });

  it('multi-writer: a writer region lost twice loses, each time, only what it had not shipped since', () => {
    const { checks } = checked(
      scenario(
        [store({ mode: 'multi-writer', replicas: ['b'], keys: 100 })],
        [
          { kind: 'region-outage', region: 'b', startUs: 20 * S + 5, durationUs: 10 * S },
          { kind: 'region-outage', region: 'b', startUs: 45 * S + 5, durationUs: 10 * S },
        ],
      ),
    );
    expect(checks[0].lostByRegionLoss).toBeGreaterThan(0);
  });

  it('a deletion after a failover: the promotion\'s losses are not counted again by the restore', () => {
    const config = scenario([store({ replicas: ['b'] })], [{ kind: 'region-outage', region: 'a', startUs: 20 * S, durationUs: 15 * S }, { kind: 'data-deletion', store: 'db', startUs: 50 * S }], [automaticFailover()]);
    config.backups = [{ store: 'db', snapshotIntervalUs: 3600 * S, snapshotSizeBytes: 1e9, restoreBytesPerS: 1e9, restoreSteps: [], detection: 'after', detectAfterUs: 5 * S }];
    const { checks } = checked(config);
    expect(checks[0].lostByPromotion).toBeGreaterThan(0);
    expect(checks[0].lostByDeletion).toBeGreaterThan(0);
  });
});
