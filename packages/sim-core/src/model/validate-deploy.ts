import { describeValue } from '../assert.js';
import { DEPLOYMENT_STRATEGY_KINDS, validateDeployment } from './ops/deploy/deployment-config.js';
import type { DeploymentConfig, DeploymentStrategyKind } from './ops/deploy/deployment-config.js';
import { validateMigration } from './ops/deploy/migration-config.js';
import type { MigrationConfig } from './ops/deploy/migration-config.js';
import { isRecord } from './resilience/validate.js';
import { asRecords, attach, listAt, strings, unknownFields } from './validate-data-ops.js';
import { suggest } from './validate-references.js';
import type { ModelProblem } from './validate-references.js';

type Json = Record<string, unknown>;
type Report = (path: string, message: string) => void;

const DEPLOYMENT_FIELDS = ['service', 'region', 'atUs', 'strategy', 'rollback'];
const STRATEGY_FIELDS: Record<DeploymentStrategyKind, readonly string[]> = {
  rolling: ['kind', 'batchSize', 'batchIntervalUs'],
  canary: ['kind', 'steps'],
  'blue-green': ['kind', 'switchAfterUs', 'keepOldUs'],
};
const MIGRATION_FIELDS = ['from', 'to', 'weights', 'dualRunning', 'writeFreeze'];

/**
 * The problems of the `deployments` and `migration` sections and of the `bad-deploy` faults,
 * each with its path (`deployments[0].strategy.steps[1].share`), in the manner of
 * validateDataAndOps: the parts' own validators for the numbers, unknown fields with a
 * suggestion, then — once the shapes are sound — the names: the service exists, the region is
 * one of its placements, rollback alerts name alert rules, the atUs lies inside the run, a
 * bad-deploy fault has a deployment of its service, the migration's regions exist and host the
 * entry service. Never throws, whatever the values.
 */
export function validateDeploysAndMigration(model: Json): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const report: Report = (path, message) => void problems.push({ path, message });
  const deployments = listAt(report, model, 'deployments');
  deployments.forEach((deployment, i) => checkDeploymentShape(report, deployment, `deployments[${i}]`));
  const migration = model.migration;
  if (migration !== undefined) {
    if (isRecord(migration)) checkMigrationShape(report, migration);
    else report('migration', `migration, when given, must be an object { from, to, weights, dualRunning, writeFreeze? }, got ${describeValue(migration)}`);
  }
  if (problems.length === 0) checkNames(report, model, deployments as unknown as DeploymentConfig[], isRecord(migration) ? (migration as unknown as MigrationConfig) : null);
  return problems;
}

function checkDeploymentShape(report: Report, deployment: Json, path: string): void {
  attach(report, path, validateDeployment(deployment as never), new Set(DEPLOYMENT_FIELDS));
  const region = deployment.region;
  if (region !== undefined && !(typeof region === 'string' && region.length > 0)) {
    report(`${path}.region`, `region, when given, must be a non-empty string naming one of the service's regions (absent: every region the service runs in), got ${describeValue(region)}`);
  }
  unknownFields(report, path, deployment, DEPLOYMENT_FIELDS, 'a deployment');
  const strategy = deployment.strategy;
  if (isRecord(strategy) && typeof strategy.kind === 'string' && (DEPLOYMENT_STRATEGY_KINDS as readonly string[]).includes(strategy.kind)) {
    const kind = strategy.kind as DeploymentStrategyKind;
    unknownFields(report, `${path}.strategy`, strategy, STRATEGY_FIELDS[kind], `a ${kind} strategy`);
    if (isRecord(strategy.batchSize)) unknownFields(report, `${path}.strategy.batchSize`, strategy.batchSize, ['instances', 'ratio'], 'a batch size');
    if (Array.isArray(strategy.steps)) {
      Array.from(strategy.steps as unknown[]).forEach((step, k) => {
        if (isRecord(step)) unknownFields(report, `${path}.strategy.steps[${k}]`, step, ['share', 'durationUs'], 'a canary step');
      });
    }
  }
  if (isRecord(deployment.rollback)) unknownFields(report, `${path}.rollback`, deployment.rollback, ['onAlerts', 'rollbackUs'], 'a rollback');
}

function checkMigrationShape(report: Report, migration: Json): void {
  attach(report, 'migration', validateMigration(migration as never), new Set(MIGRATION_FIELDS));
  unknownFields(report, 'migration', migration, MIGRATION_FIELDS, 'a migration');
  if (Array.isArray(migration.weights)) {
    Array.from(migration.weights as unknown[]).forEach((weight, k) => {
      if (isRecord(weight)) unknownFields(report, `migration.weights[${k}]`, weight, ['atUs', 'toShare'], 'a migration weight');
    });
  }
  if (isRecord(migration.writeFreeze)) unknownFields(report, 'migration.writeFreeze', migration.writeFreeze, ['startUs', 'durationUs'], 'a write freeze');
}

/** Names, once every shape above is sound (the deployments and the migration are then typed). */
function checkNames(report: Report, model: Json, deployments: readonly DeploymentConfig[], migration: MigrationConfig | null): void {
  const regionsKnown = Array.isArray(model.regions);
  const regions = new Set(strings(asRecords(model.regions).map((region) => region.id)));
  const placements = new Map<string, string[]>();
  for (const service of asRecords(model.services)) {
    if (typeof service.id === 'string') placements.set(service.id, strings(asRecords(service.placements).map((placement) => placement.region)));
  }
  const rules = isRecord(model.alerting) ? strings(asRecords(model.alerting.rules).map((rule) => rule.name)) : [];
  const durationUs = typeof model.durationUs === 'number' ? model.durationUs : Number.POSITIVE_INFINITY;
  deployments.forEach((deployment, i) => {
    const path = `deployments[${i}]`;
    const where = placements.get(deployment.service);
    if (where === undefined) {
      report(`${path}.service`, `unknown service "${deployment.service}"${suggest(deployment.service, placements.keys())}`);
    } else {
      const region = (deployment as { region?: string }).region;
      if (region !== undefined) checkPlacedIn(report, `${path}.region`, region, deployment.service, where, regionsKnown ? regions : null);
      else if (where.length === 0) report(`${path}.service`, `service "${deployment.service}" runs in no region: the deployment has no fleet to replace`);
    }
    if (deployment.atUs >= durationUs) report(`${path}.atUs`, `the deployment starts at ${deployment.atUs} µs, outside the run (0 to ${durationUs} µs)`);
    checkPlanEnd(report, `${path}.strategy`, deployment, fleetBound(model, deployment.service));
    deployment.rollback?.onAlerts.forEach((alert, k) => {
      if (rules.includes(alert)) return;
      const known = rules.length === 0 ? ' (the config has no alerting rules)' : suggest(alert, rules);
      report(`${path}.rollback.onAlerts[${k}]`, `no alert rule is named "${alert}"${known}`);
    });
  });
  checkBadDeployFaults(report, model, deployments, placements);
  if (migration === null) return;
  const routing = isRecord(model.routing) ? model.routing : {};
  const entry = typeof routing.entryService === 'string' ? routing.entryService : '';
  const entryRegions = placements.get(entry);
  for (const side of ['from', 'to'] as const) {
    const region = migration[side];
    if (regionsKnown && !regions.has(region)) report(`migration.${side}`, `unknown region "${region}"${suggest(region, regions)}`);
    else if (entryRegions !== undefined && !entryRegions.includes(region)) {
      report(`migration.${side}`, `the entry service "${entry}" has no placement in region "${region}", so users cannot be served there (it runs in ${entryRegions.join(', ') || 'no region'})`);
    }
  }
}

/**
 * The most instances the deployment's fleet can hold at its start: the larger of the service's
 * largest placement and the instance limit (what an autoscaler may reach), at least 1.
 */
function fleetBound(model: Json, service: string): number {
  const limit = isRecord(model.limits) && typeof model.limits.instancesMax === 'number' ? model.limits.instancesMax : 1;
  const config = asRecords(model.services).find((s) => s.id === service);
  const placed = asRecords(config?.placements).map((placement) => (typeof placement.instances === 'number' ? placement.instances : 1));
  return Math.max(1, limit, ...placed.filter((count) => Number.isFinite(count)));
}

/**
 * planDeployment refuses a plan whose end is not a safe integer of µs; the engine plans at the
 * deployment's start, so the same bound is checked here (for rolling, over the most batches any
 * fleet up to `fleetMax` can need), and a config validateModel accepts never throws in the run.
 */
function checkPlanEnd(report: Report, path: string, deployment: DeploymentConfig, fleetMax: number): void {
  const strategy = deployment.strategy;
  let endUs: number;
  switch (strategy.kind) {
    case 'rolling': {
      const size = strategy.batchSize;
      // batches = ⌈fleet / per⌉ with per = b (at most the fleet) or max(1, ⌈ratio · fleet⌉) >= ratio · fleet.
      const batches = size.instances !== undefined ? Math.ceil(fleetMax / Math.min(size.instances, fleetMax)) : Math.min(fleetMax, Math.ceil(1 / size.ratio) + 1);
      endUs = deployment.atUs + (batches - 1) * strategy.batchIntervalUs;
      break;
    }
    case 'canary':
      endUs = strategy.steps.reduce((at, step) => at + step.durationUs, deployment.atUs);
      break;
    case 'blue-green':
      endUs = deployment.atUs + strategy.switchAfterUs + strategy.keepOldUs;
      break;
    default: {
      // The shapes were checked first, so every kind is known here; validateModel never throws.
      const unreachable: never = strategy;
      void unreachable;
      return;
    }
  }
  if (!Number.isSafeInteger(endUs)) {
    report(path, `the ${strategy.kind} plan would end at about ${endUs} µs, beyond the safe integers of µs (${Number.MAX_SAFE_INTEGER}): shorten its steps, intervals or waits`);
  }
}

function checkPlacedIn(report: Report, path: string, region: string, service: string, where: readonly string[], regions: ReadonlySet<string> | null): void {
  if (regions !== null && !regions.has(region)) report(path, `unknown region "${region}"${suggest(region, regions)}`);
  else if (!where.includes(region)) report(path, `service "${service}" does not run in region "${region}" (it runs in ${where.join(', ') || 'no region'})`);
}

/** A bad-deploy fault hits the new version of a service: some deployment must bring one. */
function checkBadDeployFaults(report: Report, model: Json, deployments: readonly DeploymentConfig[], placements: ReadonlyMap<string, readonly string[]>): void {
  if (!Array.isArray(model.faults)) return;
  const deployed = new Set(deployments.map((deployment) => deployment.service));
  Array.from(model.faults as unknown[]).forEach((fault, i) => {
    if (!isRecord(fault) || fault.kind !== 'bad-deploy' || typeof fault.service !== 'string') return;
    // An unknown service is reported with the other fault targets (validate-references.ts).
    if (!placements.has(fault.service) || deployed.has(fault.service)) return;
    const others = [...deployed];
    report(
      `faults[${i}].service`,
      `a bad-deploy fault hits the new version of "${fault.service}", but no deployment of "${fault.service}" is configured (${others.length === 0 ? 'the config has no deployments' : `deployed: ${others.join(', ')}`})`,
    );
  });
}
