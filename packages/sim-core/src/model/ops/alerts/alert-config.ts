/**
 * Alert rules and their notification policy, every unit resolved (Prometheus alerting rules
 * plus the part of Alertmanager that decides how many people get woken up). The scenario
 * language parses into these; `AlertEvaluator` runs them.
 */

/**
 * What a rule watches. The engine supplies each reading for the rule's scope at each of the
 * rule's evaluations (`AlertReader`); the suggested readings, each over the rule's last
 * evaluation interval unless it is a gauge:
 * - `availability`: successful / started user requests, in [0, 1] (null when none started);
 * - `error-ratio`: failed / started user requests, in [0, 1] (null when none started);
 * - `request-rate-per-s`: user requests started per second;
 * - `p50-ms`, `p95-ms`, `p99-ms`: latency quantiles of successful requests, ms (null when none);
 * - `queue-depth`: requests queued (gauge, the latest reading);
 * - `instances`: running instances (gauge);
 * - `utilisation`: the fraction of time the workers are busy, in [0, 1];
 * - `replication-lag-ms`: how far the replicas trail the primary, ms (gauge);
 * - `health`: 1 while the scope's health check passes, 0 while it fails.
 */
export type AlertMetric =
  | 'availability'
  | 'error-ratio'
  | 'request-rate-per-s'
  | 'p50-ms'
  | 'p95-ms'
  | 'p99-ms'
  | 'queue-depth'
  | 'instances'
  | 'utilisation'
  | 'replication-lag-ms'
  | 'health';

export const ALERT_METRICS: readonly AlertMetric[] = [
  'availability',
  'error-ratio',
  'request-rate-per-s',
  'p50-ms',
  'p95-ms',
  'p99-ms',
  'queue-depth',
  'instances',
  'utilisation',
  'replication-lag-ms',
  'health',
];

/**
 * The metrics read from users' requests (they enter through the entry service), scoped by the
 * users' region and the entry endpoint; the others read service groups, region health or stores.
 */
export const ALERT_REQUEST_METRICS: readonly AlertMetric[] = ['availability', 'error-ratio', 'request-rate-per-s', 'p50-ms', 'p95-ms', 'p99-ms'];

/** The metrics whose readings are fractions in [0, 1]: a threshold outside [0, 1] is a mistake (99 for 0.99). */
export const ALERT_FRACTION_METRICS: readonly AlertMetric[] = ['availability', 'error-ratio', 'utilisation', 'health'];

/** How the reading is compared with the threshold: `reading <comparator> threshold` holds. */
export type AlertComparator = '>' | '>=' | '<' | '<=';
export const ALERT_COMPARATORS: readonly AlertComparator[] = ['>', '>=', '<', '<='];

/** `page` wakes a human (it goes through grouping and inhibition); `ticket` is only recorded. */
export type AlertSeverity = 'page' | 'ticket';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['page', 'ticket'];

/**
 * Which part a rule watches; every field is optional and an absent field means "all of them"
 * (a rule without a region watches the service in every region together). It plays the role
 * of an alert's labels: the `region` is the one label grouping and inhibition match on, and
 * time to detect matches a fault's subject against the whole scope (see `scopeNames`).
 */
export interface AlertScope {
  readonly region?: string;
  readonly service?: string;
  readonly endpoint?: string;
}

/**
 * One alerting rule: it fires when `reading <comparator> threshold` has held at every
 * evaluation for at least `forUs` (see `AlertEvaluator` for the exact state machine).
 * A rule is one alert series: the pair (name, scope) identifies it, so one name may be reused
 * with different scopes (one "HighErrorRatio" per region), as one Prometheus rule yields an
 * alert per label set.
 */
export interface AlertRuleConfig {
  readonly name: string;
  readonly metric: AlertMetric;
  readonly scope: AlertScope;
  readonly comparator: AlertComparator;
  /** A finite number in the metric's unit; in [0, 1] for the fraction metrics. */
  readonly threshold: number;
  /** How long the condition must hold before the alert fires, µs (a whole number >= 0; 0 fires at once). */
  readonly forUs: number;
  /** Time between two evaluations of this rule, µs (a whole number > 0); see `AlertEvaluator` for the grid. */
  readonly evaluationIntervalUs: number;
  readonly severity: AlertSeverity;
  /**
   * The grouping key: page alerts with the same group and the same scope region share their
   * pages. Absent: the rule's name (Alertmanager's `group_by: [alertname, region]`), so rules
   * with the same name and region group together, and a group and a rule of the same name do too.
   */
  readonly group?: string;
  /**
   * Names of rules that, while any of them is firing with the same scope region (both absent
   * counts as the same, as Alertmanager's `equal` treats a missing label as empty), keep this
   * rule's alerts out of pages. The alert still fires and counts; only its page is held back.
   */
  readonly inhibitedBy?: readonly string[];
}

/** The rules and the notification policy (Alertmanager's route: group_wait, and one interval for group_interval and repeat_interval). */
export interface AlertingConfig {
  readonly rules: readonly AlertRuleConfig[];
  /**
   * How long a group's first alert waits before its page goes out, so that alerts firing for
   * the same cause meanwhile share it, µs (a whole number >= 0).
   */
  readonly groupWaitUs: number;
  /**
   * After a group's first page, the group is re-examined every repeatIntervalUs; alerts that
   * fired meanwhile go out together in one page then, µs (a whole number > 0).
   */
  readonly repeatIntervalUs: number;
}
