import { describeValue } from '../../assert.js';
import { closestSpelling } from '../../units/levenshtein.js';
import { checkOneOf, isRecord } from '../resilience/validate.js';
import type { DataStoreConfig } from './store-config.js';

/** One residency zone's records in a partitioned store: where they live, and an optional standby copy. */
export interface PartitionHome {
  /** A residency zone (ModelConfig.residency) whose records this store holds. */
  zone: string;
  /** The zone's home: its primary, where every read and write of its records is served. */
  region: string;
  /** A member holding a replica of the zone's records, promoted if the home is lost; absent: none. */
  standby?: string;
}

export type PartitionReplication = 'sync' | 'async' | 'semi-sync';
export const PARTITION_REPLICATIONS: readonly PartitionReplication[] = ['sync', 'async', 'semi-sync'];

/**
 * `partitioned` mode (ARCHITECTURE §4): every record has a home region, its residency zone's.
 * The engine runs each zone's records as a single-primary store of its own, named
 * `<store>/<zone>` (primary: the home; replica: the standby), so faults, failovers and backups
 * name a zone's store. A call picks its record's zone: the caller's region's residency zone
 * (when the store holds it; otherwise any of the store's zones, uniformly), or with
 * probability foreignRatio another zone uniformly. A foreign record pays the round trip to its
 * home, since the call travels there.
 */
export interface PartitionsConfig {
  homes: PartitionHome[];
  /** How a zone's home replicates to its standby (sync waits for the standby's acknowledgement). */
  replication: PartitionReplication;
  /** The share of operations on another zone's records, in [0, 1). */
  foreignRatio: number;
}

export const PARTITIONS_SHAPE = '{ homes: [{ zone, region, standby? }], replication, foreignRatio }';

/** The store of one zone of a partitioned store: `<store>/<zone>`. */
export function zoneStoreId(store: string, zone: string): string {
  return `${store}/${zone}`;
}

/**
 * The problems of a partitioned store's `partitions`, as sentences starting with the field;
 * `zones` are the residency zones of the model (undefined: no residency section, itself a
 * problem), `members` the store's member regions ([primary, ...replicas]). Never throws.
 */
export function validatePartitions(partitions: unknown, members: readonly string[], zones: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  if (!isRecord(partitions)) return [`partitions must be an object ${PARTITIONS_SHAPE} in partitioned mode, got ${describeValue(partitions)}`];
  if (zones === undefined) problems.push('partitions: a partitioned store needs the model\'s residency zones (residency: { zones: [...] }): its records live by zone');
  const replicationOk = checkOneOf(problems, '', 'partitions.replication', partitions.replication, PARTITION_REPLICATIONS);
  const ratio = partitions.foreignRatio;
  if (!(typeof ratio === 'number' && ratio >= 0 && ratio < 1)) problems.push(`partitions.foreignRatio must be a fraction in [0, 1) (the share of operations on another zone's records), got ${describeValue(ratio)}`);
  const homes = partitions.homes;
  if (!(Array.isArray(homes) && homes.length > 0)) {
    problems.push(`partitions.homes must be a non-empty array of { zone, region, standby? }, got ${describeValue(homes)}`);
    return problems;
  }
  const seen = new Set<string>();
  homes.forEach((home: unknown, i) => {
    const at = `partitions.homes[${i}]`;
    if (!isRecord(home)) {
      problems.push(`${at} must be an object { zone, region, standby? }, got ${describeValue(home)}`);
      return;
    }
    for (const key of Object.keys(home)) {
      if (key !== 'zone' && key !== 'region' && key !== 'standby') problems.push(`${at}: "${key}" is not a field of a partition home; its fields are zone, region, standby`);
    }
    const zone = home.zone;
    if (!(typeof zone === 'string' && zone.length > 0)) problems.push(`${at}.zone must name a residency zone, got ${describeValue(zone)}`);
    else if (zones !== undefined && !zones.includes(zone)) problems.push(`${at}.zone: "${zone}" is not a residency zone${hint(zone, zones)}`);
    else if (seen.has(zone)) problems.push(`${at}.zone: zone "${zone}" already has a home`);
    if (typeof zone === 'string') seen.add(zone);
    for (const field of ['region', 'standby'] as const) {
      const value = home[field];
      if (value === undefined && field === 'standby') continue;
      if (!(typeof value === 'string' && members.includes(value))) problems.push(`${at}.${field} must be one of the store's member regions (${members.join(', ')}), got ${describeValue(value)}${typeof value === 'string' ? hint(value, members) : ''}`);
    }
    if (home.standby !== undefined && home.standby === home.region) problems.push(`${at}.standby must differ from the home region ${describeValue(home.region)}`);
    if (replicationOk && partitions.replication !== 'async' && home.standby === undefined) problems.push(`${at}.standby is required with ${String(partitions.replication)} replication (a write waits for the standby)`);
  });
  return problems;
}

function hint(value: string, candidates: readonly string[]): string {
  const near = closestSpelling(value, candidates);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

/**
 * The single-primary store of each zone of a partitioned store, in `homes` order: the parent's
 * fields, with `<store>/<zone>` as its id, the home as primary and the standby (if any) as its
 * replica. The config must be valid.
 */
export function zoneStores(store: DataStoreConfig): DataStoreConfig[] {
  const partitions = store.partitions as PartitionsConfig;
  return partitions.homes.map((home): DataStoreConfig => {
    const zoneStore: DataStoreConfig = {
      ...store,
      id: zoneStoreId(store.id, home.zone),
      mode: partitions.replication,
      primary: home.region,
      replicas: home.standby === undefined ? [] : [home.standby],
      zone: home.zone,
    };
    delete zoneStore.partitions;
    if (partitions.replication === 'sync') zoneStore.quorum = 1;
    else delete zoneStore.quorum;
    return zoneStore;
  });
}
