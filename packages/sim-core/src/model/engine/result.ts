import type { StoppedBy } from '../../kernel/simulation.js';
import type { EventLogJSON } from '../observability/event-log.js';
import type { FailureReason } from '../observability/failure-reason.js';
import type { MetricsRecorderJSON } from '../observability/metrics-recorder.js';
import type { TraceSamplerJSON } from '../observability/trace-sampler.js';
import type { CircuitState } from '../resilience/circuit-breaker.js';
import type { CostSummary } from './cost-result.js';
import type { OperationsResultJSON, StoreResultJSON } from './data-result.js';

/** Latency of successful requests in ms; null when there were none. */
export interface LatencySummaryMs {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  mean: number | null;
  max: number | null;
}

/**
 * User requests with the definitions of ARCHITECTURE.md §5: a request succeeds when some
 * attempt returns OK (degraded included) before the client's deadline; availability =
 * succeeded / (succeeded + failed) over the requests that completed (null when none did);
 * latency runs from the first attempt's start to the successful answer, retries included.
 */
export interface UserRequestSummary {
  started: number;
  succeeded: number;
  /** The part of `succeeded` answered with a fallback (degraded). */
  degraded: number;
  failed: number;
  /** Started and not completed when the run ended. */
  inFlight: number;
  failures: Record<FailureReason, number>;
  availability: number | null;
  latencyMs: LatencySummaryMs;
}

export interface RegionUserSummary extends UserRequestSummary {
  /** The users' region (their population), not the region that served them. */
  region: string;
}

export interface EndpointUserSummary extends UserRequestSummary {
  endpoint: string;
}

export interface AttemptSummary {
  started: number;
  retries: number;
  hedges: number;
  /** Outstanding hedges cancelled because another attempt answered first. */
  cancelled: number;
  retryBudget: { allowed: number; refused: number } | null;
}

/** One service in one region: what its instances did. */
export interface ServiceRegionSummary {
  service: string;
  region: string;
  /** Requests (user attempts and internal calls) that reached the balancer. */
  requests: number;
  /** Turned away: no instance in service, or the picked instance's queue was full. */
  rejected: number;
  /** Requests lost in an instance that crashed, went dark or was stopped. */
  lost: number;
  instances: { start: number; min: number; max: number; mean: number; end: number };
  launches: number;
  stops: number;
  crashes: number;
  /** Instances the autoscaler wanted beyond its quota: the sum over evaluations, and the most at once. */
  shortfall: { total: number; max: number };
  /** Busy worker time / ready worker time over the run. */
  utilisation: number | null;
  costUsd: number;
  /** Server-side latency of answered requests (queue, work and dependency calls). */
  latencyMs: LatencySummaryMs;
}

/** One dependency as seen from one calling region. */
export interface DependencyRegionSummary {
  dependency: string;
  region: string;
  calls: number;
  ok: number;
  errors: number;
  timeouts: number;
  rejected: number;
  breakerOpen: number;
  /** Failed calls answered by the degrade fallback instead. */
  degraded: number;
  breaker: { transitions: number; state: CircuitState } | null;
}

export interface ModelResult {
  seed: number;
  durationUs: number;
  /** Kernel events handled. */
  events: number;
  stoppedBy: StoppedBy;
  users: UserRequestSummary;
  regions: RegionUserSummary[];
  endpoints: EndpointUserSummary[];
  attempts: AttemptSummary;
  services: ServiceRegionSummary[];
  dependencies: DependencyRegionSummary[];
  /** Instances, storage and cross-region egress (requests and replication), per region. */
  cost: CostSummary;
  metrics: {
    /** Per (users' region × entry endpoint): user requests, attempts, failures by reason, latency. */
    users: MetricsRecorderJSON;
    /** Per (serving region × service endpoint): server requests, latency, queue depth, instances, utilisation, cost. */
    services: MetricsRecorderJSON;
  };
  eventLog: EventLogJSON;
  traces: TraceSamplerJSON;
  /** Data stores: reads, writes, stale reads, lag, losses, conflicts, egress and storage. */
  data: StoreResultJSON[];
  /** Alerts, failovers, and every fault's impact (RTO with its parts, RPO, lost writes, pages). */
  operations: OperationsResultJSON;
  /** Conservation violations found at metrics ticks and at the end (empty: conserved). */
  conservation: string[];
  /** The kernel's trace digest (hex): equal digests mean the same run. */
  digest: string;
}
