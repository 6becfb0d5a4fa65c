import { describeValue } from '../../../assert.js';
import { distributionFromConfig } from '../../distribution-config.js';
import type { DistributionConfig } from '../../distribution-config.js';
import { checkOneOf, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';
import { validateOperationSteps } from '../operation-steps.js';
import type { OperationStep } from '../operation-steps.js';

const DISTRIBUTION_KINDS: readonly DistributionConfig['kind'][] = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'pareto', 'empirical'];

/** Who makes the failover decision: the automation on its own, or a paged human. */
export type FailoverMode = 'automatic' | 'manual';
export const FAILOVER_MODES: readonly FailoverMode[] = ['automatic', 'manual'];

/**
 * What tells the controller the primary is gone: global routing's region health-check verdict
 * (`RegionHealth`), or an alert rule firing (named by `alert`). The controller does not care
 * which; the engine wires the source to `FailoverController.detected`.
 */
export type FailoverDetection = 'health-check' | 'alert';
export const FAILOVER_DETECTIONS: readonly FailoverDetection[] = ['health-check', 'alert'];

/** One step of a human's failover runbook, done in order after the human responds. */
export type FailoverRunbookStep = OperationStep;

/** The human in a manual failover. */
export interface FailoverHuman {
  /**
   * From the detection (the page) to the human starting the runbook, µs: acknowledging the
   * page, getting to a keyboard, understanding the situation. One draw per failover. It must
   * not take negative values (a normal needs `min: 0`); draws are rounded to whole µs.
   */
  readonly response: DistributionConfig;
  /** Done in order after the response; may be empty. */
  readonly runbook: readonly FailoverRunbookStep[];
}

/**
 * An active-passive failover, every unit resolved. The phases after a detection at time d:
 *
 *   decide  : d → d + decisionUs (+ human response + Σ runbook durations when manual)
 *   promote : the replica is promoted, promotionUs
 *   redirect: at the promotion's end routing sends users to the new primary; cached DNS
 *             answers drain for one TTL (the routing part's `drainCompleteAtUs`).
 *
 * `decisionUs` applies in both modes (the automation's confirmation wait, or the time for the
 * page to go out); a manual failover adds the human on top of it, so "manual = automatic +
 * the human" holds term by term.
 */
export interface FailoverConfig {
  readonly mode: FailoverMode;
  readonly detection: FailoverDetection;
  /** The alert rule whose firing is the detection; required when detection is 'alert', ignored otherwise. */
  readonly alert?: string;
  /** Fixed decision time, µs (a whole number >= 0). */
  readonly decisionUs: number;
  /** Required when mode is 'manual'; ignored when 'automatic' (so one config can compare both). */
  readonly human?: FailoverHuman;
  /** From the decision to the replica accepting writes as the new primary, µs (a whole number >= 0). */
  readonly promotionUs: number;
}

/**
 * The problems in a failover config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws, and checks types too (the config may come from YAML through
 * a cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateFailover(config: FailoverConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a failover config must be an object { mode, detection, alert?, decisionUs, human?, promotionUs }, got ${describeValue(config)}`);
    return problems;
  }
  checkOneOf(problems, prefix, 'mode', config.mode, FAILOVER_MODES);
  checkOneOf(problems, prefix, 'detection', config.detection, FAILOVER_DETECTIONS);
  const alert: unknown = config.alert;
  if (config.detection === 'alert' && !(typeof alert === 'string' && alert.length > 0)) {
    problems.push(`${prefix}alert must name the alert rule whose firing detects the failure (detection is "alert"), got ${describeValue(alert)}`);
  } else if (alert !== undefined && typeof alert !== 'string') {
    problems.push(`${prefix}alert, when given, must be the name of an alert rule, got ${describeValue(alert)}`);
  }
  checkWholeUs(problems, prefix, 'decisionUs', config.decisionUs, 0);
  checkWholeUs(problems, prefix, 'promotionUs', config.promotionUs, 0);
  const human: unknown = config.human;
  if (config.mode === 'manual' && human === undefined) {
    problems.push(`${prefix}human must be given when mode is "manual": { response, runbook }`);
  } else if (human !== undefined) {
    validateHuman(problems, prefix, human);
  }
  return problems;
}

function validateHuman(problems: string[], prefix: string, human: unknown): void {
  if (!isRecord(human)) {
    problems.push(`${prefix}human must be an object { response, runbook }, got ${describeValue(human)}`);
    return;
  }
  validateResponse(problems, prefix, human.response);
  validateOperationSteps(problems, prefix, 'human.runbook', human.runbook);
}

/** The response must build (the factories name a bad parameter) and never go below 0 µs. */
function validateResponse(problems: string[], prefix: string, response: unknown): void {
  if (!isRecord(response)) {
    problems.push(`${prefix}human.response must be a distribution config such as { kind: "lognormal", median, p99 } (µs), got ${describeValue(response)}`);
    return;
  }
  if (!checkOneOf(problems, prefix, 'human.response.kind', response.kind, DISTRIBUTION_KINDS)) return;
  let lowest: number;
  try {
    lowest = distributionFromConfig(response as DistributionConfig).quantile(0);
  } catch (error) {
    problems.push(`${prefix}human.response: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!(lowest >= 0)) {
    problems.push(
      `${prefix}human.response must not take negative values (a response time), but its lowest value is ${describeValue(lowest)} µs; bound it below (e.g. a normal with min: 0)`,
    );
  }
}
