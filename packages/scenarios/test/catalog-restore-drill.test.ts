import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// restore-drill (snapshots only) vs restore-drill-pitr (snapshots + log shipping): a table
// deleted at 2 min, detected by an error-ratio alert, restored from the backups.

const S = 1_000_000;
const GIB = 1024 ** 3;
const DELETION_US = 120 * S;
const SNAPSHOT_US = 30 * S; // every 6 h, offset 30 s: the last snapshot before the deletion
const LAG_US = 5 * S;
const WRITES_PER_S = 100 * 0.3; // 100 requests/s, 30% of them place an order (a write)
const RATE = 100;
const STEPS_US = 30 * S;
const COPY_US = ((20 * GIB) / GIB) * S; // 20 GiB at 1 GiB/s
const REPLAY_RATIO = 0.1;
const EVALUATION_US = 10 * S;

const run = (name: string): ModelResult => runCatalog(name).result;

const within4Sigma = (count: number, mean: number): void => {
  expect(Math.abs(count - mean)).toBeLessThan(4 * Math.sqrt(mean));
};

describe('catalog: restore-drill vs restore-drill-pitr', () => {
  const snapshots = run('restore-drill');
  const pitr = run('restore-drill-pitr');

  it.each([
    ['snapshots only', snapshots, SNAPSHOT_US, 0],
    ['point-in-time recovery', pitr, DELETION_US - LAG_US, Math.ceil((DELETION_US - LAG_US - SNAPSHOT_US) * REPLAY_RATIO)],
  ] as const)('%s: RPO, lost writes and the restore time from the mechanism', (_, result, restoredToUs, replayUs) => {
    expect(result.conservation).toEqual([]);
    const [fault] = result.operations.faults;
    expect(fault.kind).toBe('data-deletion');
    const restore = fault.restore!;
    expect(restore.restored).toBe(true);
    // RPO = the deletion − the restore point (the last snapshot, or the deletion − the lag).
    expect(restore.restoredToUs).toBe(restoredToUs);
    expect(restore.baseSnapshotUs).toBe(SNAPSHOT_US);
    expect(fault.rpoUs).toBe(DELETION_US - restoredToUs);
    // The writes acknowledged in [restore point, deletion) are lost: Poisson with mean w × RPO.
    within4Sigma(fault.lostWrites!, (WRITES_PER_S * (DELETION_US - restoredToUs)) / S);
    expect(result.data[0].lostWrites).toBe(fault.lostWrites);
    // Detected at the first evaluation after the deletion (the grid is every 10 s from 0).
    expect(restore.detectUs!).toBeGreaterThan(0);
    expect(restore.detectUs!).toBeLessThanOrEqual(EVALUATION_US);
    expect(restore.detectedAtUs! % EVALUATION_US).toBe(0);
    // Restore duration = the fixed steps + size / rate (+ the log replay), exactly.
    expect(restore.restoreDurationUs).toBe(STEPS_US + COPY_US + replayUs);
    expect(restore.restoredAtUs).toBe(restore.detectedAtUs! + restore.restoreDurationUs!);
    expect(restore.plannedRtoUs).toBe(restore.restoredAtUs! - DELETION_US);
    // The measured RTO counts 10 s windows: within one window of the planned RTO, under the 2 min target.
    expect(fault.rto.status).toBe('recovered');
    expect(Math.abs(fault.rto.rtoUs! - restore.plannedRtoUs!)).toBeLessThan(EVALUATION_US);
    expect(fault.rto.rtoUs!).toBeLessThan(120 * S);
    // Every request in the outage fails (the store answers "no such table"), and nothing else does.
    expect(result.users.failed).toBe(restore.failedOperations);
    within4Sigma(result.users.failed, (RATE * restore.plannedRtoUs!) / S);
  });

  it("log shipping: the RPO is the lag, far below the snapshots' RPO; lost writes under a tenth; the restore takes the replay longer", () => {
    const a = snapshots.operations.faults[0];
    const b = pitr.operations.faults[0];
    expect(b.rpoUs).toBe(LAG_US);
    expect(b.rpoUs! * 10).toBeLessThan(a.rpoUs!);
    expect(b.lostWrites! * 10).toBeLessThan(a.lostWrites!);
    // Targets: RPO 1 min and at most 500 lost writes — PITR meets them, snapshots alone miss both.
    expect(a.rpoUs!).toBeGreaterThan(60 * S);
    expect(a.lostWrites!).toBeGreaterThan(500);
    expect(b.rpoUs!).toBeLessThanOrEqual(60 * S);
    expect(b.lostWrites!).toBeLessThanOrEqual(500);
    expect(b.restore!.restoreDurationUs! - a.restore!.restoreDurationUs!).toBe(8.5 * S);
  });
});
