import type { AutoscalerConfig } from './autoscaling/index.js';
import type { BalancerConfig } from './balancing/index.js';
import type { DistributionConfig } from './distribution-config.js';

/**
 * Services, their endpoints and their placement: the resolved configuration (units already
 * numbers). The scenario language parses into exactly these types.
 */

/** One call an endpoint makes. `required: false` means a failure degrades the response instead of failing it. */
export interface DependencyCallConfig {
  dependency: string;
  required: boolean;
}

/** Calls run step by step; the calls inside one step run in parallel and the step ends with the slowest. */
export interface CallStepConfig {
  parallel: DependencyCallConfig[];
}

export interface EndpointConfig {
  name: string;
  /** Time an instance works on the request itself, excluding dependency calls, µs. */
  serviceTime: DistributionConfig;
  calls: CallStepConfig[];
  /** Marks requests as writes for the data layer: the share of requests to this endpoint that write. */
  writeRatio: number;
  /**
   * Bytes of one request to this endpoint (a user's attempt, or an internal call), for the
   * cross-region egress cost only (latency ignores sizes). Absent: 0. A finite number >= 0.
   */
  requestBytes?: number;
  /**
   * Bytes of one successful (or degraded) answer of this endpoint; an error or a rejection
   * carries none. For the cross-region egress cost only. Absent: 0. A finite number >= 0.
   */
  responseBytes?: number;
}

export interface InstanceConfig {
  /** Requests one instance works on at once; more wait in its queue. */
  concurrency: number;
  /** Requests that may wait; one more is rejected at once (`rejected`). */
  queueCapacity: number;
  /** From launch to ready for traffic, µs. */
  startupUs: number;
  /** A stopping instance finishes in-flight work for at most this long, µs. */
  drainUs: number;
  /** A crashed instance is replaced after this long (0: never), µs. */
  replaceAfterCrashUs: number;
}

export interface ServicePlacementConfig {
  region: string;
  /** Instances at time 0. */
  instances: number;
  /** Zones the instances spread over, round-robin; empty means all of the region's zones. */
  zones: string[];
}

export interface ServiceConfig {
  id: string;
  endpoints: EndpointConfig[];
  instance: InstanceConfig;
  placements: ServicePlacementConfig[];
  /** The regional load balancer in front of the instances (the same policy in every region). */
  balancer: BalancerConfig;
  /** Absent: a fixed number of instances per region. */
  autoscaling?: AutoscalerConfig;
}
