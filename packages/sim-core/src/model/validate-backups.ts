import { describeValue } from '../assert.js';
import type { DataStoreConfig } from './data/store-config.js';
import { RESTORE_DETECTIONS } from './model-config.js';
import { validateBackup } from './ops/backup/backup-config.js';
import { checkWholeUs } from './resilience/validate.js';
import { asRecords, attach, strings, unknownFields } from './validate-data-ops.js';
import { suggest } from './validate-references.js';

type Json = Record<string, unknown>;
type Report = (path: string, message: string) => void;

const BACKUP_FIELDS = new Set(['snapshotIntervalUs', 'snapshotOffsetUs', 'snapshotSizeBytes', 'restoreBytesPerS', 'restoreSteps', 'logShipping', 'retainedSnapshots']);
const STORE_BACKUP_FIELDS = [...BACKUP_FIELDS, 'store', 'detection', 'alert', 'detectAfterUs'];

/**
 * The problems of `backups` (one StoreBackupConfig per store), each with its path: the backup
 * part's own checks, the detection fields, unknown fields; and, once the rest of the data
 * section is sound (`namesReadable`), the store and alert names. Never throws.
 */
export function validateBackups(report: Report, model: Json, backups: readonly Json[], stores: readonly DataStoreConfig[], namesReadable: boolean): void {
  const rules = strings(asRecords((model.alerting as Json | undefined)?.rules).map((rule) => rule.name));
  const storeIds = new Set(stores.map((store) => store.id));
  const seen = new Set<string>();
  backups.forEach((backup, i) => {
    const path = `backups[${i}]`;
    attach(report, path, validateBackup(backup as never), BACKUP_FIELDS);
    unknownFields(report, path, backup, STORE_BACKUP_FIELDS, 'a backup config');
    const detection = backup.detection;
    if (!RESTORE_DETECTIONS.includes(detection as never)) {
      report(`${path}.detection`, `detection must be one of ${RESTORE_DETECTIONS.map((d) => `"${d}"`).join(', ')} (what starts the restore: an alert firing, or a fixed delay), got ${describeValue(detection)}`);
    } else if (detection === 'after') {
      const problems: string[] = [];
      if (!checkWholeUs(problems, '', 'detectAfterUs', backup.detectAfterUs, 0)) report(`${path}.detectAfterUs`, `${problems[0]} (required with detection "after")`);
    } else if (!(typeof backup.alert === 'string' && backup.alert.length > 0)) {
      report(`${path}.alert`, `alert must name the alert rule whose firing starts the restore (required with detection "alert"), got ${describeValue(backup.alert)}`);
    } else if (namesReadable && !rules.includes(backup.alert)) {
      report(`${path}.alert`, `no alert rule is named "${backup.alert}"${suggest(backup.alert, rules)}`);
    }
    const store = backup.store;
    if (!(typeof store === 'string' && store.length > 0)) {
      report(`${path}.store`, `store must name the data store the backups are of, got ${describeValue(store)}`);
      return;
    }
    if (namesReadable && !storeIds.has(store)) report(`${path}.store`, `unknown data store "${store}"${suggest(store, storeIds)}`);
    else if (namesReadable && stores.find((s) => s.id === store)?.mode === 'partitioned') report(`${path}.store`, `data store "${store}" is partitioned: back up each zone's store ("${store}/<zone>")`);
    if (seen.has(store)) report(`${path}.store`, `data store "${store}" has two backup configs; give it one`);
    seen.add(store);
  });
}
