// @stormglass/sim-core: the deterministic kernel and the infrastructure model.
// Pure: no I/O, no wall clock, no global randomness; runs unchanged in Node and the browser.

// Kernel
export { assert, describeValue } from './assert.js';
export { EVENTS_MAX_DEFAULT, Simulation } from './kernel/simulation.js';
export type { EventHandler, RunBounds, RunResult, SimulationOptions, StoppedBy } from './kernel/simulation.js';
export { RandomStream } from './kernel/random-stream.js';
export { TraceDigest, hashName } from './kernel/trace-digest.js';

// Distributions
export {
  DISTRIBUTION_DRAWS_PER_SAMPLE,
  NORMAL_Z99,
  distributionConstant,
  distributionEmpirical,
  distributionExponential,
  distributionFromQuantile,
  distributionLognormal,
  distributionNormal,
  distributionPareto,
  distributionUniform,
  distributionUnitDraw,
  erfc,
  normalCdf,
  normalInverseCdf,
  normalPdf,
} from './distributions/index.js';
export type {
  Distribution,
  DistributionEmpiricalPoint,
  DistributionKind,
  DistributionLognormalParams,
  DistributionNormalOptions,
  DistributionParetoParams,
} from './distributions/index.js';

// Units
export {
  BANDWIDTH_SPELLINGS,
  DURATION_SPELLINGS,
  MONEY_PERS,
  MONEY_SPELLINGS,
  RATE_SPELLINGS,
  SIZE_SPELLINGS,
  UNIT_SPELLINGS,
  UnitError,
  formatDuration,
  formatRate,
  levenshtein,
  parseBandwidth,
  parseDuration,
  parseMoney,
  parsePercent,
  parseQuantity,
  parseRate,
  parseSize,
} from './units/index.js';
export type { DurationOptions, DurationUnit, Money, MoneyPer, PercentOptions, UnitErrorDetails, UnitKind } from './units/index.js';

// Metrics
export { HISTOGRAM_RELATIVE_ERROR_MAX, HISTOGRAM_ZERO_THRESHOLD, Histogram } from './metrics/histogram.js';
export type { HistogramJSON } from './metrics/histogram.js';
export { TIME_SERIES_BUCKETS_MAX, TimeSeries } from './metrics/time-series.js';
export type { TimeSeriesAggregate, TimeSeriesJSON, TimeSeriesOptions } from './metrics/time-series.js';

// Queueing: the M/M/c lesson and its analytic oracle
export { erlangB, erlangC, mmcAnalytic } from './queueing/erlang.js';
export type { MmcAnalytic, MmcParameters } from './queueing/erlang.js';
export { MMC_BATCHES, runMmc } from './queueing/mmc-model.js';
export type { MmcOptions, MmcResult } from './queueing/mmc-model.js';

// The request-level model: resolved configuration types (the contract the scenario language
// parses into) and the parts the engine is built from.
export { LINK_DRAWS_PER_HOP, Link, NETWORK_DEFAULTS, Network, greatCircleKm, linkLabel, localLink, rttFromDistanceUs, validateLinkValues, validateLinks, validateNetworkOptions, validateRegions } from './model/geo/index.js';
export type { FiberOptions, GeoPoint, LinkConfig, LinkConfigWithRtt, LinkDegradation, LinkDirection, LinkDirections, LinkOrigin, LinkState, LocalLinkOptions, NetworkDefaults, NetworkOptions, RegionConfig } from './model/geo/index.js';
export { ARRIVAL_WINDOW_US_DEFAULT, ArrivalProcess, DIURNAL_PERIOD_US_DEFAULT, EndpointPicker, RATE_MAX_MARGIN, integrateRate, overlayFactorAt, rateAt, rateMax, validateMix, validateOverlays, validatePopulation, validateRateProfile } from './model/traffic/index.js';
export type { ArrivalProcessOptions, EndpointMixEntry, PopulationConfig, RateConstantConfig, RateDiurnalConfig, RateLaunchConfig, RateOverlay, RatePiecewiseConfig, RatePiecewiseInterpolation, RatePiecewisePoint, RateProfileConfig, RateProfileKind, RateRampConfig, RateSpikeConfig } from './model/traffic/index.js';
export { BACKOFF_JITTERS, CircuitBreaker, RESILIENCE_WINDOW_SLICES, RETRY_FAILURES, RetryBudget, attemptTimeoutAtUs, backoffBoundUs, backoffDelayUs, hedgeAction, nextAttemptDecision, nextHedgeAtUs, validateCircuitBreaker, validateHedging, validateRetryBudget, validateRetryPolicy } from './model/resilience/index.js';
export type { BackoffConfig, BackoffJitter, CircuitBreakerConfig, CircuitBreakerOptions, CircuitState, CircuitTransitionHook, HedgeAction, HedgeState, HedgingConfig, RetryAttemptState, RetryBudgetConfig, RetryDecision, RetryDecisionReason, RetryFailure, RetryPolicyConfig } from './model/resilience/index.js';
export { BALANCER_DRAWS_PER_PICK, BALANCER_POLICIES, InstancePool, createBalancerCursor, pick as balancerPick, validateBalancer } from './model/balancing/index.js';
export type { BalancerConfig, BalancerCursor, BalancerHealthCheckConfig, BalancerPolicy } from './model/balancing/index.js';
export { AUTOSCALER_METRICS, AUTOSCALER_POLICY_KINDS, decide as autoscalerDecide, validateAutoscaler } from './model/autoscaling/index.js';
export type { AutoscalerConfig, AutoscalerDecision, AutoscalerMetric, AutoscalerPolicy, AutoscalerReason, AutoscalerScheduledAction, AutoscalerState, AutoscalerStep, AutoscalerStepPolicy, AutoscalerTargetTrackingPolicy } from './model/autoscaling/index.js';
export { DnsCohorts, NO_HEALTHY_REGION, ROUTING_POLICIES, RegionHealth, RouteTable, detectionDelayBoundsUs, drainCompleteAtUs, resolveRegion, validateRegionHealthCheck } from './model/routing/index.js';
export type { RegionHealthThresholds, RouteTableConfig } from './model/routing/index.js';
export { CONSERVATION_VIOLATIONS_MAX, EVENT_KINDS, EventLog, FAILURE_REASONS, FAILURE_REASON_COUNT, METRICS_SLOTS_MAX, MetricsRecorder, TraceSampler, failureReasonCode } from './model/observability/index.js';
export type { ConservationCheckOptions, EventKind, EventLogEntry, EventLogJSON, EventLogOptions, FailureReason, LatencyQuantilesMsJSON, MetricsCostJSON, MetricsEndpoint, MetricsRecorderJSON, MetricsRecorderOptions, MetricsSeriesJSON, MetricsTotalsJSON, TraceOutcome, TraceSamplerJSON, TraceSamplerOptions, TraceSamplerRng, TraceSpan } from './model/observability/index.js';
export { distributionFromConfig, validateDistributionConfig } from './model/distribution-config.js';
export type { DistributionConfig } from './model/distribution-config.js';
export type { CallStepConfig, DependencyCallConfig, EndpointConfig, InstanceConfig, ServiceConfig, ServicePlacementConfig } from './model/service.js';
export type { DependencyConfig, DependencyKind, FallbackConfig } from './model/dependency.js';
export type { RegionHealthCheckConfig, RoutingConfig, RoutingPolicy } from './model/routing.js';
export { FAULT_KINDS } from './model/fault.js';
export type { FaultConfig, FaultKind } from './model/fault.js';
export { FAILOVER_ROUTINGS, RESTORE_DETECTIONS } from './model/model-config.js';
export type {
  ClientConfig,
  EngineDeploymentConfig,
  FailoverRouting,
  LimitsConfig,
  MetricsConfig,
  ModelConfig,
  RestoreDetection,
  StoreBackupConfig,
  StoreFailoverConfig,
  TrafficConfig,
} from './model/model-config.js';
export { DATA_STORE_MODES, READ_FROM, validateDataStore } from './model/data/store-config.js';
export { PARTITION_REPLICATIONS, validatePartitions, zoneStoreId, zoneStores } from './model/data/partitioned-config.js';
export type { PartitionHome, PartitionReplication, PartitionsConfig } from './model/data/partitioned-config.js';
export type { DataStoreConfig, DataStoreMode, ReadFrom } from './model/data/store-config.js';
export { ENGINE_ALERT_METRICS } from './model/validate-data-ops.js';
export { validateModelReferences } from './model/validate-references.js';
export { validateModel } from './model/validate-model.js';
export type { ModelProblem } from './model/validate-references.js';
export { ModelConfigError, ModelEngine, latencySummaryMs, runModel } from './model/engine/index.js';
export type {
  AttemptSummary,
  CostSummary,
  DependencyRegionSummary,
  DeploymentResultJSON,
  EndpointUserSummary,
  EngineOptions,
  FaultImpact,
  LatencySummaryMs,
  LogCall,
  MigrationResultJSON,
  MigrationSeries,
  ModelResult,
  OperationsResultJSON,
  RegionCostSummary,
  RegionUserSummary,
  ResidencyResultJSON,
  RestoreImpact,
  ServiceRegionSummary,
  StoreLossJSON,
  StoreMemberJSON,
  StoreResultJSON,
  StoreWriteTrace,
  UserRequestSummary,
} from './model/engine/index.js';
export { threeRegionLaunchModel } from './model/examples/three-region-launch.js';

// Data, failover and operations (issue 4): parts with their own contracts and oracles; the
// engine integration comes next (docs/data-model.md).
export * from './model/data/replication/index.js';
export * from './model/data/consistency/index.js';
export * from './model/ops/alerts/index.js';
export * from './model/ops/failover/index.js';
export * from './model/ops/measure/index.js';
export * from './model/ops/backup/index.js';
export * from './model/ops/deploy/index.js';
