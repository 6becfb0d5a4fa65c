// @stormglass/scenarios: the scenario language, the catalog and the property-testing harness.
// Pure: runs unchanged in Node and the browser.
export { catalogQueueBasics, queueBasicsParameters } from './catalog/queue-basics.js';
export type { QueueLesson } from './catalog/queue-basics.js';
export { buildQueueReport } from './catalog/queue-basics-report.js';
export type { QueueFigures, QueueParameters, QueueReport, QueueSweepRow } from './catalog/queue-basics-report.js';
export { catalogLaunchDay, expectedRequests, launchDayModel } from './catalog/launch-day.js';
export type { LaunchDayLesson, LaunchDayOptions } from './catalog/launch-day.js';
export { buildLaunchReport } from './catalog/launch-day-report.js';
export type { LaunchEvent, LaunchReport, LaunchServiceRow, LaunchUserRow } from './catalog/launch-day-report.js';
export { formatDifference, formatMs, formatSignedPercent } from './report-format.js';
export { catalogRegionLoss, regionLossModels } from './catalog/region-loss.js';
export type { RegionLossDesign, RegionLossLesson, RegionLossOptions } from './catalog/region-loss.js';
export { buildRegionLossReport } from './catalog/region-loss-report.js';
export type { RegionLossReport, RegionLossRow } from './catalog/region-loss-report.js';

// The scenario language (issue 5), first layer: text to plain data with positions, never throwing.
export { FORBIDDEN_KEYS, formatProblem, parentPath, parseSource } from './language/source.js';
export type { ParsedSource, ScenarioProblem, SourceOptions, SourcePosition } from './language/source.js';
export { closest, describeFound, pathString, problemsFromIssues, schemaKeysAt } from './language/problems.js';
export { bandwidthBitsPerS, durationUs, money, percentRatio, ratePerS, sizeBytes } from './language/units-schema.js';
export { REGION_ZONES_DEFAULT, linkSchema, networkSchema, regionSchema, resolveLinks } from './language/sections/regions.js';
export type { NetworkSection } from './language/sections/regions.js';
export { CLIENT_DEFAULTS, clientSchema, populationSchema, trafficSchema } from './language/sections/traffic.js';
export { FAULT_SECTION_KINDS, faultSchema, faultsSchema } from './language/sections/faults.js';
export { INVARIANT_NAMES } from './language/scenario-types.js';
export type { InvariantName, LatencyTarget, Scenario, SegmentationViolation, TargetsConfig } from './language/scenario-types.js';
// whole scenarios: topology, extends and --set, loadScenario
export { distributionSchema } from './language/sections/distribution.js';
export { AUTOSCALING_DEFAULTS, BALANCER_DEFAULTS, DATA_STORE_DEFAULTS, INSTANCE_DEFAULTS, ROUTING_DEFAULTS, TIERS, resolveTopology, topologySchema } from './language/sections/topology.js';
export type { ResolvedTopology, Tier, TopologySection } from './language/sections/topology.js';
export { EXTENDS_DEPTH_MAX, composeDocument, mergeDocuments, parsePath } from './language/compose.js';
export type { ComposeOptions, ComposedDocument, SourceResolver } from './language/compose.js';
export { METRICS_DEFAULTS, SCENARIO_LIMITS, loadScenario, scenarioSchema } from './language/load.js';
export type { LoadOptions, LoadResult } from './language/load.js';
export { segmentationViolations } from './language/segmentation.js';
// operations section
export { RATE_PROFILE_SECTION_KINDS } from './language/sections/traffic.js';
export {
  ALERTING_DEFAULTS,
  ALERT_SECTION_METRICS,
  ALERT_THRESHOLD_UNITS,
  BACKUP_DETECTION_KEYS,
  DEPLOY_SECTION_STRATEGIES,
  DURATION_DISTRIBUTION_KINDS,
  alertRuleSchema,
  alertingSchema,
  backupSchema,
  deploymentSchema,
  failoverSchema,
  migrationSchema,
  operationsSchema,
} from './language/sections/operations.js';
export type { OperationsOutput } from './language/sections/operations.js';
// the catalog as YAML, and the JSON Schema
export { catalogFile, catalogNames, catalogResolver, catalogSource, loadCatalogScenario } from './catalog/registry.js';
export { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from './language/json-schema.js';

// property testing
export { INVARIANTS_DEFAULT, invariantsSchema, targetsSchema } from './check/targets.js';
export { evaluateInvariants, evaluateTargets, formatPercent } from './check/evaluate.js';
export type { Evaluation } from './check/evaluate.js';
export { faultTargets } from './check/fault-targets.js';
export type { FaultTarget, FaultTargets } from './check/fault-targets.js';
export { FAULT_SCHEDULE_DEFAULTS, faultScheduleArbitrary, faultScheduleSettings } from './check/arbitraries.js';
export type { FaultScheduleOptions, FaultScheduleSettings, FaultWindow } from './check/arbitraries.js';
export { applyDesignParameters, applyTrafficPerturbation, designParameterArbitrary, trafficPerturbationArbitrary } from './check/perturbations.js';
export type { DesignParameterOptions, DesignParameters, TrafficPerturbation, TrafficPerturbationOptions } from './check/perturbations.js';
export { faultToSource, percentText, rateText } from './check/fault-source.js';
export type { FaultSource } from './check/fault-source.js';
export { CHECK_DEFAULTS, checkScenario, replayDocument, replaySchedule } from './check/check-scenario.js';
export type { CheckFailure, CheckFaults, CheckOptions, CheckResult, ScheduleRun } from './check/check-scenario.js';
// the run report (JSON, schemaVersion 1)
export { buildRunReport, worstRpoMs, worstRtoMs } from './report/run-report.js';
export type { EndpointRow, FaultRow, RegionRow, RunReport, StoreRow } from './report/run-report.js';
