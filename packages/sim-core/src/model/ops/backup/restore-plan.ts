import { describeValue } from '../../../assert.js';
import type { BackupConfig } from './backup-config.js';
import { lastSnapshotAtOrBefore, latestRecoverableUs } from './snapshot-schedule.js';

/** The name of the step that copies the snapshot back, in `RestorePlan.steps`. */
export const RESTORE_DATA_STEP = 'restore snapshot';
/** The name of the step that replays the shipped log, present only with log shipping. */
export const REPLAY_LOG_STEP = 'replay log';

/** One step of a restore on the timeline, µs: it runs over [startUs, endUs). */
export interface RestoreStepTimes {
  readonly step: string;
  readonly startUs: number;
  readonly endUs: number;
}

/**
 * A restore after a data deletion at D detected at d (D <= d), every time in whole µs:
 *
 *   restoredToUs     = latestRecoverableUs(D): the backups as they stood at the deletion (the
 *                      deletion is taken to destroy the log tail not yet shipped)
 *   baseSnapshotUs   = lastSnapshotAtOrBefore(restoredToUs), the snapshot the restore starts from
 *   rpoUs            = D − restoredToUs; the lost writes are those acknowledged in [restoredToUs, D)
 *   steps            = from d, in order: the fixed steps; RESTORE_DATA_STEP (restoreDataUs);
 *                      REPLAY_LOG_STEP (replayUs) when log shipping is configured
 *   restoreDataUs    = restoreDataUs(config) = ⌈snapshotSizeBytes / restoreBytesPerS⌉ in µs
 *   replayUs         = ⌈(restoredToUs − baseSnapshotUs) · replayTimeRatio⌉ (0 without a ratio)
 *   restoreDurationUs = Σ fixed steps + restoreDataUs + replayUs
 *   restoredAtUs     = d + restoreDurationUs: the data store is back
 *   detectUs         = d − D
 *   rtoUs            = restoredAtUs − D = detectUs + restoreDurationUs
 *
 * Without log shipping RPO = D − the last snapshot at or before D exactly; with it
 * RPO = min(lagUs, D − that snapshot). Writes after D are not the restore's business: the
 * engine treats the data store as unavailable from D to restoredAtUs (they fail, they are not lost).
 */
export interface RestorePlan {
  readonly deletionUs: number;
  readonly detectedUs: number;
  readonly restoredToUs: number;
  readonly baseSnapshotUs: number;
  readonly rpoUs: number;
  readonly restoreDataUs: number;
  readonly replayUs: number;
  readonly restoreDurationUs: number;
  readonly restoredAtUs: number;
  readonly detectUs: number;
  readonly rtoUs: number;
  readonly steps: readonly RestoreStepTimes[];
}

/**
 * The time to copy one snapshot back, µs: snapshotSizeBytes / restoreBytesPerS seconds rounded
 * up to a whole µs, where a quotient within rounding noise (8 units in the last place) of a whole
 * number of µs counts as that number, so floating-point noise never adds a µs to an exact division.
 */
export function restoreDataUs(config: BackupConfig): number {
  return ceilUs((config.snapshotSizeBytes / config.restoreBytesPerS) * 1_000_000);
}

/**
 * The restore of a deletion at `deletionUs` detected at `detectedUs` (see RestorePlan). The
 * config is assumed valid (`validateBackup`); a time that is not a whole number of µs >= 0, or
 * a detection before the deletion, is a RangeError.
 */
export function restorePlan(config: BackupConfig, deletionUs: number, detectedUs: number): RestorePlan {
  checkTime('deletionUs', deletionUs);
  checkTime('detectedUs', detectedUs);
  if (detectedUs < deletionUs) {
    throw new RangeError(`restorePlan: the deletion (at ${deletionUs} µs) cannot be detected before it happens (at ${detectedUs} µs)`);
  }
  const restoredToUs = latestRecoverableUs(config, deletionUs);
  const baseSnapshotUs = lastSnapshotAtOrBefore(config, restoredToUs);
  const steps: RestoreStepTimes[] = [];
  let at = detectedUs;
  for (const { step, durationUs } of config.restoreSteps) {
    steps.push({ step, startUs: at, endUs: at + durationUs });
    at += durationUs;
  }
  const dataUs = restoreDataUs(config);
  steps.push({ step: RESTORE_DATA_STEP, startUs: at, endUs: at + dataUs });
  at += dataUs;
  let replayUs = 0;
  if (config.logShipping !== undefined) {
    replayUs = ceilUs((restoredToUs - baseSnapshotUs) * (config.logShipping.replayTimeRatio ?? 0));
    steps.push({ step: REPLAY_LOG_STEP, startUs: at, endUs: at + replayUs });
    at += replayUs;
  }
  if (!Number.isSafeInteger(at)) throw new RangeError(`restorePlan: the restore would end beyond the safe integers of µs (${describeValue(at)})`);
  return {
    deletionUs,
    detectedUs,
    restoredToUs,
    baseSnapshotUs,
    rpoUs: deletionUs - restoredToUs,
    restoreDataUs: dataUs,
    replayUs,
    restoreDurationUs: at - detectedUs,
    restoredAtUs: at,
    detectUs: detectedUs - deletionUs,
    rtoUs: at - deletionUs,
    steps,
  };
}

/**
 * The writes the restore loses: how many of `writeAckTimesUs` (acknowledgement times, sorted
 * ascending; a RangeError otherwise) lie in [restoredToUs, deletionUs). O(n) for the order
 * check, then two binary searches.
 */
export function lostWritesIn(plan: RestorePlan, writeAckTimesUs: readonly number[]): number {
  for (let i = 1; i < writeAckTimesUs.length; i++) {
    if (!(writeAckTimesUs[i] >= writeAckTimesUs[i - 1])) {
      throw new RangeError(`lostWritesIn: writeAckTimesUs must be sorted ascending, but [${i - 1}] = ${describeValue(writeAckTimesUs[i - 1])} > [${i}] = ${describeValue(writeAckTimesUs[i])}`);
    }
  }
  return lowerBound(writeAckTimesUs, plan.deletionUs) - lowerBound(writeAckTimesUs, plan.restoredToUs);
}

/** The expected lost writes at a constant write rate: writeRatePerS · rpoUs / 10^6 (the mean of the Poisson count). */
export function expectedLostWrites(plan: RestorePlan, writeRatePerS: number): number {
  if (!(typeof writeRatePerS === 'number' && Number.isFinite(writeRatePerS) && writeRatePerS >= 0)) {
    throw new RangeError(`expectedLostWrites: writeRatePerS must be a finite number >= 0, got ${describeValue(writeRatePerS)}`);
  }
  return (writeRatePerS * plan.rpoUs) / 1_000_000;
}

/** The first index whose value is >= x (the array's length when none is). */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rounds up to a whole µs, except that a value within 8 units in the last place of a whole
 * number is that number: a division and a multiplication round twice, by at most one unit each.
 */
function ceilUs(us: number): number {
  const nearest = Math.round(us);
  return Math.abs(us - nearest) <= 8 * Number.EPSILON * Math.max(1, Math.abs(us)) ? nearest : Math.ceil(us);
}

function checkTime(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) throw new RangeError(`restorePlan: ${field} must be a whole number of µs >= 0, got ${describeValue(value)}`);
}
