import {
  ALERT_COMPARATORS,
  ALERT_SEVERITIES,
  FAILOVER_DETECTIONS,
  FAILOVER_MODES,
  FAILOVER_ROUTINGS,
  UnitError,
  parseSize,
} from '@stormglass/sim-core';
import type {
  AlertMetric,
  AlertRuleConfig,
  AlertingConfig,
  DeploymentStrategy,
  EngineDeploymentConfig,
  MigrationConfig,
  ModelConfig,
  FailoverRunbookStep,
  StoreBackupConfig,
  StoreFailoverConfig,
} from '@stormglass/sim-core';
import { z } from 'zod';
import { DISTRIBUTION_KINDS, distributionSchema } from './distribution.js';
import { durationUs, percentRatio, ratePerS, sizeBytes } from '../units-schema.js';

/**
 * The `operations` section: what people and automation do to the system while it runs —
 * failovers of single-primary stores, alert rules and their pages, backups and restores,
 * deployments and a migration. Resolves to sim-core's `ModelConfig` fields `failovers`,
 * `alerting`, `backups`, `deployments` and `migration`; a part left out stays absent. Every
 * time has a unit (`30s`), every ratio is a percentage (`5%`), a restore rate is a size per
 * second (`500MiB/s`). Names (stores, regions, services, alert rules) are plain strings here:
 * the whole-model check (sim-core's `validateModel`) resolves them.
 */

const name = z.string().min(1);

/** A size per second (`500MiB/s`), bytes per second: sim-core's size parser on what precedes `/s`. */
const bytesPerS = z
  .string({ error: 'expected a transfer rate with its unit, like 500MiB/s' })
  .describe('a transfer rate with its unit, like 500MiB/s')
  .transform((text, ctx): number => {
    const match = /^(.*?)\s*\/\s*s$/.exec(text);
    if (match === null) {
      ctx.addIssue({ code: 'custom', message: 'invalid transfer rate', params: { expected: 'a size per second, like 500MiB/s', found: JSON.stringify(text) } });
      return z.NEVER;
    }
    try {
      return parseSize(match[1]);
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      ctx.addIssue({ code: 'custom', message: 'invalid transfer rate', params: { expected: error.expected, found: error.found, ...(error.suggestion === undefined ? {} : { suggestion: `${error.suggestion}/s` }) } });
      return z.NEVER;
    }
  });

/** A step of a runbook or of a restore, and how long it takes. */
const operationStep = z
  .strictObject({ step: name.describe('what the step is, for the event log'), duration: durationUs.describe('how long it takes') })
  .transform((s): FailoverRunbookStep => ({ step: s.step, durationUs: s.duration }));

/** The distribution kinds a duration distribution accepts (a test checks they are sim-core's). */
export const DURATION_DISTRIBUTION_KINDS: readonly string[] = DISTRIBUTION_KINDS;
const durationDistribution = distributionSchema;

// ---------------------------------------------------------------------------------------------
// failover

const failover = z
  .strictObject({
    store: name.describe('the single-primary data store that fails over'),
    standby: name.describe('the replica region promoted when the primary is lost'),
    routing: z.enum(FAILOVER_ROUTINGS).describe('follow-primary (users go to the primary region only) or independent (routing follows region health)'),
    mode: z.enum(FAILOVER_MODES).describe('automatic, or manual (a paged human decides: needs human)'),
    detection: z.enum(FAILOVER_DETECTIONS).default('health-check').describe('what tells the primary is gone: health-check, or alert (needs alert) (default health-check)'),
    alert: name.optional().describe('with detection alert: the rule whose firing is the detection'),
    decision: durationUs.describe('fixed decision time after the detection (the confirmation wait, or the page going out)'),
    human: z
      .strictObject({
        response: durationDistribution.describe('from the page to the human starting the runbook, like { kind: lognormal, median: 5m, p99: 30m }'),
        runbook: z.array(operationStep).default([]).describe('the steps done in order after the response (default none)'),
      })
      .optional()
      .describe('the human of a manual failover (ignored when automatic)'),
    promotion: durationUs.describe('from the decision to the replica accepting writes'),
  })
  .superRefine((f, ctx) => {
    if (f.detection === 'alert' && f.alert === undefined) ctx.addIssue({ code: 'custom', path: ['alert'], message: 'detection alert needs the alert rule whose firing detects the failure', input: undefined });
    if (f.detection !== 'alert' && f.alert !== undefined) ctx.addIssue({ code: 'custom', path: ['alert'], message: `an alert is only read with detection alert (detection is ${f.detection})`, input: f.alert });
    if (f.mode === 'manual' && f.human === undefined) ctx.addIssue({ code: 'custom', path: ['human'], message: 'a manual failover needs its human: { response, runbook }', input: undefined });
  })
  .transform(
    (f): StoreFailoverConfig => ({
      store: f.store,
      standby: f.standby,
      routing: f.routing,
      mode: f.mode,
      detection: f.detection,
      ...(f.alert === undefined ? {} : { alert: f.alert }),
      decisionUs: f.decision,
      ...(f.human === undefined ? {} : { human: { response: f.human.response, runbook: f.human.runbook } }),
      promotionUs: f.promotion,
    }),
  );

// ---------------------------------------------------------------------------------------------
// alerts

/**
 * Which metric a rule watches decides the unit of its threshold: a percentage for the fractions
 * (`availability < 99.9%`), a duration for the latencies and the lag (`p99-ms > 500ms`, resolved
 * to ms), a rate for the request rate, a plain number for counts and health (1 healthy, 0 not).
 */
export const ALERT_THRESHOLD_UNITS = Object.freeze({
  percentage: ['availability', 'error-ratio', 'utilisation'],
  duration: ['p50-ms', 'p95-ms', 'p99-ms', 'replication-lag-ms'],
  rate: ['request-rate-per-s'],
  number: ['queue-depth', 'instances', 'health'],
} as const satisfies Record<string, readonly AlertMetric[]>);

/** Edit distance means little between symbols (`=>` is as near `>` as `>=`): the reversed spellings get their own suggestion. */
const comparator = z
  .string()
  .transform((text, ctx) => {
    if (text === '=>' || text === '=<') {
      ctx.addIssue({ code: 'custom', message: 'not one of the allowed values', params: { expected: `one of ${ALERT_COMPARATORS.map((c) => `"${c}"`).join(', ')}`, found: JSON.stringify(text), suggestion: [...text].reverse().join('') } });
      return z.NEVER;
    }
    return text;
  })
  .pipe(z.enum(ALERT_COMPARATORS));

const US_PER_MS = 1000;
const ruleFields = {
  name: name.describe('the rule (with its scope, one alert series)'),
  scope: z
    .strictObject({ region: name.optional(), service: name.optional(), endpoint: name.optional() })
    .default({})
    .describe('which part it watches; an absent field means all of them (default {}: everything)'),
  comparator: comparator.describe('how the reading compares with the threshold, quoted in YAML: ">", ">=", "<" or "<="'),
  for: durationUs.prefault('0s').describe('how long the condition must hold before it fires (default 0s: at once)'),
  evaluationInterval: durationUs.describe('time between two evaluations of the rule'),
  severity: z.enum(ALERT_SEVERITIES).describe('page (wakes a human) or ticket (only recorded)'),
  group: name.optional().describe("the grouping key of its pages (default: the rule's name)"),
  inhibitedBy: z.array(name).optional().describe('rules whose firing in the same region keeps its pages back (default none)'),
};
type RuleFields = { name: string; scope: { region?: string; service?: string; endpoint?: string }; comparator: AlertRuleConfig['comparator']; for: number; evaluationInterval: number; severity: AlertRuleConfig['severity']; group?: string; inhibitedBy?: string[] };
const rule =
  (threshold: (value: number) => number) =>
  (r: RuleFields & { metric: AlertMetric; threshold: number }): AlertRuleConfig => ({
    name: r.name,
    metric: r.metric,
    scope: { ...(r.scope.region === undefined ? {} : { region: r.scope.region }), ...(r.scope.service === undefined ? {} : { service: r.scope.service }), ...(r.scope.endpoint === undefined ? {} : { endpoint: r.scope.endpoint }) },
    comparator: r.comparator,
    threshold: threshold(r.threshold),
    forUs: r.for,
    evaluationIntervalUs: r.evaluationInterval,
    severity: r.severity,
    ...(r.group === undefined ? {} : { group: r.group }),
    ...(r.inhibitedBy === undefined ? {} : { inhibitedBy: r.inhibitedBy }),
  });
const same = (value: number): number => value;

const alertRuleUnion = z.discriminatedUnion('metric', [
  z.strictObject({ metric: z.literal(ALERT_THRESHOLD_UNITS.percentage), threshold: percentRatio.describe('a percentage, like 99.9%'), ...ruleFields }).transform(rule(same)),
  z.strictObject({ metric: z.literal(ALERT_THRESHOLD_UNITS.duration), threshold: durationUs.describe('a duration, like 500ms'), ...ruleFields }).transform(rule((us) => us / US_PER_MS)),
  z.strictObject({ metric: z.literal(ALERT_THRESHOLD_UNITS.rate), threshold: ratePerS.describe('a rate, like 100rps'), ...ruleFields }).transform(rule(same)),
  z.strictObject({ metric: z.literal(ALERT_THRESHOLD_UNITS.number), threshold: z.number().describe('a number (health: 1 passing, 0 failing)'), ...ruleFields }).transform(rule(same)),
]);

/** The metrics an alert rule accepts (a test checks they are sim-core's ALERT_METRICS). */
export const ALERT_SECTION_METRICS: readonly string[] = alertRuleUnion.options.flatMap((option) => [...option.in.shape.metric.values] as string[]);

export const ALERTING_DEFAULTS = Object.freeze({ groupWait: '30s', repeatInterval: '5m' });

const alerting = z
  .strictObject({
    rules: z.array(alertRuleUnion).describe('the alert rules'),
    notify: z
      .strictObject({
        groupWait: durationUs.prefault(ALERTING_DEFAULTS.groupWait).describe(`how long a group's first alert waits for others before its page goes out (default ${ALERTING_DEFAULTS.groupWait}, Alertmanager's)`),
        repeatInterval: durationUs
          .prefault(ALERTING_DEFAULTS.repeatInterval)
          .describe(`after a group's first page, how often it is re-examined and the alerts fired meanwhile paged together (default ${ALERTING_DEFAULTS.repeatInterval}, Alertmanager's group_interval)`),
      })
      .prefault({})
      .describe('the notification policy'),
  })
  .transform((a): AlertingConfig => ({ rules: a.rules, groupWaitUs: a.notify.groupWait, repeatIntervalUs: a.notify.repeatInterval }));

// ---------------------------------------------------------------------------------------------
// backups

const backup = z
  .strictObject({
    store: name.describe('the data store backed up'),
    snapshots: z
      .strictObject({
        every: durationUs.describe('time between two snapshots'),
        offset: durationUs.prefault('0s').describe('the phase of the schedule, less than every (default 0s)'),
        size: sizeBytes.describe('one snapshot (the whole dataset), like 200GiB'),
        retained: z.number().int().min(1).default(1).describe('full snapshots kept in storage, for the cost (default 1)'),
      })
      .describe('the snapshot schedule'),
    restore: z
      .strictObject({
        rate: bytesPerS.describe('how fast a snapshot is copied back, like 500MiB/s'),
        steps: z.array(operationStep).default([]).describe("the runbook's fixed steps before the copy (default none)"),
      })
      .describe('how a restore runs'),
    logShipping: z
      .strictObject({
        lag: durationUs.describe("from a write's acknowledgement to its log record in the archive"),
        replayTime: percentRatio.prefault('0%').describe('restore time per time of history replayed, like 10% (default 0%: replay not modelled)'),
      })
      .optional()
      .describe('continuous log shipping for point-in-time recovery (absent: snapshots only)'),
    detection: z
      .strictObject({ alert: name.optional().describe('the alert rule whose firing starts the restore'), after: durationUs.optional().describe('a fixed delay from the deletion to someone noticing') })
      .superRefine((d, ctx) => {
        if ((d.alert === undefined) === (d.after === undefined)) ctx.addIssue({ code: 'custom', message: 'a detection needs exactly one of alert (a rule whose firing starts the restore) or after (a delay from the deletion)' });
      })
      .describe('how a deletion is noticed: { alert: rule } or { after: 10m }'),
  })
  .transform(
    (b): StoreBackupConfig => ({
      store: b.store,
      ...(b.detection.alert === undefined ? { detection: 'after', detectAfterUs: b.detection.after } : { detection: 'alert', alert: b.detection.alert }),
      snapshotIntervalUs: b.snapshots.every,
      snapshotOffsetUs: b.snapshots.offset,
      snapshotSizeBytes: b.snapshots.size,
      restoreBytesPerS: b.restore.rate,
      restoreSteps: b.restore.steps,
      ...(b.logShipping === undefined ? {} : { logShipping: { lagUs: b.logShipping.lag, replayTimeRatio: b.logShipping.replayTime } }),
      retainedSnapshots: b.snapshots.retained,
    }),
  );

/** The keys of a backup's detection mapping (a test checks they are sim-core's RESTORE_DETECTIONS). */
export const BACKUP_DETECTION_KEYS: readonly string[] = Object.keys(backup.in.shape.detection.shape);

// ---------------------------------------------------------------------------------------------
// deployments

const deployFields = {
  service: name.describe('the service that gets the new version'),
  region: name.optional().describe('one region (absent: every region where the service is placed, each with its own plan)'),
  at: durationUs.describe("when the deployment starts, from the run's start"),
  rollback: z
    .strictObject({
      onAlerts: z.array(name).min(1).describe('the alert rules whose firing rolls it back'),
      ramp: durationUs.prefault('0s').describe("the new version's share falls to 0 over it (default 0s: at once)"),
    })
    .optional()
    .describe('automatic rollback (absent: none)'),
};
type DeployFields = { service: string; region?: string; at: number; rollback?: { onAlerts: string[]; ramp: number } };
const deployment = (d: DeployFields, strategy: DeploymentStrategy): EngineDeploymentConfig => ({
  service: d.service,
  ...(d.region === undefined ? {} : { region: d.region }),
  atUs: d.at,
  strategy,
  ...(d.rollback === undefined ? {} : { rollback: { onAlerts: d.rollback.onAlerts, rollbackUs: d.rollback.ramp } }),
});

const deploymentUnion = z.discriminatedUnion('strategy', [
  z
    .strictObject({
      strategy: z.literal('rolling'),
      batchSize: z
        .strictObject({ instances: z.number().int().min(1).optional().describe('a fixed number of instances'), ratio: percentRatio.optional().describe('a share of the fleet, rounded up, like 25%') })
        .superRefine((b, ctx) => {
          if ((b.instances === undefined) === (b.ratio === undefined)) ctx.addIssue({ code: 'custom', message: 'a batch size needs exactly one of instances (a count) or ratio (a share of the fleet, like 25%)' });
        })
        .describe('{ instances: 2 } or { ratio: 25% } (a big-bang deploy: { ratio: 100% })'),
      batchInterval: durationUs.describe('between two batches'),
      ...deployFields,
    })
    .transform((d) => deployment(d, { kind: 'rolling', batchSize: d.batchSize.instances === undefined ? { ratio: d.batchSize.ratio ?? 0 } : { instances: d.batchSize.instances }, batchIntervalUs: d.batchInterval })),
  z
    .strictObject({
      strategy: z.literal('canary'),
      steps: z
        .array(z.strictObject({ share: percentRatio.describe('of the traffic, like 5%'), duration: durationUs }).transform((s) => ({ share: s.share, durationUs: s.duration })))
        .min(1)
        .describe('the partial shares in order; the whole traffic once the last one ends'),
      ...deployFields,
    })
    .transform((d) => deployment(d, { kind: 'canary', steps: d.steps })),
  z
    .strictObject({
      strategy: z.literal('blue-green'),
      switchAfter: durationUs.describe("from the start to the switch (green's startup and checks)"),
      keepOld: durationUs.describe('from the switch to retiring the old fleet'),
      ...deployFields,
    })
    .transform((d) => deployment(d, { kind: 'blue-green', switchAfterUs: d.switchAfter, keepOldUs: d.keepOld })),
]);

/** The strategies a deploy accepts (a test checks they are sim-core's DEPLOYMENT_STRATEGY_KINDS). */
export const DEPLOY_SECTION_STRATEGIES: readonly string[] = deploymentUnion.options.map((option) => option.in.shape.strategy.value);

// ---------------------------------------------------------------------------------------------
// migration

const migration = z
  .strictObject({
    from: name.describe('the environment or region traffic moves from'),
    to: name.describe('the one it moves to'),
    weights: z
      .array(z.strictObject({ at: durationUs, toShare: percentRatio.describe("the to side's share of the traffic, like 25%") }).transform((w) => ({ atUs: w.at, toShare: w.toShare })))
      .min(1)
      .describe('the cutover: straight lines between the points (two at one time: a jump)'),
    dualRunning: z.boolean().default(false).describe('both sides at full capacity with dual writes from the first point to the last (default false)'),
    writeFreeze: z
      .strictObject({ start: durationUs, duration: durationUs })
      .transform((w) => ({ startUs: w.start, durationUs: w.duration }))
      .optional()
      .describe('every write rejected over [start, start + duration) (absent: none)'),
  })
  .transform((m): MigrationConfig => ({ from: m.from, to: m.to, weights: m.weights, dualRunning: m.dualRunning, ...(m.writeFreeze === undefined ? {} : { writeFreeze: m.writeFreeze }) }));

// ---------------------------------------------------------------------------------------------
// the section

/** What the section resolves to: the model's operations fields, each absent when its part is. */
export type OperationsOutput = Pick<ModelConfig, 'failovers' | 'alerting' | 'backups' | 'deployments' | 'migration'>;

export const failoverSchema: z.ZodType<StoreFailoverConfig> = failover;
export const alertingSchema: z.ZodType<AlertingConfig> = alerting;
export const alertRuleSchema: z.ZodType<AlertRuleConfig> = alertRuleUnion;
export const backupSchema: z.ZodType<StoreBackupConfig> = backup;
export const deploymentSchema: z.ZodType<EngineDeploymentConfig> = deploymentUnion;
export const migrationSchema: z.ZodType<MigrationConfig> = migration;

export const operationsSchema: z.ZodType<OperationsOutput> = z
  .strictObject({
    failover: z.array(failover).optional().describe('active-passive failovers of single-primary stores (absent: none)'),
    alerts: alerting.optional().describe('alert rules and their notification policy (absent: none)'),
    backups: z.array(backup).optional().describe('one entry per backed-up store (absent: no backups, a deletion is never restored)'),
    deploys: z.array(deploymentUnion).optional().describe('deployments of new versions (absent: none)'),
    migration: migration.optional().describe('a phased move of traffic (absent: none)'),
  })
  .transform(
    (o): OperationsOutput => ({
      ...(o.failover === undefined ? {} : { failovers: o.failover }),
      ...(o.alerts === undefined ? {} : { alerting: o.alerts }),
      ...(o.backups === undefined ? {} : { backups: o.backups }),
      ...(o.deploys === undefined ? {} : { deployments: o.deploys }),
      ...(o.migration === undefined ? {} : { migration: o.migration }),
    }),
  );
