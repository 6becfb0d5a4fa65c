// Failover: the active-passive controller (detect → decide → promote → redirect) and its RTO parts.
export { FAILOVER_DETECTIONS, FAILOVER_MODES, validateFailover } from './failover-config.js';
export type { FailoverConfig, FailoverDetection, FailoverHuman, FailoverMode, FailoverRunbookStep } from './failover-config.js';
export { planFailover, rtoParts, runbookDurationUs } from './failover-plan.js';
export type { FailoverTimeline, RtoParts } from './failover-plan.js';
export { FAILOVER_DRAWS_PER_DETECTION, FailoverController } from './failover-controller.js';
export type { FailoverControllerOptions, FailoverPhase, FailoverPhaseHook, FailoverRecord } from './failover-controller.js';
