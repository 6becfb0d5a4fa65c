import { describeValue } from '../../../assert.js';
import type { BackupConfig } from './backup-config.js';

/**
 * The month a GB-month price is quoted per, µs: 730 hours, a twelfth of a 365-day year (the
 * month the large clouds bill storage by).
 */
export const STORAGE_MONTH_US = 730 * 3_600_000_000;

/** Bytes in the GB of a price per GB (10^9, as for egress prices). */
export const BYTES_PER_GB = 1_000_000_000;

/**
 * What storing `bytes` for `durationUs` costs at `priceUsdPerGBMonth`, US dollars:
 * bytes / 10^9 × price × durationUs / STORAGE_MONTH_US. Every argument must be a finite number
 * >= 0, else a RangeError.
 */
export function storageCostUsd(bytes: number, priceUsdPerGBMonth: number, durationUs: number): number {
  checkNonNegative('bytes', bytes);
  checkNonNegative('priceUsdPerGBMonth', priceUsdPerGBMonth);
  checkNonNegative('durationUs', durationUs);
  return ((bytes / BYTES_PER_GB) * priceUsdPerGBMonth * durationUs) / STORAGE_MONTH_US;
}

/**
 * The bytes the backups keep in storage: retainedSnapshots (default 1) full snapshots of
 * snapshotSizeBytes. The shipped log is not counted (its size depends on the write trace; the
 * engine can add it with storageCostUsd).
 */
export function backupStoredBytes(config: BackupConfig): number {
  return (config.retainedSnapshots ?? 1) * config.snapshotSizeBytes;
}

/** storageCostUsd(backupStoredBytes(config), priceUsdPerGBMonth, durationUs). */
export function backupStorageCostUsd(config: BackupConfig, priceUsdPerGBMonth: number, durationUs: number): number {
  return storageCostUsd(backupStoredBytes(config), priceUsdPerGBMonth, durationUs);
}

function checkNonNegative(field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`storageCostUsd: ${field} must be a finite number >= 0, got ${describeValue(value)}`);
  }
}
