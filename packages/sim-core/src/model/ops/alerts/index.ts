// Alerts: Prometheus-style rules (threshold, `for`, evaluation interval, scope), Alertmanager-style
// grouping and inhibition into pages, the alerting report (storm figures) and time to detect.
export { ALERT_COMPARATORS, ALERT_FRACTION_METRICS, ALERT_METRICS, ALERT_REQUEST_METRICS, ALERT_SEVERITIES } from './alert-config.js';
export type { AlertComparator, AlertMetric, AlertRuleConfig, AlertScope, AlertSeverity, AlertingConfig } from './alert-config.js';
export { validateAlertRule, validateAlerting } from './alert-validate.js';
export { sameRegion, scopeNames } from './alert-records.js';
export type { AlertFiring, AlertPage, AlertSubject } from './alert-records.js';
export type { AlertPageHook } from './alert-notifier.js';
export { AlertEvaluator } from './alert-evaluator.js';
export type { AlertEvaluatorOptions, AlertFiringHook, AlertReader } from './alert-evaluator.js';
export { buildAlertReport } from './alert-report.js';
export type { AlertReport, AlertRuleReport, AlertStorm } from './alert-report.js';
export { firstDetection, timeToDetect } from './time-to-detect.js';
