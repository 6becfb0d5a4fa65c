/** How users are sent to a region (global routing: DNS or anycast with health checks). */
export type RoutingPolicy =
  /** The closest region (by RTT from the user's region) that is healthy. */
  | 'nearest-healthy'
  /** The healthy region with the lowest expected latency: RTT plus the region's recent response time. */
  | 'latency-based'
  /** Healthy regions in proportion to `weights`. */
  | 'weighted'
  /** The first healthy region of `failoverOrder` (active-passive). */
  | 'failover-only';

export interface RegionHealthCheckConfig {
  intervalUs: number;
  timeoutUs: number;
  /** Consecutive passes to mark a region healthy again. */
  healthyThreshold: number;
  /** Consecutive failures to mark a region unhealthy. */
  unhealthyThreshold: number;
  /**
   * `shallow`: the check passes when an instance answers — a region stays "up" while its
   * dependencies fail. `deep`: the check calls the endpoint's dependencies too.
   */
  depth: 'shallow' | 'deep';
  /** The endpoint the check calls. */
  endpoint: string;
}

export interface RoutingConfig {
  policy: RoutingPolicy;
  /** The service users call. */
  entryService: string;
  healthCheck: RegionHealthCheckConfig;
  /** A client cohort keeps the region it resolved until this long has passed, µs. */
  dnsTtlUs: number;
  /** Cohorts per user population: each resolves on its own TTL clock, staggered. */
  cohortsPerPopulation: number;
  /** For `weighted`. */
  weights: { region: string; weight: number }[];
  /** For `failover-only`: the primary first. */
  failoverOrder: string[];
}
