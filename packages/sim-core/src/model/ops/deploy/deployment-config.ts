import { describeValue } from '../../../assert.js';
import { checkOneOf, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';

/** A rolling batch: a fixed number of instances, or a fraction of the fleet (rounded up, at least 1). */
export type RollingBatchSize = { readonly instances: number; readonly ratio?: never } | { readonly ratio: number; readonly instances?: never };

/**
 * Replace the fleet in place, one batch at a time: batch k (0-based) runs the new version from
 * atUs + k · batchIntervalUs on. The share is of instances (the balancer spreads traffic evenly,
 * so it is also the share of traffic). A big-bang deploy is `batchSize: { ratio: 1 }`.
 */
export interface RollingStrategy {
  readonly kind: 'rolling';
  readonly batchSize: RollingBatchSize;
  /** Between two batches, µs (a whole number > 0). */
  readonly batchIntervalUs: number;
}

/** One canary step: the new version takes `share` of the traffic for `durationUs`. */
export interface CanaryStep {
  /** A fraction of the traffic in (0, 1]. */
  readonly share: number;
  /** µs (a whole number > 0). */
  readonly durationUs: number;
}

/**
 * Shift traffic in steps: steps[0] from atUs, each next one when the previous one's duration is
 * over, and the whole traffic once the last step ends (so the steps list only the partial shares).
 */
export interface CanaryStrategy {
  readonly kind: 'canary';
  readonly steps: readonly CanaryStep[];
}

/**
 * A second, full fleet (green) with the new version starts at atUs and takes no traffic; at
 * atUs + switchAfterUs all traffic switches to it at once; the old fleet (blue) stays up for
 * keepOldUs more, so two fleets run from atUs to the plan's end.
 */
export interface BlueGreenStrategy {
  readonly kind: 'blue-green';
  /** From the deployment's start to the switch, µs (a whole number >= 0): green's startup and checks. */
  readonly switchAfterUs: number;
  /** From the switch to retiring the old fleet, µs (a whole number >= 0). */
  readonly keepOldUs: number;
}

export type DeploymentStrategy = RollingStrategy | CanaryStrategy | BlueGreenStrategy;
export type DeploymentStrategyKind = DeploymentStrategy['kind'];
export const DEPLOYMENT_STRATEGY_KINDS: readonly DeploymentStrategyKind[] = ['rolling', 'canary', 'blue-green'];

/**
 * Automatic rollback: when any of the named alert rules fires at or after the deployment's
 * start, the new version's share ramps linearly from its value then down to 0 over rollbackUs
 * (0: at once), whatever the strategy (see `newVersionShare`).
 */
export interface DeploymentRollback {
  /** Names of alert rules (non-empty). */
  readonly onAlerts: readonly string[];
  /** The rollback's own ramp, µs (a whole number >= 0). */
  readonly rollbackUs: number;
}

/** A new version of one service, every unit resolved. */
export interface DeploymentConfig {
  readonly service: string;
  /** When the deployment starts, µs (a whole number >= 0). */
  readonly atUs: number;
  readonly strategy: DeploymentStrategy;
  /** Absent: no automatic rollback. */
  readonly rollback?: DeploymentRollback;
}

/**
 * The problems in a deployment config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws, and checks types too (the config may come from YAML through
 * a cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateDeployment(config: DeploymentConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a deployment must be an object { service, atUs, strategy, rollback? }, got ${describeValue(config)}`);
    return problems;
  }
  if (!(typeof config.service === 'string' && config.service.length > 0)) {
    problems.push(`${prefix}service must be a non-empty string naming the service, got ${describeValue(config.service)}`);
  }
  checkWholeUs(problems, prefix, 'atUs', config.atUs, 0);
  validateStrategy(problems, prefix, config.strategy);
  if (config.rollback !== undefined) validateRollback(problems, prefix, config.rollback);
  return problems;
}

function validateStrategy(problems: string[], prefix: string, strategy: unknown): void {
  if (!isRecord(strategy)) {
    problems.push(
      `${prefix}strategy must be an object { kind: "rolling", batchSize, batchIntervalUs }, { kind: "canary", steps } or { kind: "blue-green", switchAfterUs, keepOldUs }, got ${describeValue(strategy)}`,
    );
    return;
  }
  if (!checkOneOf(problems, prefix, 'strategy.kind', strategy.kind, DEPLOYMENT_STRATEGY_KINDS)) return;
  const kind = strategy.kind as DeploymentStrategyKind;
  switch (kind) {
    case 'rolling':
      validateBatchSize(problems, prefix, strategy.batchSize);
      checkWholeUs(problems, prefix, 'strategy.batchIntervalUs', strategy.batchIntervalUs, 1);
      return;
    case 'canary':
      validateCanarySteps(problems, prefix, strategy.steps);
      return;
    case 'blue-green':
      checkWholeUs(problems, prefix, 'strategy.switchAfterUs', strategy.switchAfterUs, 0);
      checkWholeUs(problems, prefix, 'strategy.keepOldUs', strategy.keepOldUs, 0);
      return;
    default: {
      const unreachable: never = kind;
      throw new Error(`unreachable strategy kind ${String(unreachable)}`);
    }
  }
}

function validateBatchSize(problems: string[], prefix: string, batch: unknown): void {
  const expected = 'an object { instances } (a whole number > 0) or { ratio } (a fraction of the fleet in (0, 1])';
  if (!isRecord(batch)) {
    problems.push(`${prefix}strategy.batchSize must be ${expected}, got ${describeValue(batch)}`);
    return;
  }
  const hasInstances = batch.instances !== undefined;
  const hasRatio = batch.ratio !== undefined;
  if (hasInstances === hasRatio) {
    problems.push(`${prefix}strategy.batchSize must give exactly one of instances and ratio, got ${hasInstances ? 'both' : 'neither'}`);
    return;
  }
  if (hasInstances && !(Number.isSafeInteger(batch.instances) && (batch.instances as number) >= 1)) {
    problems.push(`${prefix}strategy.batchSize.instances must be a whole number of instances > 0, got ${describeValue(batch.instances)}`);
  }
  const ratio = batch.ratio;
  if (hasRatio && !(typeof ratio === 'number' && ratio > 0 && ratio <= 1)) {
    problems.push(`${prefix}strategy.batchSize.ratio must be a fraction of the fleet in (0, 1] (not a percentage), got ${describeValue(ratio)}`);
  }
}

function validateCanarySteps(problems: string[], prefix: string, steps: unknown): void {
  if (!(Array.isArray(steps) && steps.length > 0)) {
    problems.push(`${prefix}strategy.steps must be a non-empty array of { share, durationUs } (a canary without steps is a big-bang deploy: use rolling with batchSize { ratio: 1 }), got ${describeValue(steps)}`);
    return;
  }
  steps.forEach((step: unknown, i) => {
    const at = `strategy.steps[${i}]`;
    if (!isRecord(step)) {
      problems.push(`${prefix}${at} must be an object { share, durationUs }, got ${describeValue(step)}`);
      return;
    }
    const share = step.share;
    if (!(typeof share === 'number' && share > 0 && share <= 1)) {
      problems.push(`${prefix}${at}.share must be a fraction of the traffic in (0, 1] (not a percentage), got ${describeValue(share)}`);
    }
    checkWholeUs(problems, prefix, `${at}.durationUs`, step.durationUs, 1);
  });
}

function validateRollback(problems: string[], prefix: string, rollback: unknown): void {
  if (!isRecord(rollback)) {
    problems.push(`${prefix}rollback, when given, must be an object { onAlerts, rollbackUs }, got ${describeValue(rollback)}`);
    return;
  }
  const alerts = rollback.onAlerts;
  if (!(Array.isArray(alerts) && alerts.length > 0)) {
    problems.push(`${prefix}rollback.onAlerts must be a non-empty array of alert rule names, got ${describeValue(alerts)}`);
  } else {
    alerts.forEach((alert: unknown, i) => {
      if (!(typeof alert === 'string' && alert.length > 0)) {
        problems.push(`${prefix}rollback.onAlerts[${i}] must be a non-empty string naming an alert rule, got ${describeValue(alert)}`);
      }
    });
  }
  checkWholeUs(problems, prefix, 'rollback.rollbackUs', rollback.rollbackUs, 0);
}
