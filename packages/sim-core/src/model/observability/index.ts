// Observability of a simulated run: per-tick request metrics per (region x endpoint) cell,
// a bounded infrastructure event log and sampled request traces.
export { FAILURE_REASONS, FAILURE_REASON_COUNT, failureReasonCode } from './failure-reason.js';
export type { FailureReason } from './failure-reason.js';
export { CONSERVATION_VIOLATIONS_MAX, METRICS_SLOTS_MAX, MetricsRecorder } from './metrics-recorder.js';
export type {
  ConservationCheckOptions,
  LatencyQuantilesMsJSON,
  MetricsCostJSON,
  MetricsEndpoint,
  MetricsRecorderJSON,
  MetricsRecorderOptions,
  MetricsSeriesJSON,
  MetricsTotalsJSON,
} from './metrics-recorder.js';
export { EVENT_KINDS, EventLog } from './event-log.js';
export type { EventKind, EventLogEntry, EventLogJSON, EventLogOptions } from './event-log.js';
export { TraceSampler } from './trace-sampler.js';
export type { TraceOutcome, TraceSamplerJSON, TraceSamplerOptions, TraceSamplerRng, TraceSpan } from './trace-sampler.js';
