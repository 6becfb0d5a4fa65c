import type { DataStoreConfig } from './data/store-config.js';
import type { DependencyConfig } from './dependency.js';
import type { FaultConfig } from './fault.js';
import type { LinkConfig, RegionConfig } from './geo/index.js';
import type { HedgingConfig, RetryBudgetConfig, RetryPolicyConfig } from './resilience/index.js';
import type { RoutingConfig } from './routing.js';
import type { AlertingConfig } from './ops/alerts/alert-config.js';
import type { ResidencyConfig } from './data/consistency/residency-config.js';
import type { BackupConfig } from './ops/backup/backup-config.js';
import type { DeploymentConfig, MigrationConfig } from './ops/deploy/index.js';
import type { FailoverConfig } from './ops/failover/failover-config.js';
import type { ServiceConfig } from './service.js';
import type { PopulationConfig } from './traffic/index.js';

/** How users' clients behave: per-attempt timeout, deadline, retries, budget, hedging. */
export interface ClientConfig {
  retry: RetryPolicyConfig;
  /** Absent: retries are limited only by `retry.retriesMax`. */
  budget?: RetryBudgetConfig;
  /** Absent: no hedged requests. */
  hedging?: HedgingConfig;
}

export interface TrafficConfig {
  populations: PopulationConfig[];
  client: ClientConfig;
}

export interface MetricsConfig {
  /** Time-series resolution, µs. */
  intervalUs: number;
  /** Share of user requests whose spans are kept for the visualizer (0..1). */
  traceSampleRatio: number;
  /** The structured event log keeps at most this many entries (then counts the rest). */
  eventLogMax: number;
}

/**
 * How users are routed while a store has an active-passive failover:
 * - `follow-primary`: users go to the store's primary region only, healthy or not (the DNS
 *   record names the primary); the controller moves the record when a promotion completes, and
 *   cached answers drain for one TTL. Active-passive.
 * - `independent`: routing follows region health as usual (active-active serving with a
 *   single-primary store: writes cross to the primary wherever users are served).
 */
export type FailoverRouting = 'follow-primary' | 'independent';
export const FAILOVER_ROUTINGS: readonly FailoverRouting[] = ['follow-primary', 'independent'];

/** An active-passive failover of one single-primary store (the controller of ops/failover). */
export interface StoreFailoverConfig extends FailoverConfig {
  store: string;
  /** The replica region promoted when the primary is lost. */
  standby: string;
  routing: FailoverRouting;
}

/**
 * How a data deletion is noticed, which starts the restore runbook:
 * - `alert`: the named alert rule fires at or after the deletion (the errors it causes show);
 * - `after`: `detectAfterUs` after the deletion, whatever the metrics say (a user reports it).
 */
export type RestoreDetection = 'alert' | 'after';
export const RESTORE_DETECTIONS: readonly RestoreDetection[] = ['alert', 'after'];

/** One data store's backups (ops/backup) and how a deletion of its data is noticed. */
export interface StoreBackupConfig extends BackupConfig {
  store: string;
  detection: RestoreDetection;
  /** detection 'alert': the rule whose firing starts the restore. */
  alert?: string;
  /** detection 'after': from the deletion to someone noticing, µs (a whole number >= 0). */
  detectAfterUs?: number;
}

/**
 * A deployment of a new version of one service (ops/deploy's DeploymentConfig) in one region,
 * or, with `region` absent, in every region where the service is placed: each region gets its
 * own plan over its own fleet (the group's instances at atUs). docs/notes-deploy.md.
 */
export type EngineDeploymentConfig = DeploymentConfig & { region?: string };

export interface LimitsConfig {
  /** The run stops, reporting it, after this many kernel events. */
  eventsMax: number;
  /** Instances of one service in one region can never exceed this. */
  instancesMax: number;
}

/**
 * The request-level model, fully resolved: every unit a number, every default filled in.
 * It is the public contract between the scenario language (which parses YAML into exactly
 * this) and the engine (which runs it). Times are µs, rates per second, prices in dollars.
 */
export interface ModelConfig {
  seed: number;
  durationUs: number;
  regions: RegionConfig[];
  /** Region pairs without a link get one derived from their great-circle distance. */
  links: LinkConfig[];
  routing: RoutingConfig;
  services: ServiceConfig[];
  dependencies: DependencyConfig[];
  traffic: TrafficConfig;
  faults: FaultConfig[];
  metrics: MetricsConfig;
  limits: LimitsConfig;
  /** Absent: no data stores. */
  dataStores?: DataStoreConfig[];
  /** Absent: no alert rules. Rules watch the users' and the services' metrics and the stores' lag. */
  alerting?: AlertingConfig;
  /** Absent: no failover; a store whose primary is lost takes no writes until it comes back. */
  failovers?: StoreFailoverConfig[];
  /** Absent: no backups; a data deletion is never restored. At most one entry per store. */
  backups?: StoreBackupConfig[];
  /**
   * Residency zones and the regions allowed to store and serve each zone's data. Checked as an
   * invariant for partitioned stores and stores with a `zone`; violations (a failover moving
   * data out, a replica placed outside) are recorded, never prevented. Absent: nothing checked.
   */
  residency?: ResidencyConfig;
  /** Absent: no deployments (every job runs the one version). */
  deployments?: EngineDeploymentConfig[];
  /** Absent: no migration. `from` and `to` are region ids, both hosting the entry service. */
  migration?: MigrationConfig;
}
