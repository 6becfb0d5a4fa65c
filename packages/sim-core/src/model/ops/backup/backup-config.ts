import { describeValue } from '../../../assert.js';
import { checkAtLeast, checkCount, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';
import { validateOperationSteps } from '../operation-steps.js';
import type { OperationStep } from '../operation-steps.js';

/** One fixed step of a restore runbook ("provision an instance", "repoint the application"). */
/** A fixed step of a restore (provisioning, verification, cut-over) and its duration. */
export type BackupRestoreStep = OperationStep;

/**
 * Continuous log shipping (point-in-time recovery): every acknowledged write reaches the
 * backup archive `lagUs` after its acknowledgement, so at time t the archive can restore the
 * data store to any instant up to t − lagUs (and no earlier than the first snapshot before it).
 */
export interface BackupLogShipping {
  /** From a write's acknowledgement to its log record being in the archive, µs (a whole number >= 0). */
  readonly lagUs: number;
  /**
   * Restore time spent replaying the log, per µs of history replayed (a number >= 0; 0.1 means the
   * log replays ten times faster than it was written). Absent: 0, replay is not modelled and the
   * restore time is size / rate + fixed steps as in the issue.
   */
  readonly replayTimeRatio?: number;
}

/**
 * One data store's backups, every unit resolved.
 *
 * Snapshots are taken at snapshotOffsetUs + k · snapshotIntervalUs for every whole k, negative
 * ones included: the schedule ran before the simulated run began, so a snapshot older than the
 * run's start always exists (it may lie at a negative time). A snapshot taken at s holds every
 * write acknowledged strictly before s and is restorable from s on (its upload time is not
 * modelled).
 *
 * Size model: every snapshot is the whole dataset, `snapshotSizeBytes`, the same for the whole
 * run. A run lasts hours while a dataset is built over months, so the growth within a run is
 * negligible next to the size, and a constant keeps restore time independent of the write trace.
 */
export interface BackupConfig {
  /** Time between two snapshots, µs (a whole number > 0). */
  readonly snapshotIntervalUs: number;
  /** The phase of the schedule, µs (a whole number in [0, snapshotIntervalUs)); absent: 0. */
  readonly snapshotOffsetUs?: number;
  /** The size of one snapshot, bytes (a finite number >= 0). */
  readonly snapshotSizeBytes: number;
  /** How fast a snapshot is copied back into a data store, bytes per second (a finite number > 0). */
  readonly restoreBytesPerS: number;
  /** The restore runbook's fixed steps, done in order before the data is copied back; may be empty. */
  readonly restoreSteps: readonly BackupRestoreStep[];
  /** Absent: snapshots only. */
  readonly logShipping?: BackupLogShipping;
  /** Full snapshots kept in storage, for the storage cost (a whole number >= 1); absent: 1. */
  readonly retainedSnapshots?: number;
}

/**
 * The problems in a backup config, as sentences naming the field and the bad value; empty when
 * it is usable. Never throws, and checks types too (the config may come from YAML through a
 * cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateBackup(config: BackupConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(
      `${prefix}a backup config must be an object { snapshotIntervalUs, snapshotOffsetUs?, snapshotSizeBytes, restoreBytesPerS, restoreSteps, logShipping?, retainedSnapshots? }, got ${describeValue(config)}`,
    );
    return problems;
  }
  const intervalValid = checkWholeUs(problems, prefix, 'snapshotIntervalUs', config.snapshotIntervalUs, 1);
  const offset: unknown = config.snapshotOffsetUs;
  if (offset !== undefined && checkWholeUs(problems, prefix, 'snapshotOffsetUs', offset, 0) && intervalValid && (offset as number) >= config.snapshotIntervalUs) {
    problems.push(`${prefix}snapshotOffsetUs (${describeValue(offset)}) must be < snapshotIntervalUs (${config.snapshotIntervalUs}): it is the schedule's phase`);
  }
  checkAtLeast(problems, prefix, 'snapshotSizeBytes', config.snapshotSizeBytes, 0);
  const rate: unknown = config.restoreBytesPerS;
  if (!(typeof rate === 'number' && Number.isFinite(rate) && rate > 0)) {
    problems.push(`${prefix}restoreBytesPerS must be a finite number of bytes per second > 0, got ${describeValue(rate)}`);
  }
  validateOperationSteps(problems, prefix, 'restoreSteps', config.restoreSteps);
  if (config.logShipping !== undefined) validateLogShipping(problems, prefix, config.logShipping);
  if (config.retainedSnapshots !== undefined) checkCount(problems, prefix, 'retainedSnapshots', config.retainedSnapshots, 1);
  return problems;
}

function validateLogShipping(problems: string[], prefix: string, shipping: unknown): void {
  if (!isRecord(shipping)) {
    problems.push(`${prefix}logShipping, when given, must be an object { lagUs, replayTimeRatio? }, got ${describeValue(shipping)}`);
    return;
  }
  checkWholeUs(problems, prefix, 'logShipping.lagUs', shipping.lagUs, 0);
  if (shipping.replayTimeRatio !== undefined) checkAtLeast(problems, prefix, 'logShipping.replayTimeRatio', shipping.replayTimeRatio, 0);
}
