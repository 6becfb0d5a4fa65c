import { describeValue } from '../../../assert.js';
import { isRecord } from '../../resilience/validate.js';
import type { ReplicaDetachedHook, WriteLostHook } from './log-state.js';
import type { ReplicationConfig } from './replication-config.js';
import { validateReplication } from './replication-config.js';

/** Retained writes a ReplicationLog starts with room for. */
export const REPLICATION_INITIAL_CAPACITY = 1024;
/** The default cap on retained writes (see ReplicationLogOptions.retainedWritesMax). */
export const REPLICATION_RETAINED_WRITES_MAX = 1 << 20;

/** What a ReplicationLog needs besides its config: the network figures and the engine's hooks. */
export interface ReplicationLogOptions {
  /**
   * The bandwidth one write is serialized at on each replication link, bits/s (> 0; Infinity:
   * no queue): one number for every link, or members × members entries where
   * [from * members + to] is the link from member `from` to member `to` (the diagonal is
   * ignored). A promotion switches to the new primary's row.
   */
  readonly bandwidthBitsPerS: number | Float64Array;
  /** The member that is primary at the start; default 0. */
  readonly primary?: number;
  /** Room for retained writes at the start (a whole number >= 1); the ring doubles as needed. */
  readonly initialCapacity?: number;
  /**
   * The most writes the log retains (from the furthest-behind live replica's position to the
   * newest write); a replica that falls further behind is detached (see onReplicaDetached).
   * Default REPLICATION_RETAINED_WRITES_MAX (about 48 MB for 3 members).
   */
  readonly retainedWritesMax?: number;
  /** Told each acknowledged write a promotion loses (for the trace / event log). */
  readonly onWriteLost?: WriteLostHook;
  /** Told when a replica is detached. */
  readonly onReplicaDetached?: ReplicaDetachedHook;
}

export interface CheckedLogOptions {
  /** Serialization time of one write per link, µs: [from * members + to]. */
  readonly serUs: Float64Array;
  readonly primary: number;
  readonly initialCapacity: number;
  readonly retainedWritesMax: number;
}

/** Validates a config and options together; throws one RangeError listing every problem. */
export function checkLogOptions(config: ReplicationConfig, options: ReplicationLogOptions): CheckedLogOptions {
  const problems = validateReplication(config);
  if (!isRecord(options)) {
    problems.push(`options must be an object { bandwidthBitsPerS, primary?, initialCapacity?, retainedWritesMax?, ... }, got ${describeValue(options)}`);
    throw new RangeError(`ReplicationLog: ${problems.join('; ')}`);
  }
  const members = problems.length === 0 ? config.replicas + 1 : 0;
  const primary = options.primary ?? 0;
  if (!(Number.isSafeInteger(primary) && primary >= 0 && (members === 0 || primary < members))) {
    problems.push(`primary must be a member index in [0, ${members === 0 ? 'replicas' : members - 1}], got ${describeValue(primary)}`);
  }
  const initialCapacity = options.initialCapacity ?? REPLICATION_INITIAL_CAPACITY;
  if (!(Number.isSafeInteger(initialCapacity) && initialCapacity >= 1)) {
    problems.push(`initialCapacity must be a whole number >= 1, got ${describeValue(initialCapacity)}`);
  }
  const retainedWritesMax = options.retainedWritesMax ?? Math.max(REPLICATION_RETAINED_WRITES_MAX, initialCapacity);
  if (!(Number.isSafeInteger(retainedWritesMax) && retainedWritesMax >= initialCapacity)) {
    problems.push(`retainedWritesMax must be a whole number >= initialCapacity (${describeValue(initialCapacity)}), got ${describeValue(retainedWritesMax)}`);
  }
  const serUs = members === 0 ? new Float64Array(0) : serializationUs(config.writeSizeBytes, members, options.bandwidthBitsPerS, problems);
  for (const hook of ['onWriteLost', 'onReplicaDetached'] as const) {
    const value: unknown = options[hook];
    if (value !== undefined && typeof value !== 'function') problems.push(`${hook}, when given, must be a function, got ${describeValue(value)}`);
  }
  if (problems.length > 0) throw new RangeError(`ReplicationLog: ${problems.join('; ')}`);
  return { serUs, primary, initialCapacity, retainedWritesMax };
}

/** writeSizeBytes · 8 / bandwidth in µs for every ordered pair of members, checking the bandwidths. */
function serializationUs(writeSizeBytes: number, members: number, bandwidth: unknown, problems: string[]): Float64Array {
  const serUs = new Float64Array(members * members);
  const usable = (value: unknown): value is number => typeof value === 'number' && value > 0;
  if (typeof bandwidth === 'number') {
    if (!usable(bandwidth)) problems.push(`bandwidthBitsPerS must be a number of bits/s > 0 (Infinity: no queue), got ${describeValue(bandwidth)}`);
    else serUs.fill((writeSizeBytes * 8e6) / bandwidth);
    return serUs;
  }
  if (!(bandwidth instanceof Float64Array && bandwidth.length === members * members)) {
    problems.push(`bandwidthBitsPerS must be a number or a Float64Array of members × members = ${members * members} entries, got ${describeValue(bandwidth)}`);
    return serUs;
  }
  for (let from = 0; from < members; from++) {
    for (let to = 0; to < members; to++) {
      if (from === to) continue;
      const value = bandwidth[from * members + to];
      if (!usable(value)) problems.push(`bandwidthBitsPerS[${from * members + to}] (member ${from} to ${to}) must be > 0 bits/s, got ${describeValue(value)}`);
      else serUs[from * members + to] = (writeSizeBytes * 8e6) / value;
    }
  }
  return serUs;
}
