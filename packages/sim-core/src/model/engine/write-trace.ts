import type { PrimaryFailure, PromotionResult } from '../data/replication/failover.js';
import type { ReplicationLogOptions } from '../data/replication/log-options.js';
import { ReplicationLog } from '../data/replication/replication-log.js';
import type { ReplicationConfig } from '../data/replication/replication-config.js';

/** What the engine can record beyond its result, for checkers (memory grows with the writes). */
export interface EngineOptions {
  /**
   * Record every write and every call the engine makes to a store's replication log, so an
   * independent checker can recompute acknowledgements, lost writes and RPO from the trace
   * (`ModelEngine.writeTrace()`). Off by default: it holds O(writes) memory.
   */
  readonly writeTrace?: boolean;
}

/** One call the engine made to a ReplicationLog, with its arguments and its answer. */
export type LogCall =
  | { readonly op: 'write'; readonly nowUs: number; readonly delaysToUs: number[]; readonly delaysBackUs: number[]; readonly ackUs: number; readonly writeId: number }
  | { readonly op: 'failPrimary'; readonly nowUs: number; readonly failedWrites: number }
  | { readonly op: 'promote'; readonly member: number; readonly nowUs: number; readonly delaysToUs: number[]; readonly lostWrites: number; readonly rpoUs: number; readonly survived: number }
  | { readonly op: 'recoverPrimary'; readonly nowUs: number; readonly delaysToUs: number[]; readonly survived: number }
  | { readonly op: 'failReplica'; readonly member: number; readonly nowUs: number }
  | { readonly op: 'rejoin'; readonly member: number; readonly nowUs: number; readonly readyAtUs: number }
  | { readonly op: 'reconnect'; readonly member: number; readonly nowUs: number; readonly delayUs: number; readonly reshipped: number };

/** The trace of one store: its log's calls (single-primary) or its writes and deliveries (multi-writer). */
export interface StoreWriteTrace {
  readonly store: string;
  readonly mode: string;
  /** Region ids of the members, [primary, ...replicas] as configured. */
  readonly members: string[];
  /** The log's config and per-pair bandwidth (members × members, bits/s), to rebuild a reference. */
  readonly replication: ReplicationConfig | null;
  readonly bandwidthBitsPerS: number[];
  readonly logCalls: LogCall[];
  /** Multi-writer: each write (its sequence number is its index), where and when it was made. */
  readonly multiWrites: { member: number; madeUs: number }[];
  /** Multi-writer: each delivery of a write to another member, when it was applied there. */
  readonly deliveries: { seq: number; member: number; atUs: number }[];
  /** Write ids (multi-writer: sequence numbers) whose callers heard the acknowledgement. */
  readonly answeredOk: number[];
  /** Writes a deposed primary accepted (split brain without fencing): acknowledged, and lost. */
  readonly splitBrainWrites: { member: number; madeUs: number }[];
}

export function emptyStoreTrace(store: string, mode: string, members: string[], replication: ReplicationConfig | null, bandwidthBitsPerS: number[]): StoreWriteTrace {
  return { store, mode, members, replication, bandwidthBitsPerS, logCalls: [], multiWrites: [], deliveries: [], answeredOk: [], splitBrainWrites: [] };
}

/** A ReplicationLog that records every state-changing call into `calls` (queries are not recorded: they change nothing the checker needs). */
export class TracedReplicationLog extends ReplicationLog {
  readonly calls: LogCall[];

  constructor(config: ReplicationConfig, options: ReplicationLogOptions, calls: LogCall[]) {
    super(config, options);
    this.calls = calls;
  }

  override write(nowUs: number, delaysToUs: Float64Array, delaysBackUs?: Float64Array): number {
    const ackUs = super.write(nowUs, delaysToUs, delaysBackUs);
    this.calls.push({ op: 'write', nowUs, delaysToUs: Array.from(delaysToUs), delaysBackUs: delaysBackUs === undefined ? [] : Array.from(delaysBackUs), ackUs, writeId: this.lastWriteId });
    return ackUs;
  }

  override failPrimary(faultUs: number): PrimaryFailure {
    const failure = super.failPrimary(faultUs);
    this.calls.push({ op: 'failPrimary', nowUs: faultUs, failedWrites: failure.failedWrites });
    return failure;
  }

  override promote(replica: number, nowUs: number, delaysToUs: Float64Array): PromotionResult {
    const lostWithoutFailure = !this.primaryLost;
    const result = super.promote(replica, nowUs, delaysToUs);
    // A promotion of a live primary's replica cuts the log at nowUs first, as failPrimary would.
    if (lostWithoutFailure) this.calls.push({ op: 'failPrimary', nowUs, failedWrites: result.failedWrites });
    this.calls.push({ op: 'promote', member: replica, nowUs, delaysToUs: Array.from(delaysToUs), lostWrites: result.lostWrites, rpoUs: result.rpoUs, survived: result.survivedUnacknowledged });
    return result;
  }

  override recoverPrimary(nowUs: number, delaysToUs: Float64Array): number {
    const survived = super.recoverPrimary(nowUs, delaysToUs);
    this.calls.push({ op: 'recoverPrimary', nowUs, delaysToUs: Array.from(delaysToUs), survived });
    return survived;
  }

  override failReplica(member: number, nowUs: number): void {
    super.failReplica(member, nowUs);
    this.calls.push({ op: 'failReplica', member, nowUs });
  }

  override rejoin(member: number, nowUs: number, readyAtUs: number): void {
    super.rejoin(member, nowUs, readyAtUs);
    this.calls.push({ op: 'rejoin', member, nowUs, readyAtUs });
  }

  override reconnect(member: number, nowUs: number, delayToUs: number): number {
    const reshipped = super.reconnect(member, nowUs, delayToUs);
    this.calls.push({ op: 'reconnect', member, nowUs, delayUs: delayToUs, reshipped });
    return reshipped;
  }
}
