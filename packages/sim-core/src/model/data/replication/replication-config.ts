import { describeValue } from '../../../assert.js';
import { checkCount, checkOneOf, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';

/**
 * When a write to a single-primary store is acknowledged:
 * - `sync`: after `quorum` replicas have acknowledged it (PostgreSQL `synchronous_commit` with
 *   `ANY quorum (...)`); the write latency includes the round trip to the quorum;
 * - `async`: at once, on the primary's own durable write; replicas catch up over the link;
 * - `semi-sync`: after `quorum` (default 1) remote acknowledgements or `semiSyncTimeoutUs`,
 *   whichever comes first (MySQL semi-synchronous replication, per write: see ReplicationLog).
 */
export type ReplicationMode = 'sync' | 'async' | 'semi-sync';

export const REPLICATION_MODES: readonly ReplicationMode[] = ['sync', 'async', 'semi-sync'];

/**
 * The replication of ONE data store with a primary and `replicas` replicas, every unit
 * resolved. Members are dense indices 0..replicas (the engine maps region ids to them); which
 * member is primary is runtime state (ReplicationLogOptions.primary, then promotions).
 *
 * Per-link figures are not config: the engine passes the one-way delays it draws from the
 * network with each write, and the link bandwidths when it builds the ReplicationLog.
 */
export interface ReplicationConfig {
  readonly mode: ReplicationMode;
  /** Replicas besides the primary: a whole number, >= 1 for sync and semi-sync, >= 0 for async. */
  readonly replicas: number;
  /**
   * Replica acknowledgements a write waits for besides the primary's own durable write: a whole
   * number in [1, replicas]. Required for sync; optional for semi-sync (default 1, MySQL's
   * `rpl_semi_sync_master_wait_for_slave_count`); ignored for async (so one config can compare
   * the modes), but checked whenever it is given.
   */
  readonly quorum?: number;
  /**
   * How long a semi-sync write waits for its acknowledgements before it is acknowledged anyway
   * and ships async (a degradation), µs: a whole number > 0. Required for semi-sync; ignored
   * otherwise, but checked whenever it is given.
   */
  readonly semiSyncTimeoutUs?: number;
  /** The bytes one write puts on a replication link (its log record), finite and > 0. */
  readonly writeSizeBytes: number;
}

/** The quorum a valid config waits for: its `quorum`, 1 for semi-sync without one, 0 for async. */
export function effectiveQuorum(config: ReplicationConfig): number {
  if (config.mode === 'async') return 0;
  return config.quorum ?? 1;
}

/**
 * The problems in a replication config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws, and checks types too (the config may come from YAML through
 * a cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateReplication(config: ReplicationConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(
      `${prefix}a replication config must be an object { mode, replicas, quorum?, semiSyncTimeoutUs?, writeSizeBytes }, got ${describeValue(config)}`,
    );
    return problems;
  }
  const modeValid = checkOneOf(problems, prefix, 'mode', config.mode, REPLICATION_MODES);
  const mode = modeValid ? config.mode : undefined;
  const needsReplica = mode === 'sync' || mode === 'semi-sync';
  // checkCount's "> 0" for sync and semi-sync: their writes wait for a replica.
  const replicasValid = checkCount(problems, prefix, 'replicas', config.replicas, needsReplica ? 1 : 0);
  checkQuorum(problems, prefix, config, mode, replicasValid);
  const timeout: unknown = config.semiSyncTimeoutUs;
  if (timeout !== undefined) {
    checkWholeUs(problems, prefix, 'semiSyncTimeoutUs', timeout, 1);
  } else if (mode === 'semi-sync') {
    problems.push(`${prefix}semiSyncTimeoutUs is required in semi-sync mode (a whole number of µs > 0), got undefined`);
  }
  const size: unknown = config.writeSizeBytes;
  if (!(typeof size === 'number' && Number.isFinite(size) && size > 0)) {
    problems.push(`${prefix}writeSizeBytes must be a finite number of bytes > 0, got ${describeValue(size)}`);
  }
  return problems;
}

function checkQuorum(
  problems: string[],
  prefix: string,
  config: ReplicationConfig,
  mode: ReplicationMode | undefined,
  replicasValid: boolean,
): void {
  const quorum: unknown = config.quorum;
  if (quorum === undefined) {
    if (mode === 'sync') problems.push(`${prefix}quorum is required in sync mode (a whole number in [1, replicas]), got undefined`);
    return;
  }
  if (!checkCount(problems, prefix, 'quorum', quorum, 1)) return;
  if (replicasValid && (quorum as number) > config.replicas) {
    problems.push(`${prefix}quorum must be <= replicas (${config.replicas}): a write cannot wait for more replicas than exist, got ${describeValue(quorum)}`);
  }
}
