import type { DependencyConfig } from './dependency.js';
import type { FaultConfig } from './fault.js';
import type { LinkConfig, RegionConfig } from './geo/index.js';
import type { HedgingConfig, RetryBudgetConfig, RetryPolicyConfig } from './resilience/index.js';
import type { RoutingConfig } from './routing.js';
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
}
