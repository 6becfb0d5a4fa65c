import type { DistributionConfig } from './distribution-config.js';
import type { CircuitBreakerConfig } from './resilience/index.js';

/** What a caller does when a dependency call fails, times out, or its breaker is open. */
export type FallbackConfig =
  /** The call's failure fails the request (if the call is required). */
  | { kind: 'fail' }
  /** Answer with a cheaper, degraded response that takes this long instead; the request succeeds degraded. */
  | { kind: 'degrade'; latency: DistributionConfig };

interface DependencyCommon {
  id: string;
  /** The caller gives up on one call after this long, µs. */
  timeoutUs: number;
  /** Absent: no breaker, every call is attempted. */
  breaker?: CircuitBreakerConfig;
  fallback: FallbackConfig;
}

/**
 * A dependency an endpoint calls. Per-region state (breakers, outages) is kept per calling
 * region, because that is how deployments see their dependencies.
 */
export type DependencyConfig =
  /** Another service of the topology: the call is a request to its endpoint in the same region. */
  | (DependencyCommon & { kind: 'internal'; service: string; endpoint: string })
  /** An external API: latency and errors are drawn, not simulated as a queue. */
  | (DependencyCommon & { kind: 'third-party'; latency: DistributionConfig; errorRatio: number })
  /** A cache in front of another dependency: a hit answers with `latency`, a miss also calls `miss`. */
  | (DependencyCommon & { kind: 'cache'; latency: DistributionConfig; hitRatio: number; miss: string })
  /** A data store of `dataStores`: the request's write flag makes the call a read or a write. */
  | (DependencyCommon & { kind: 'datastore'; store: string });

export type DependencyKind = DependencyConfig['kind'];
