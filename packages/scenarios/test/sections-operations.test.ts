import { ALERT_METRICS, DEPLOYMENT_STRATEGY_KINDS, RESTORE_DETECTIONS, validateAlerting, validateBackup, validateDeployment, validateDistributionConfig, validateFailover, validateMigration, validateModel } from '@stormglass/sim-core';
import type { DistributionConfig } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { regionLossModels } from '../src/catalog/region-loss.js';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { ALERT_SECTION_METRICS, BACKUP_DETECTION_KEYS, DEPLOY_SECTION_STRATEGIES, DURATION_DISTRIBUTION_KINDS, operationsSchema } from '../src/language/sections/operations.js';
import { formatProblem, parseSource } from '../src/language/source.js';

// The operations section: failovers, alerts, backups, deployments and a migration, to sim-core's types.

function parse(text: string) {
  const source = parseSource(text, 'operations.yaml');
  const result = operationsSchema.safeParse(source.value, { reportInput: true });
  return { result, problems: result.success ? [] : problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(operationsSchema, path, source.value)).map(formatProblem) };
}

function resolve(text: string) {
  const { result, problems } = parse(text);
  expect(problems).toEqual([]);
  if (!result.success) throw new Error('did not resolve');
  return result.data;
}

const S = 1_000_000;
const MIN = 60 * S;
const H = 60 * MIN;

const FAILOVER = `failover:
  - store: orders
    standby: eu-west
    routing: follow-primary
    mode: manual
    detection: alert
    alert: db-down
    decision: 30s
    promotion: 1m
    human:
      response: { kind: lognormal, median: 5m, p99: 30m }
      runbook:
        - { step: confirm the outage, duration: 2m }
        - { step: run the promotion script, duration: 30s }
  - { store: carts, standby: us-west, routing: independent, mode: automatic, decision: 10s, promotion: 45s }
`;

const ALERTS = `alerts:
  rules:
    - { name: high-errors, metric: error-ratio, comparator: '>', threshold: 5%, for: 1m, evaluationInterval: 15s, severity: page, scope: { region: us-east } }
    - { name: slow, metric: p99-ms, comparator: '>=', threshold: 500ms, evaluationInterval: 15s, severity: ticket, group: latency, inhibitedBy: [high-errors] }
    - { name: busy, metric: request-rate-per-s, comparator: '>', threshold: 2krps, evaluationInterval: 30s, severity: ticket, scope: { service: web, endpoint: checkout } }
    - { name: down, metric: health, comparator: '<', threshold: 1, evaluationInterval: 10s, severity: page }
  notify: { repeatInterval: 10m }
`;

const BACKUPS = `backups:
  - store: orders
    snapshots: { every: 1h, offset: 15m, size: 200GiB, retained: 7 }
    restore:
      rate: 500MiB/s
      steps: [{ step: provision the restore host, duration: 10m }]
    logShipping: { lag: 5s, replayTime: 10% }
    detection: { alert: high-errors }
  - store: carts
    snapshots: { every: 6h, size: 2GB }
    restore: { rate: 100MB/s }
    detection: { after: 20m }
`;

const DEPLOYS = `deploys:
  - service: web
    strategy: canary
    at: 10m
    steps: [{ share: 5%, duration: 10m }, { share: 50%, duration: 5m }]
    rollback: { onAlerts: [high-errors], ramp: 30s }
  - { service: api, region: us-east, strategy: rolling, at: 1h, batchSize: { ratio: 25% }, batchInterval: 5m }
  - { service: api, region: eu-west, strategy: rolling, at: 1h, batchSize: { instances: 2 }, batchInterval: 2m, rollback: { onAlerts: [slow] } }
  - { service: web, strategy: blue-green, at: 2h, switchAfter: 5m, keepOld: 30m }
`;

const MIGRATION = `migration:
  from: us-east
  to: eu-west
  weights: [{ at: 0s, toShare: 0% }, { at: 30m, toShare: 10% }, { at: 1h, toShare: 10% }, { at: 1h, toShare: 100% }]
  dualRunning: true
  writeFreeze: { start: 1h, duration: 2m }
`;

describe('operations section', () => {
  it('covers sim-core\'s alert metrics, deployment strategies, restore detections and distribution kinds', () => {
    expect([...ALERT_SECTION_METRICS].sort()).toEqual([...ALERT_METRICS].sort());
    expect([...DEPLOY_SECTION_STRATEGIES].sort()).toEqual([...DEPLOYMENT_STRATEGY_KINDS].sort());
    expect([...BACKUP_DETECTION_KEYS].sort()).toEqual([...RESTORE_DETECTIONS].sort());
    // Every key is required by the type, so a distribution kind added to sim-core fails the typecheck here.
    const kinds: Record<DistributionConfig['kind'], true> = { constant: true, uniform: true, exponential: true, normal: true, lognormal: true, pareto: true, empirical: true };
    expect([...DURATION_DISTRIBUTION_KINDS].sort()).toEqual(Object.keys(kinds).sort());
  });

  it('leaves absent parts absent', () => {
    expect(resolve('{}\n')).toEqual({});
    expect(Object.keys(resolve(MIGRATION))).toEqual(['migration']);
  });

  it('failover: a manual one with its human and an automatic one detected by the health check', () => {
    const { failovers } = resolve(FAILOVER);
    expect(failovers).toEqual([
      {
        store: 'orders',
        standby: 'eu-west',
        routing: 'follow-primary',
        mode: 'manual',
        detection: 'alert',
        alert: 'db-down',
        decisionUs: 30 * S,
        human: {
          response: { kind: 'lognormal', median: 5 * MIN, p99: 30 * MIN },
          runbook: [
            { step: 'confirm the outage', durationUs: 2 * MIN },
            { step: 'run the promotion script', durationUs: 30 * S },
          ],
        },
        promotionUs: MIN,
      },
      { store: 'carts', standby: 'us-west', routing: 'independent', mode: 'automatic', detection: 'health-check', decisionUs: 10 * S, promotionUs: 45 * S },
    ]);
  });

  it('alerts: thresholds in their metric\'s unit, the scope, and the notification defaults', () => {
    const { alerting } = resolve(ALERTS);
    expect(alerting).toEqual({
      rules: [
        { name: 'high-errors', metric: 'error-ratio', scope: { region: 'us-east' }, comparator: '>', threshold: 0.05, forUs: MIN, evaluationIntervalUs: 15 * S, severity: 'page' },
        { name: 'slow', metric: 'p99-ms', scope: {}, comparator: '>=', threshold: 500, forUs: 0, evaluationIntervalUs: 15 * S, severity: 'ticket', group: 'latency', inhibitedBy: ['high-errors'] },
        { name: 'busy', metric: 'request-rate-per-s', scope: { service: 'web', endpoint: 'checkout' }, comparator: '>', threshold: 2000, forUs: 0, evaluationIntervalUs: 30 * S, severity: 'ticket' },
        { name: 'down', metric: 'health', scope: {}, comparator: '<', threshold: 1, forUs: 0, evaluationIntervalUs: 10 * S, severity: 'page' },
      ],
      groupWaitUs: 30 * S,
      repeatIntervalUs: 10 * MIN,
    });
  });

  it('backups: snapshots, restore, log shipping and both detections, the defaults filled in', () => {
    const { backups } = resolve(BACKUPS);
    expect(backups).toEqual([
      {
        store: 'orders',
        detection: 'alert',
        alert: 'high-errors',
        snapshotIntervalUs: H,
        snapshotOffsetUs: 15 * MIN,
        snapshotSizeBytes: 200 * 2 ** 30,
        restoreBytesPerS: 500 * 2 ** 20,
        restoreSteps: [{ step: 'provision the restore host', durationUs: 10 * MIN }],
        logShipping: { lagUs: 5 * S, replayTimeRatio: 0.1 },
        retainedSnapshots: 7,
      },
      { store: 'carts', detection: 'after', detectAfterUs: 20 * MIN, snapshotIntervalUs: 6 * H, snapshotOffsetUs: 0, snapshotSizeBytes: 2e9, restoreBytesPerS: 1e8, restoreSteps: [], retainedSnapshots: 1 },
    ]);
  });

  it('deploys: canary, rolling (by share and by count) and blue-green, with rollbacks', () => {
    const { deployments } = resolve(DEPLOYS);
    expect(deployments).toEqual([
      {
        service: 'web',
        atUs: 10 * MIN,
        strategy: {
          kind: 'canary',
          steps: [
            { share: 0.05, durationUs: 10 * MIN },
            { share: 0.5, durationUs: 5 * MIN },
          ],
        },
        rollback: { onAlerts: ['high-errors'], rollbackUs: 30 * S },
      },
      { service: 'api', region: 'us-east', atUs: H, strategy: { kind: 'rolling', batchSize: { ratio: 0.25 }, batchIntervalUs: 5 * MIN } },
      { service: 'api', region: 'eu-west', atUs: H, strategy: { kind: 'rolling', batchSize: { instances: 2 }, batchIntervalUs: 2 * MIN }, rollback: { onAlerts: ['slow'], rollbackUs: 0 } },
      { service: 'web', atUs: 2 * H, strategy: { kind: 'blue-green', switchAfterUs: 5 * MIN, keepOldUs: 30 * MIN } },
    ]);
  });

  it('migration: the weights, dual running and the write freeze', () => {
    expect(resolve(MIGRATION).migration).toEqual({
      from: 'us-east',
      to: 'eu-west',
      weights: [
        { atUs: 0, toShare: 0 },
        { atUs: 30 * MIN, toShare: 0.1 },
        { atUs: H, toShare: 0.1 },
        { atUs: H, toShare: 1 },
      ],
      dualRunning: true,
      writeFreeze: { startUs: H, durationUs: 2 * MIN },
    });
    expect(resolve('migration: { from: a, to: b, weights: [{ at: 0s, toShare: 100% }] }\n').migration).toEqual({ from: 'a', to: 'b', weights: [{ atUs: 0, toShare: 1 }], dualRunning: false });
  });

  it('every resolved example is what sim-core\'s validators accept', () => {
    const all = resolve(FAILOVER + ALERTS + BACKUPS + DEPLOYS + MIGRATION);
    expect(Object.keys(all).sort()).toEqual(['alerting', 'backups', 'deployments', 'failovers', 'migration']);
    for (const failover of all.failovers ?? []) expect(validateFailover(failover)).toEqual([]);
    expect(validateAlerting(all.alerting as NonNullable<typeof all.alerting>)).toEqual([]);
    for (const backup of all.backups ?? []) expect(validateBackup(backup)).toEqual([]);
    for (const deployment of all.deployments ?? []) expect(validateDeployment(deployment)).toEqual([]);
    expect(validateMigration(all.migration as NonNullable<typeof all.migration>)).toEqual([]);
  });

  it('a whole operations section over the region-loss model passes sim-core\'s validateModel, names and all', () => {
    const active = regionLossModels().find((entry) => entry.design === 'active-passive');
    if (active === undefined) throw new Error('no active-passive design');
    const operations = resolve(`failover:
  - { store: orders, standby: eu-west, routing: follow-primary, mode: manual, detection: alert, alert: primary-down, decision: 30s, promotion: 1m,
      human: { response: { kind: normal, mean: 3m, sd: 1m, min: 0s }, runbook: [{ step: confirm, duration: 1m }] } }
alerts:
  rules:
    - { name: high-errors, metric: error-ratio, comparator: '>', threshold: 5%, for: 30s, evaluationInterval: 10s, severity: page, scope: { region: us-east } }
    - { name: primary-down, metric: health, comparator: '<', threshold: 1, evaluationInterval: 10s, severity: page, scope: { region: us-east }, inhibitedBy: [high-errors] }
    - { name: slow-checkout, metric: p99-ms, comparator: '>', threshold: 800ms, evaluationInterval: 15s, severity: ticket, scope: { service: web, endpoint: checkout } }
backups:
  - { store: orders, snapshots: { every: 1h, size: 50GiB }, restore: { rate: 400MiB/s }, logShipping: { lag: 2s }, detection: { alert: high-errors } }
deploys:
  - { service: web, strategy: canary, at: 5m, steps: [{ share: 10%, duration: 2m }], rollback: { onAlerts: [high-errors, slow-checkout] } }
  - { service: accounts, region: eu-west, strategy: rolling, at: 10m, batchSize: { ratio: 50% }, batchInterval: 1m }
  - { service: web, region: us-east, strategy: blue-green, at: 20m, switchAfter: 1m, keepOld: 2m }
migration: { from: us-east, to: eu-west, weights: [{ at: 5m, toShare: 0% }, { at: 10m, toShare: 50% }], writeFreeze: { start: 8m, duration: 30s } }
`);
    expect(validateModel({ ...active.config, ...operations })).toEqual([]);
    // And it does read them: a misspelt store is the later layer's problem, not this section's.
    const misspelt = resolve('backups: [{ store: ordres, snapshots: { every: 1h, size: 1GiB }, restore: { rate: 1GiB/s }, detection: { after: 5m } }]\n');
    expect(validateModel({ ...active.config, ...misspelt }).map((problem) => problem.path)).toEqual(['backups[0].store']);
  });

  it('every duration distribution kind resolves to a distribution sim-core builds', () => {
    const responses = ['{ kind: constant, value: 5m }', '{ kind: uniform, min: 1m, max: 10m }', '{ kind: exponential, mean: 3m }', '{ kind: normal, mean: 5m, sd: 2m, min: 0s }', '{ kind: lognormal, median: 5m, p99: 30m }', '{ kind: pareto, scale: 1m, shape: 2.5 }', '{ kind: empirical, points: [{ p: 0%, value: 1m }, { p: 50%, value: 4m }, { p: 100%, value: 20m }] }'];
    const resolved = responses.map((response) => resolve(`failover: [{ store: s, standby: r, routing: independent, mode: manual, decision: 0s, promotion: 0s, human: { response: ${response} } }]\n`).failovers?.[0].human?.response);
    expect(resolved).toEqual([
      { kind: 'constant', value: 5 * MIN },
      { kind: 'uniform', min: MIN, max: 10 * MIN },
      { kind: 'exponential', mean: 3 * MIN },
      { kind: 'normal', mean: 5 * MIN, sd: 2 * MIN, min: 0 },
      { kind: 'lognormal', median: 5 * MIN, p99: 30 * MIN },
      { kind: 'pareto', scale: MIN, shape: 2.5 },
      { kind: 'empirical', points: [{ p: 0, value: MIN }, { p: 0.5, value: 4 * MIN }, { p: 1, value: 20 * MIN }] },
    ]);
    for (const response of resolved) expect(validateDistributionConfig(response as DistributionConfig)).toEqual([]);
  });

  describe('problems, at their lines', () => {
    it('failover: a wrong routing, a misspelt field, a bad unit, a missing alert, a manual one without its human and a stray alert', () => {
      expect(
        parse(`failover:
  - { store: carts, standby: eu-west, routing: independant, mode: automatic, decison: 10s, promotion: 1 minute }
  - { store: orders, standby: eu-west, routing: follow-primary, mode: manual, detection: alert, decision: 30s, promotion: 1m }
  - { store: users, standby: eu-west, routing: follow-primary, mode: automatic, alert: db-down, decision: 30s, promotion: 1m }
`).problems,
      ).toEqual([
        'operations.yaml:2:48 failover[0].routing: not one of the allowed values (expected one of "follow-primary", "independent", found "independant") — did you mean "independent"?',
        // A missing field is placed at the mapping that lacks it.
        'operations.yaml:2:103 failover[0].promotion: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "minute") — did you mean "1 m"?',
        'operations.yaml:2:78 failover[0].decison: "decison" is not a field here (expected one of store, standby, routing, mode, detection, alert, decision, human, promotion, found "decison") — did you mean "decision"?',
        'operations.yaml:3:5 failover[1].alert: detection alert needs the alert rule whose firing detects the failure (found nothing)',
        'operations.yaml:3:5 failover[1].human: a manual failover needs its human: { response, runbook } (found nothing)',
        // Without detection: alert the rule would be silently ignored (the detection defaults to the health check).
        'operations.yaml:4:88 failover[2].alert: an alert is only read with detection alert (detection is health-check) (found "db-down")',
      ]);
    });

    it('alerts: a misspelt metric, a threshold without its unit, a reversed comparator, a misspelt scope field', () => {
      expect(
        parse(`alerts:
  rules:
    - { name: lag, metric: replication-lag-sm, comparator: '>', threshold: 5s, evaluationInterval: 15s, severity: page }
    - { name: fast, metric: p50-ms, comparator: '=>', threshold: 5, evaluationInterval: 15s, severity: page, scope: { regoin: a } }
  notify: { groupWiat: 1m }
`).problems,
      ).toEqual([
        'operations.yaml:3:28 alerts.rules[0].metric: not one of the allowed values (expected one of "availability", "error-ratio", "utilisation", "p50-ms", "p95-ms", "p99-ms", "replication-lag-ms", "request-rate-per-s", "queue-depth", "instances", "health", found "replication-lag-sm") — did you mean "replication-lag-ms"?',
        // A latency threshold is a duration (500ms), not a bare number.
        'operations.yaml:4:66 alerts.rules[1].threshold: wrong type (expected a duration with its unit, like 250ms or 5m, found 5)',
        'operations.yaml:4:119 alerts.rules[1].scope.regoin: "regoin" is not a field here (expected one of region, service, endpoint, found "regoin") — did you mean "region"?',
        'operations.yaml:4:49 alerts.rules[1].comparator: not one of the allowed values (expected one of ">", ">=", "<", "<=", found "=>") — did you mean ">="?',
        'operations.yaml:5:13 alerts.notify.groupWiat: "groupWiat" is not a field here (expected one of groupWait, repeatInterval, found "groupWiat") — did you mean "groupWait"?',
      ]);
    });

    it('backups: a misspelt field, a rate without its "/s", both detections, a bad size', () => {
      expect(
        parse(`backups:
  - store: carts
    snapshots: { every: 1h, size: 2 gigs }
    restore: { rate: 500MiBs }
    detection: { alert: high-errors, after: 10m }
    logshipping: { lag: 5s }
`).problems,
      ).toEqual([
        'operations.yaml:3:35 backups[0].snapshots.size: invalid size (expected one of B, kB, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB, found unknown unit "gigs") — did you mean "2 GiB"?',
        'operations.yaml:4:22 backups[0].restore.rate: invalid transfer rate (expected a size per second, like 500MiB/s, found "500MiBs")',
        'operations.yaml:5:16 backups[0].detection: a detection needs exactly one of alert (a rule whose firing starts the restore) or after (a delay from the deletion) (found a mapping)',
        'operations.yaml:6:5 backups[0].logshipping: "logshipping" is not a field here (expected one of store, snapshots, restore, logShipping, detection, found "logshipping") — did you mean "logShipping"?',
      ]);
    });

    it('deploys: a misspelt strategy, a misspelt field, a batch size with both forms, a bad duration', () => {
      expect(
        parse(`deploys:
  - { service: web, strategy: blue-gren, at: 1h }
  - { service: web, strategy: rolling, at: 1h, batchSize: { instances: 2, ratio: 10% }, batchIntreval: 5m }
  - { service: web, strategy: canary, at: 10 mins, steps: [{ share: 5%, duration: 10m }] }
`).problems,
      ).toEqual([
        'operations.yaml:2:31 deploys[0].strategy: not one of the allowed values (expected one of "rolling", "canary", "blue-green", found "blue-gren") — did you mean "blue-green"?',
        'operations.yaml:3:59 deploys[1].batchSize: a batch size needs exactly one of instances (a count) or ratio (a share of the fleet, like 25%) (found a mapping)',
        'operations.yaml:3:89 deploys[1].batchIntreval: "batchIntreval" is not a field here (expected one of strategy, batchSize, batchInterval, service, region, at, rollback, found "batchIntreval") — did you mean "batchInterval"?',
        'operations.yaml:4:43 deploys[2].at: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "10 m"?',
      ]);
    });

    it('migration: a misspelt field, a share without its percent, an unknown part of the section', () => {
      expect(
        parse(`migration: { from: us-east, to: eu-west, weights: [{ at: 0s, toShare: 0.5 }], writeFreze: { start: 30m, duration: 1m } }
deploy: []
`).problems,
      ).toEqual([
        // A share is a percentage (50%), not a fraction.
        'operations.yaml:1:71 migration.weights[0].toShare: wrong type (expected a percentage with its unit, like 0.1%, found 0.5)',
        'operations.yaml:1:79 migration.writeFreze: "writeFreze" is not a field here (expected one of from, to, weights, dualRunning, writeFreeze, found "writeFreze") — did you mean "writeFreeze"?',
        'operations.yaml:2:1 deploy: "deploy" is not a field here (expected one of failover, alerts, backups, deploys, migration, found "deploy") — did you mean "deploys"?',
      ]);
    });
  });
});
