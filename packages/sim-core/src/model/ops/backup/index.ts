// Backups and restore: the snapshot schedule, log shipping (point-in-time recovery), the restore
// plan after a data deletion (RPO, RTO and its steps) and the storage cost.
export { validateBackup } from './backup-config.js';
export type { BackupConfig, BackupLogShipping, BackupRestoreStep } from './backup-config.js';
export { lastSnapshotAtOrBefore, latestRecoverableUs, nextSnapshotAfter } from './snapshot-schedule.js';
export { REPLAY_LOG_STEP, RESTORE_DATA_STEP, expectedLostWrites, lostWritesIn, restoreDataUs, restorePlan } from './restore-plan.js';
export type { RestorePlan, RestoreStepTimes } from './restore-plan.js';
export { BYTES_PER_GB, STORAGE_MONTH_US, backupStorageCostUsd, backupStoredBytes, storageCostUsd } from './backup-cost.js';
