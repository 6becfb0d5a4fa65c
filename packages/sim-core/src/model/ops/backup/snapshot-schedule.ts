import { describeValue } from '../../../assert.js';
import type { BackupConfig } from './backup-config.js';

/**
 * The time of the latest snapshot taken at or before `tUs`, µs: the largest
 * s = snapshotOffsetUs + k · snapshotIntervalUs (k any whole number) with s <= tUs. It may be
 * negative (a snapshot from before the run). Exact in whole µs. The config is assumed valid
 * (`validateBackup`); `tUs` must be a safe integer, else a RangeError.
 */
export function lastSnapshotAtOrBefore(config: BackupConfig, tUs: number): number {
  checkSafeUs('tUs', tUs);
  const interval = config.snapshotIntervalUs;
  const offset = config.snapshotOffsetUs ?? 0;
  const since = tUs - offset;
  let k = Math.floor(since / interval);
  // A quotient of whole numbers can round across an integer near 2^53; step back onto the grid.
  if (k * interval > since) k -= 1;
  else if ((k + 1) * interval <= since) k += 1;
  return offset + k * interval;
}

/** The time of the first snapshot taken strictly after `tUs`, µs (lastSnapshotAtOrBefore + one interval). */
export function nextSnapshotAfter(config: BackupConfig, tUs: number): number {
  return lastSnapshotAtOrBefore(config, tUs) + config.snapshotIntervalUs;
}

/**
 * The latest instant the backups as they stand at `atUs` can restore the data store to, µs:
 * lastSnapshotAtOrBefore(atUs) with snapshots only; with log shipping the later of that and
 * atUs − lagUs (the log from the snapshot up to that instant is in the archive). Restoring to r
 * recovers exactly the writes acknowledged strictly before r.
 */
export function latestRecoverableUs(config: BackupConfig, atUs: number): number {
  const snapshotUs = lastSnapshotAtOrBefore(config, atUs);
  if (config.logShipping === undefined) return snapshotUs;
  const shippedUs = atUs - config.logShipping.lagUs;
  return shippedUs > snapshotUs ? shippedUs : snapshotUs;
}

function checkSafeUs(field: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`backup: ${field} must be a whole number of µs, got ${describeValue(value)}`);
}
