import { describeValue } from '../assert.js';
import { validateResidency } from './data/consistency/residency-config.js';
import { validatePartitions, zoneStores } from './data/partitioned-config.js';
import type { DataStoreConfig } from './data/store-config.js';
import { isRecord } from './resilience/validate.js';
import { asRecords, strings } from './validate-data-ops.js';
import { suggest } from './validate-references.js';

type Json = Record<string, unknown>;
type Report = (path: string, message: string) => void;

/** Checks `residency` (zones and their allowed regions); returns the zone names, or undefined when there is no usable section. */
export function residencyZones(report: Report, model: Json): string[] | undefined {
  const residency = model.residency;
  if (residency === undefined) return undefined;
  const regionIds = strings(asRecords(model.regions).map((r) => r.id));
  for (const message of validateResidency(residency as never, regionIds.length > 0 ? regionIds : undefined)) {
    const match = /^(zones\[\d+\](?:\.\w+)?(?:\[\d+\])?)/.exec(message);
    report(match === null ? 'residency' : `residency.${match[1]}`, message);
  }
  return isRecord(residency) && Array.isArray(residency.zones) ? strings(asRecords(residency.zones).map((z) => z.zone)) : undefined;
}

/** A store's residency fields: a partitioned store's `partitions`, another store's `zone`. */
export function checkStoreResidency(report: Report, path: string, store: Json, zones: readonly string[] | undefined): void {
  const members = [store.primary, ...(Array.isArray(store.replicas) ? store.replicas : [])].filter((r): r is string => typeof r === 'string');
  if (store.mode === 'partitioned') {
    for (const message of validatePartitions(store.partitions, members, zones)) {
      const match = /^(partitions(?:\.\w+)?(?:\[\d+\])?(?:\.\w+)?)/.exec(message);
      report(match === null ? path : `${path}.${match[1]}`, message);
    }
    if (store.zone !== undefined) report(`${path}.zone`, `a partitioned store takes its zones from partitions.homes, not zone (got ${describeValue(store.zone)})`);
    return;
  }
  const zone = store.zone;
  if (zone === undefined) return;
  if (zones === undefined) report(`${path}.zone`, `zone ${describeValue(zone)} needs the model's residency zones (residency: { zones: [...] })`);
  else if (!(typeof zone === 'string' && zones.includes(zone))) report(`${path}.zone`, `zone must be a residency zone (${zones.join(', ')}), got ${describeValue(zone)}${typeof zone === 'string' ? suggest(zone, zones) : ''}`);
}

/** The stores other sections may name: each store, and a partitioned store's zone stores (`<store>/<zone>`) once its partitions are sound. */
export function namedStores(stores: readonly DataStoreConfig[], zones: readonly string[] | undefined): DataStoreConfig[] {
  return stores.flatMap((store) => {
    if (store.mode !== 'partitioned') return [store];
    const members = [store.primary, ...store.replicas];
    return validatePartitions(store.partitions, members, zones).length === 0 ? [store, ...zoneStores(store)] : [store];
  });
}
