// The request-level engine: a ModelConfig in, a ModelResult out.
export { ModelConfigError, ModelEngine, runModel } from './engine.js';
export { latencySummaryMs } from './build-result.js';
export type {
  AttemptSummary,
  DependencyRegionSummary,
  EndpointUserSummary,
  LatencySummaryMs,
  ModelResult,
  RegionUserSummary,
  ServiceRegionSummary,
  UserRequestSummary,
} from './result.js';
export type { OperationsResultJSON, StoreLossJSON, StoreMemberJSON, StoreResultJSON } from './data-result.js';
export type { ResidencyResultJSON } from './residency.js';
export type { FaultImpact, RestoreImpact } from './fault-impact.js';
export type { EngineOptions, LogCall, StoreWriteTrace } from './write-trace.js';
export type { DeploymentResultJSON, MigrationResultJSON } from './deploy-result.js';
export type { MigrationSeries } from './migration.js';
export type { CostSummary, RegionCostSummary } from './cost-result.js';
