import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelEngine, validateModel } from '../src/index.js';
import type { ModelConfig, StoreBackupConfig } from '../src/index.js';
import { latestRecoverableUs, restoreDataUs } from '../src/model/ops/backup/index.js';
import { alerting, rule } from './fixtures/alert-builders.js';
import { dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';

// Data deletion and the restore from backups, through the engine (docs/data-model.md). The
// oracles are the part's arithmetic (ops/backup): RPO = deletion − the backup restored exactly,
// planned RTO = detection + Σ steps + size / rate (+ log replay) exactly, lost writes = the
// writes acknowledged in [restored-to, deletion) — a Poisson count at a constant write rate.

const MIN = 60 * S;

function backup(partial: Partial<StoreBackupConfig> = {}): StoreBackupConfig {
  return {
    store: 'db',
    snapshotIntervalUs: 60 * S,
    snapshotOffsetUs: 7 * S,
    snapshotSizeBytes: 50e9,
    restoreBytesPerS: 1e9,
    restoreSteps: [
      { step: 'provision a host', durationUs: 30 * S },
      { step: 'verify the snapshot', durationUs: 20 * S },
    ],
    detection: 'after',
    detectAfterUs: 45 * S,
    ...partial,
  };
}

/** Users in a: 400 requests/s, half of them writes, on an async store a → b; a deletion at `deletionUs`. */
function deletionModel(deletionUs: number, backups: StoreBackupConfig[] | undefined, partial: { durationUs?: number; seed?: number; ratePerS?: number } = {}): ModelConfig {
  const config = dataModel({
    seed: partial.seed ?? 1,
    durationUs: partial.durationUs ?? 8 * MIN,
    oneWayUs: 10 * MS,
    users: [{ region: 'a', ratePerS: partial.ratePerS ?? 400, writeRatio: 0.5 }],
    faults: [{ kind: 'data-deletion', store: 'db', startUs: deletionUs }],
  });
  if (backups !== undefined) config.backups = backups;
  return config;
}

function poissonWithin(measured: number, mean: number): void {
  expect(Math.abs(measured - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1);
}

describe('data-deletion through the engine', () => {
  it('restores from the last snapshot: RPO = deletion − snapshot exactly, planned RTO = detection + steps + size / rate exactly', () => {
    const deletionUs = 200 * S + 500 * MS;
    const result = new ModelEngine(deletionModel(deletionUs, [backup()])).run();
    const impact = result.operations.faults[0];
    const restore = impact.restore;
    expect(restore).not.toBeNull();
    if (restore === null) return;
    // Snapshots at 7 s + k · 60 s: the last one at or before 200.5 s is 187 s.
    expect(restore.restoredToUs).toBe(187 * S);
    expect(impact.rpoUs).toBe(deletionUs - 187 * S);
    expect(restore.detectUs).toBe(45 * S);
    expect(restore.restoreDurationUs).toBe(30 * S + 20 * S + 50 * S);
    expect(restore.plannedRtoUs).toBe(45 * S + 100 * S);
    expect(restore.restored).toBe(true);
    expect(restore.steps.map((s) => s.step)).toEqual(['provision a host', 'verify the snapshot', 'restore snapshot']);
    // Writes at 200/s, acknowledged at once (async): lost ≈ 200 × 13.5 s.
    poissonWithin(impact.lostWrites ?? -1, 200 * 13.5);
    expect(result.data[0].lostWrites).toBe(impact.lostWrites);
    // Measured RTO (§5 windows of 10 s): the first full window after the restore.
    expect(impact.rto.status).toBe('recovered');
    expect(impact.rto.rtoUs).toBeGreaterThanOrEqual(restore.plannedRtoUs as number);
    expect(impact.rto.rtoUs).toBeLessThanOrEqual((restore.plannedRtoUs as number) + 10 * S);
    // Every operation between the deletion and the restore failed, and was counted.
    expect(restore.failedOperations).toBeGreaterThan(0.95 * 400 * 145);
    const kinds = result.eventLog.entries.filter((e) => e.correlationId === 0).map((e) => e.kind);
    expect(kinds).toEqual(['fault-started', 'data-deleted', 'deletion-detected', 'restore-step', 'restore-step', 'restore-step', 'restored']);
  });

  it('with log shipping restores to deletion − lag, and the replay adds (restored-to − base snapshot) × ratio', () => {
    const deletionUs = 200 * S + 500 * MS;
    const shipping = backup({ logShipping: { lagUs: 2 * S, replayTimeRatio: 0.1 } });
    const result = new ModelEngine(deletionModel(deletionUs, [shipping])).run();
    const impact = result.operations.faults[0];
    const restore = impact.restore;
    if (restore === null) throw new Error('no restore');
    expect(restore.restoredToUs).toBe(deletionUs - 2 * S);
    expect(restore.baseSnapshotUs).toBe(187 * S);
    expect(impact.rpoUs).toBe(2 * S);
    const replayUs = Math.ceil((deletionUs - 2 * S - 187 * S) * 0.1);
    expect(restore.restoreDurationUs).toBe(50 * S + restoreDataUs(shipping) + replayUs);
    poissonWithin(impact.lostWrites ?? -1, 200 * 2);
  });

  it('an alert on the error ratio detects it: the restore starts at the rule\'s firing', () => {
    const deletionUs = 200 * S + 500 * MS;
    const config = deletionModel(deletionUs, [backup({ detection: 'alert', alert: 'DbErrors', detectAfterUs: undefined })]);
    config.alerting = alerting([rule('DbErrors', { scope: { region: 'a' }, threshold: 0.5, forUs: 0, evaluationIntervalUs: 10 * S })]);
    const result = new ModelEngine(config).run();
    const impact = result.operations.faults[0];
    // The evaluation at 210 s reads (200 s, 210 s]: 95% errors.
    expect(impact.restore?.detectedAtUs).toBe(210 * S);
    expect(impact.timeToDetectUs).toBe(210 * S - deletionUs);
    expect(impact.restore?.plannedRtoUs).toBe(210 * S - deletionUs + 100 * S);
  });

  it('an alert already firing when the data is deleted starts the restore at once (it will not fire again)', () => {
    const deletionUs = 100 * S + 500 * MS;
    const config = deletionModel(deletionUs, [backup({ detection: 'alert', alert: 'Busy', detectAfterUs: undefined })]);
    config.alerting = alerting([rule('Busy', { metric: 'request-rate-per-s', scope: { region: 'a' }, comparator: '>', threshold: 1, forUs: 0, evaluationIntervalUs: 10 * S })]);
    const impact = new ModelEngine(config).run().operations.faults[0];
    expect(impact.restore?.detectedAtUs).toBe(deletionUs);
    expect(impact.restore?.plannedRtoUs).toBe(100 * S);
  });

  it('without backups the data never comes back: every acknowledged write before it is lost, RPO unknown', () => {
    const deletionUs = 60 * S;
    const result = new ModelEngine(deletionModel(deletionUs, undefined, { durationUs: 3 * MIN })).run();
    const impact = result.operations.faults[0];
    expect(impact.restore?.backups).toBe(false);
    expect(impact.restore?.restored).toBe(false);
    expect(impact.rpoUs).toBeNull();
    expect(impact.rto.status).toBe('not-recovered');
    // Every write made before the deletion was acknowledged (async) and is gone.
    const writesBefore = result.data[0].acknowledgedWrites;
    expect(impact.lostWrites).toBe(writesBefore);
    poissonWithin(writesBefore, 200 * 60);
  });

  it('the arithmetic holds for any schedule, deletion time and shipping lag (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 0, max: 119 }),
        fc.integer({ min: 30_000, max: 150_000 }),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 1000 }),
        (intervalS, offsetRaw, deletionMs, lagMs, seed) => {
          const offsetS = offsetRaw % intervalS;
          const config = backup({
            snapshotIntervalUs: intervalS * S,
            snapshotOffsetUs: offsetS * S,
            snapshotSizeBytes: 3e9,
            logShipping: lagMs === undefined ? undefined : { lagUs: lagMs * MS },
            detectAfterUs: 5 * S,
          });
          const deletionUs = deletionMs * MS;
          const result = new ModelEngine(deletionModel(deletionUs, [config], { durationUs: 4 * MIN, seed, ratePerS: 20 })).run();
          const impact = result.operations.faults[0];
          const restoredTo = latestRecoverableUs(config, deletionUs);
          expect(impact.restore?.restoredToUs).toBe(restoredTo);
          expect(impact.rpoUs).toBe(deletionUs - restoredTo);
          expect(impact.restore?.plannedRtoUs).toBe(5 * S + 50 * S + restoreDataUs(config));
        },
      ),
      { numRuns: 12, seed: 7 },
    );
  });

  it('a second deletion while the first is restored is absorbed by that restore', () => {
    const config = deletionModel(100 * S, [backup()]);
    config.faults.push({ kind: 'data-deletion', store: 'db', startUs: 150 * S });
    const result = new ModelEngine(config).run();
    expect(result.operations.faults[1].restore?.absorbed).toBe(true);
    expect(result.operations.faults[1].rpoUs).toBeNull();
    expect(result.operations.faults[0].restore?.restored).toBe(true);
  });
});

describe('validateModel: backups and data deletions', () => {
  const base = (): ModelConfig => deletionModel(100 * S, [backup()]);
  const paths = (config: ModelConfig): string[] => validateModel(config).map((p) => `${p.path}: ${p.message}`);

  it('accepts the restore model', () => {
    expect(paths(base())).toEqual([]);
  });

  it('rejects a duration on a data deletion', () => {
    const config = base();
    config.faults[0].durationUs = 10 * S;
    expect(paths(config).some((p) => p.startsWith('faults[0].durationUs: a data-deletion fault ends when the restore'))).toBe(true);
  });

  it('names an unknown store, with a suggestion, for the fault and the backups', () => {
    const config = base();
    config.faults[0] = { kind: 'data-deletion', store: 'dbb', startUs: 1 };
    (config.backups as StoreBackupConfig[])[0].store = 'bd';
    const found = paths(config);
    expect(found).toContain('faults[0].store: unknown data store "dbb" (did you mean "db"?)');
    expect(found.some((p) => p.startsWith('backups[0].store: unknown data store "bd"'))).toBe(true);
  });

  it('reports the detection fields, misspelt fields and the part\'s own checks with their paths', () => {
    const config = base();
    const b = (config.backups as StoreBackupConfig[])[0] as unknown as Record<string, unknown>;
    b.detection = 'alert';
    b.snapshotInterval = 5;
    b.restoreBytesPerS = 0;
    const found = paths(config);
    expect(found.some((p) => p.startsWith('backups[0].alert: alert must name the alert rule'))).toBe(true);
    expect(found).toContain('backups[0]: "snapshotInterval" is not a field of a backup config (did you mean "snapshotIntervalUs"?)');
    expect(found.some((p) => p.startsWith('backups[0].restoreBytesPerS: restoreBytesPerS must be a finite number'))).toBe(true);
    b.detection = 'after';
    delete b.detectAfterUs;
    expect(paths(config).some((p) => p.startsWith('backups[0].detectAfterUs: detectAfterUs must be a whole number of µs >= 0, got undefined'))).toBe(true);
  });

  it('names an unknown alert rule and a second backup config of one store', () => {
    const config = base();
    config.alerting = alerting([rule('DbErrors')]);
    config.backups = [backup({ detection: 'alert', alert: 'DbError' }), backup()];
    const found = paths(config);
    expect(found).toContain('backups[0].alert: no alert rule is named "DbError" (did you mean "DbErrors"?)');
    expect(found).toContain('backups[1].store: data store "db" has two backup configs; give it one');
  });

  it('bills the retained snapshots as storage in the primary\'s region', () => {
    const config = deletionModel(100 * S, [backup({ retainedSnapshots: 3 })], { durationUs: 2 * MIN });
    const result = new ModelEngine(config).run();
    const expected = (3 * 50 * 0.1 * 2 * MIN) / (730 * 3600 * S);
    expect(result.data[0].backupStorageUsd).toBeCloseTo(expected, 12);
    expect(store().storagePriceUsdPerGBMonth).toBe(0.1);
  });
});
