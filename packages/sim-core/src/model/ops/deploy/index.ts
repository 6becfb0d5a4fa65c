// Deployments (rolling, canary, blue-green, automatic rollback, blast radius) and phased
// migrations (a piecewise-linear cutover, dual running, a write freeze).
export { DEPLOYMENT_STRATEGY_KINDS, validateDeployment } from './deployment-config.js';
export type {
  BlueGreenStrategy,
  CanaryStep,
  CanaryStrategy,
  DeploymentConfig,
  DeploymentRollback,
  DeploymentStrategy,
  DeploymentStrategyKind,
  RollingBatchSize,
  RollingStrategy,
} from './deployment-config.js';
export { newVersionShare, planDeployment, rollingBatches } from './deployment-plan.js';
export type { DeploymentPlan } from './deployment-plan.js';
export { blastRadius, newVersionShareIntegralUs, rollbackTimeline, shareKnotsWithRollback } from './blast-radius.js';
export type { BlastRadiusOptions, RollbackTimeline } from './blast-radius.js';
export { validateMigration } from './migration-config.js';
export type { MigrationConfig, MigrationWeight, MigrationWriteFreeze } from './migration-config.js';
export { MigrationPlan } from './migration-plan.js';
export { RATE_INTEGRAL_STEP_US_DEFAULT, knotIntegralUs, knotRateIntegralUs, knotValueAt } from './share-knots.js';
export type { RateFunction, ShareKnots } from './share-knots.js';
