// Single-primary replication of one data store: sync (quorum), async and semi-sync writes over
// bandwidth-limited links, replication lag, stale reads, and what a promotion loses (RPO).
export { REPLICATION_MODES, effectiveQuorum, validateReplication } from './replication-config.js';
export type { ReplicationConfig, ReplicationMode } from './replication-config.js';
export { REPLICATION_INITIAL_CAPACITY, REPLICATION_RETAINED_WRITES_MAX } from './log-options.js';
export type { ReplicationLogOptions } from './log-options.js';
export { ReplicationLog } from './replication-log.js';
export type { ReplicaDetachedHook, WriteLostHook } from './replication-log.js';
export type { PrimaryFailure, PromotionResult } from './failover.js';
