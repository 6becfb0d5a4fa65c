import { describeValue } from '../../assert.js';
import { validateDistributionConfig } from '../distribution-config.js';
import type { DistributionConfig } from '../distribution-config.js';
import { checkAtLeast, checkCount, checkOneOf, checkWholeUs, isRecord, prefixOf } from '../resilience/validate.js';
import { MULTI_WRITER_CELLS_MAX, MULTI_WRITER_REGIONS_MAX } from './consistency/multi-writer-config.js';
import { FENCING_POLICIES } from './consistency/split-brain-config.js';
import type { FencingPolicy } from './consistency/split-brain-config.js';
import type { PartitionsConfig } from './partitioned-config.js';

/**
 * How a data store takes writes:
 * - `sync`, `async`, `semi-sync`: one primary takes every write and replicates it to the
 *   replicas (ReplicationLog; see ReplicationConfig for when a write is acknowledged);
 * - `multi-writer`: every member region takes writes locally and ships them to the others;
 *   last-writer-wins resolves conflicts (MultiWriterStore);
 * - `partitioned`: every record has a home region by residency zone (`partitions`); each zone's
 *   records run as a single-primary store `<id>/<zone>` of their own (PartitionsConfig).
 */
export type DataStoreMode = 'sync' | 'async' | 'semi-sync' | 'multi-writer' | 'partitioned';
export const DATA_STORE_MODES: readonly DataStoreMode[] = ['sync', 'async', 'semi-sync', 'multi-writer', 'partitioned'];

/** Where a store's reads go: always the primary, or the member in the caller's region when there is one. */
export type ReadFrom = 'primary' | 'local';
export const READ_FROM: readonly ReadFrom[] = ['primary', 'local'];

/**
 * A data store with a member (a node holding a full copy) in each of `[primary, ...replicas]`,
 * every unit resolved. Endpoints reach it through a `{ kind: 'datastore', store }` dependency;
 * the user request's write flag chooses a read or a write.
 */
export interface DataStoreConfig {
  id: string;
  mode: DataStoreMode;
  /** The region of the primary at the start (multi-writer: one of the writers, no special role; partitioned: one of the member regions). */
  primary: string;
  /** The regions of the other members, distinct and not the primary's; >= 1 except for async. */
  replicas: string[];
  /** sync: replica acknowledgements a write waits for (required); semi-sync: default 1. */
  quorum?: number;
  /** semi-sync: how long a write waits for its acknowledgements before degrading to async, µs. */
  semiSyncTimeoutUs?: number;
  /** Bytes one write puts on a replication link (also what cross-region egress is billed on). */
  writeSizeBytes: number;
  /** A read's service time on a member, µs. */
  readLatency: DistributionConfig;
  /** A write's service time on the member taking it (until durable there), µs. */
  writeLatency: DistributionConfig;
  /**
   * Operations per second one member serves; beyond that it throttles (rejects) them, as a
   * token bucket holding one second of operations (DynamoDB-style provisioned capacity).
   */
  capacityPerS: number;
  readFrom: ReadFrom;
  /**
   * The key space reads and writes draw from uniformly: multi-writer conflicts scale as 1/keys;
   * a single-primary replica's read is stale when it lacks the newest acknowledged write to its key.
   */
  keys: number;
  /**
   * What a member cut off by a partition does with writes (split brain; docs/data-model.md):
   * - `none` (absent): it keeps accepting them. A primary deposed by a failover while it is
   *   still alive takes the writes of the callers that cannot reach the new primary, and they
   *   are lost at reconciliation (split-brain writes); multi-writer members keep writing and
   *   last-writer-wins reconciles.
   * - `fencing`: a fencing token moves with the promotion; a deposed primary's writes are
   *   rejected (multi-writer: only the side holding the first member, the token's holder, writes).
   * - `quorum`: a member accepts writes only while it reaches a strict majority of the members,
   *   itself included; a failover promotes only a replica on a majority's side.
   */
  fencing?: FencingPolicy;
  /** partitioned: where each residency zone's records live (required in that mode, absent otherwise). */
  partitions?: PartitionsConfig;
  /**
   * The residency zone whose data this store holds (ModelConfig.residency): a member outside the
   * zone's regions is a 'stored' violation, a read served there a 'served' one. Absent: not
   * checked. A partitioned store's zones come from its homes instead.
   */
  zone?: string;
  /** Data size, GB (10^9 bytes), billed per member at the storage price. */
  storageGB: number;
  storagePriceUsdPerGBMonth: number;
}

export const DATA_STORE_SHAPE =
  '{ id, mode, primary, replicas, quorum?, semiSyncTimeoutUs?, writeSizeBytes, readLatency, writeLatency, capacityPerS, readFrom, keys, fencing?, partitions?, zone?, storageGB, storagePriceUsdPerGBMonth }';

/**
 * The problems of one store's own fields, as sentences starting with the field; empty when it
 * is usable. Region names and uniqueness are checked with the model's references. Never throws.
 */
export function validateDataStore(config: DataStoreConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) return [`${prefix}a data store must be an object ${DATA_STORE_SHAPE}, got ${describeValue(config)}`];
  if (!(typeof config.id === 'string' && config.id.length > 0)) problems.push(`${prefix}id must be a non-empty string, got ${describeValue(config.id)}`);
  const modeOk = checkOneOf(problems, prefix, 'mode', config.mode, DATA_STORE_MODES);
  if (!(typeof config.primary === 'string' && config.primary.length > 0)) problems.push(`${prefix}primary must be a region id, got ${describeValue(config.primary)}`);
  const replicas: unknown = config.replicas;
  const replicasOk = Array.isArray(replicas) && replicas.every((r) => typeof r === 'string' && r.length > 0);
  if (!replicasOk) problems.push(`${prefix}replicas must be an array of region ids, got ${describeValue(replicas)}`);
  if (modeOk && replicasOk) checkMembers(problems, prefix, config);
  checkNumbers(problems, prefix, config);
  for (const field of ['readLatency', 'writeLatency'] as const) {
    for (const message of validateDistributionConfig(config[field])) problems.push(`${prefix}${field}: ${message}`);
  }
  checkOneOf(problems, prefix, 'readFrom', config.readFrom, READ_FROM);
  if (config.fencing !== undefined) checkOneOf(problems, prefix, 'fencing', config.fencing, FENCING_POLICIES);
  return problems;
}

function checkMembers(problems: string[], prefix: string, config: DataStoreConfig): void {
  const members = [config.primary, ...config.replicas];
  const duplicate = members.find((region, i) => members.indexOf(region) !== i);
  if (duplicate !== undefined) problems.push(`${prefix}replicas must name distinct regions other than the primary, but "${duplicate}" appears twice`);
  const count = config.replicas.length;
  if (config.mode === 'partitioned') {
    // Each zone's store is checked on its own (its quorum and timeout); the parent only needs members.
    if (config.partitions?.replication === 'semi-sync' && config.semiSyncTimeoutUs === undefined) problems.push(`${prefix}semiSyncTimeoutUs is required with semi-sync partitions (a whole number of µs > 0), got undefined`);
    if (config.semiSyncTimeoutUs !== undefined) checkWholeUs(problems, prefix, 'semiSyncTimeoutUs', config.semiSyncTimeoutUs, 1);
    return;
  }
  if (config.partitions !== undefined) problems.push(`${prefix}partitions is only for a partitioned store (mode "partitioned"), got it with mode "${config.mode}"`);
  if (config.mode === 'multi-writer') {
    if (count < 1 || count + 1 > MULTI_WRITER_REGIONS_MAX) problems.push(`${prefix}replicas: a multi-writer store needs 1 to ${MULTI_WRITER_REGIONS_MAX - 1} other writer regions, got ${count}`);
    return;
  }
  if (config.mode !== 'async' && count < 1) problems.push(`${prefix}replicas: a ${config.mode} store needs at least one replica (its writes wait for one), got none`);
  const quorum: unknown = config.quorum;
  if (quorum === undefined) {
    if (config.mode === 'sync') problems.push(`${prefix}quorum is required in sync mode (a whole number in [1, ${Math.max(1, count)}]), got undefined`);
  } else if (checkCount(problems, prefix, 'quorum', quorum, 1) && (quorum as number) > count) {
    problems.push(`${prefix}quorum must be <= the number of replicas (${count}), got ${describeValue(quorum)}`);
  }
  if (config.semiSyncTimeoutUs !== undefined) checkWholeUs(problems, prefix, 'semiSyncTimeoutUs', config.semiSyncTimeoutUs, 1);
  else if (config.mode === 'semi-sync') problems.push(`${prefix}semiSyncTimeoutUs is required in semi-sync mode (a whole number of µs > 0), got undefined`);
}

function checkNumbers(problems: string[], prefix: string, config: DataStoreConfig): void {
  const size: unknown = config.writeSizeBytes;
  if (!(typeof size === 'number' && Number.isFinite(size) && size > 0)) problems.push(`${prefix}writeSizeBytes must be a finite number of bytes > 0, got ${describeValue(size)}`);
  const capacity: unknown = config.capacityPerS;
  if (!(typeof capacity === 'number' && capacity > 0 && !Number.isNaN(capacity))) {
    problems.push(`${prefix}capacityPerS must be a number of operations per second > 0 (Infinity: unlimited), got ${describeValue(capacity)}`);
  }
  if (checkCount(problems, prefix, 'keys', config.keys, 1) && config.mode !== 'multi-writer' && config.keys > MULTI_WRITER_CELLS_MAX) {
    problems.push(`${prefix}keys must be at most ${MULTI_WRITER_CELLS_MAX} (sample the key space: staleness per key needs only its share of writes), got ${config.keys}`);
  } else if (config.mode === 'multi-writer' && Array.isArray(config.replicas) && Number.isSafeInteger(config.keys)) {
    const cells = config.keys * (config.replicas.length + 1);
    if (cells > MULTI_WRITER_CELLS_MAX) problems.push(`${prefix}keys × regions must be at most ${MULTI_WRITER_CELLS_MAX} for a multi-writer store (sample the key space), got ${cells}`);
  }
  checkAtLeast(problems, prefix, 'storageGB', config.storageGB, 0);
  checkAtLeast(problems, prefix, 'storagePriceUsdPerGBMonth', config.storagePriceUsdPerGBMonth, 0);
}
