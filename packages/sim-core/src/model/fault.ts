/**
 * Faults as verb pairs: each starts at `startUs` and is repaired after `durationUs`, or never
 * within the run when `durationUs` is absent (until repaired). The target names the part; the
 * blast radius is the target's scope (a region, a zone, a service in a region, a link).
 */
interface FaultTiming {
  startUs: number;
  durationUs?: number;
}

export type FaultConfig =
  | (FaultTiming & { kind: 'region-outage'; region: string })
  | (FaultTiming & { kind: 'zone-outage'; region: string; zone: string })
  /** Chaos-Monkey style: `count` instances at start, or crashes at `ratePerS` while active. */
  | (FaultTiming & { kind: 'instance-crash'; service: string; region: string; count?: number; ratePerS?: number })
  | (FaultTiming & { kind: 'dependency-outage'; dependency: string; region?: string })
  | (FaultTiming & { kind: 'dependency-brownout'; dependency: string; region?: string; errorRatio: number; addedLatencyUs: number })
  | (FaultTiming & { kind: 'link-partition'; between: [string, string]; direction: 'both' | 'forward' | 'backward' })
  | (FaultTiming & { kind: 'link-degradation'; between: [string, string]; direction: 'both' | 'forward' | 'backward'; addedLatencyUs: number; addedLossRatio: number })
  /** The region cannot run more than `instances` of the service (scaling stops there). */
  | (FaultTiming & { kind: 'capacity-quota'; service: string; region: string; instances: number })
  | (FaultTiming & { kind: 'cache-flush'; dependency: string; region?: string })
  /** Multiplies the user request rate (of one region's population, or all). */
  | (FaultTiming & { kind: 'traffic-spike'; region?: string; factor: number })
  /**
   * A store's primary node is lost (its region stays up): the writes it alone held are lost if
   * a replica is promoted; repaired before a failover started, it comes back with its log.
   */
  | (FaultTiming & { kind: 'primary-failure'; store: string })
  /** The replication link to the store's member in `region` stalls: it serves ever older data until repaired. */
  | (FaultTiming & { kind: 'replication-stall'; store: string; region: string })
  /**
   * "Someone deleted the wrong table": the store's data is gone at startUs, on every member
   * (the deletion replicates). Every operation on it fails until the restore from its backups
   * (ModelConfig.backups) completes; without backups it never comes back. The restore ends it,
   * so it takes no durationUs.
   */
  | (FaultTiming & { kind: 'data-deletion'; store: string })
  /**
   * The new version of `service` (of any of its deployments) is bad: while the fault is active,
   * every job it serves takes addedLatencyUs longer and fails with probability errorRatio.
   */
  | (FaultTiming & { kind: 'bad-deploy'; service: string; errorRatio: number; addedLatencyUs: number });

export type FaultKind = FaultConfig['kind'];

/** Every fault kind, in documentation order: tests check each is exercised. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'region-outage',
  'zone-outage',
  'instance-crash',
  'dependency-outage',
  'dependency-brownout',
  'link-partition',
  'link-degradation',
  'capacity-quota',
  'cache-flush',
  'traffic-spike',
  'primary-failure',
  'replication-stall',
  'data-deletion',
  'bad-deploy',
];
