// Autoscaling: a group's configuration and the pure decision at each evaluation.
export { AUTOSCALER_METRICS, AUTOSCALER_POLICY_KINDS, validateAutoscaler } from './autoscaler-config.js';
export type {
  AutoscalerConfig,
  AutoscalerMetric,
  AutoscalerPolicy,
  AutoscalerScheduledAction,
  AutoscalerStep,
  AutoscalerStepPolicy,
  AutoscalerTargetTrackingPolicy,
} from './autoscaler-config.js';
export { decide } from './decide.js';
export type { AutoscalerDecision, AutoscalerReason, AutoscalerState } from './decide.js';
