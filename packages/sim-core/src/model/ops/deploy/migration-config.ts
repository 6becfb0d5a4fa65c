import { describeValue } from '../../../assert.js';
import { checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';

/** One point of the cutover: at atUs the `to` side has toShare of the traffic. */
export interface MigrationWeight {
  /** µs (a whole number >= 0); non-decreasing along the list, at most two points at one time (a jump). */
  readonly atUs: number;
  /** A fraction of the traffic in [0, 1]. */
  readonly toShare: number;
}

/** The data cutover window: every write (to either side) is rejected over [startUs, startUs + durationUs). */
export interface MigrationWriteFreeze {
  /** µs (a whole number >= 0). */
  readonly startUs: number;
  /** µs (a whole number > 0). */
  readonly durationUs: number;
}

/**
 * A phased move of traffic from one environment (or region) to another, every unit resolved.
 *
 * The `to` share is 0 before weights[0].atUs, follows straight lines between the points (a jump
 * where two points share a time; the later one holds at that instant), and stays at the last
 * point's share after it. Shares may go down (a planned shift back).
 *
 * dualRunning: true means both sides stay up at full capacity from the first point to the last
 * and writes are applied to both data stores (dual writes), so traffic can shift either way;
 * false means each side's capacity follows its own share and the data moves in the write freeze.
 * The engine interprets it (capacity, cost); the plan only reports the window (MigrationPlan).
 */
export interface MigrationConfig {
  readonly from: string;
  readonly to: string;
  readonly weights: readonly MigrationWeight[];
  readonly dualRunning: boolean;
  /** Absent: no write freeze (no write downtime). */
  readonly writeFreeze?: MigrationWriteFreeze;
}

/**
 * The problems in a migration config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws, and checks types too (the config may come from YAML through
 * a cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateMigration(config: MigrationConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a migration must be an object { from, to, weights, dualRunning, writeFreeze? }, got ${describeValue(config)}`);
    return problems;
  }
  for (const field of ['from', 'to'] as const) {
    const value: unknown = config[field];
    if (!(typeof value === 'string' && value.length > 0)) problems.push(`${prefix}${field} must be a non-empty string naming an environment or region, got ${describeValue(value)}`);
  }
  if (typeof config.from === 'string' && config.from.length > 0 && config.from === config.to) {
    problems.push(`${prefix}from and to must differ, got ${describeValue(config.from)} for both`);
  }
  validateWeights(problems, prefix, config.weights);
  if (typeof config.dualRunning !== 'boolean') problems.push(`${prefix}dualRunning must be true or false, got ${describeValue(config.dualRunning)}`);
  const freeze: unknown = config.writeFreeze;
  if (freeze !== undefined) {
    if (!isRecord(freeze)) {
      problems.push(`${prefix}writeFreeze, when given, must be an object { startUs, durationUs }, got ${describeValue(freeze)}`);
    } else {
      checkWholeUs(problems, prefix, 'writeFreeze.startUs', freeze.startUs, 0);
      checkWholeUs(problems, prefix, 'writeFreeze.durationUs', freeze.durationUs, 1);
    }
  }
  return problems;
}

function validateWeights(problems: string[], prefix: string, weights: unknown): void {
  if (!(Array.isArray(weights) && weights.length > 0)) {
    problems.push(`${prefix}weights must be a non-empty array of { atUs, toShare }, got ${Array.isArray(weights) ? 'an empty array' : describeValue(weights)}`);
    return;
  }
  // The previous valid time and how many points sit at it, so one bad point is reported once.
  let previousAtUs = -1;
  let previousIndex = -1;
  let atSameTime = 0;
  weights.forEach((weight: unknown, i) => {
    const at = `weights[${i}]`;
    if (!isRecord(weight)) {
      problems.push(`${prefix}${at} must be an object { atUs, toShare }, got ${describeValue(weight)}`);
      return;
    }
    const share = weight.toShare;
    if (!(typeof share === 'number' && share >= 0 && share <= 1)) {
      problems.push(`${prefix}${at}.toShare must be a fraction of the traffic in [0, 1] (not a percentage), got ${describeValue(share)}`);
    }
    if (!checkWholeUs(problems, prefix, `${at}.atUs`, weight.atUs, 0)) return;
    const atUs = weight.atUs as number;
    if (atUs < previousAtUs) {
      problems.push(`${prefix}${at}.atUs (${atUs}) must be >= weights[${previousIndex}].atUs (${previousAtUs}): the points must be in time order`);
      return;
    }
    atSameTime = atUs === previousAtUs ? atSameTime + 1 : 1;
    if (atSameTime === 3) problems.push(`${prefix}${at}.atUs (${atUs}): at most two points may share a time (a jump), but this is the third`);
    previousAtUs = atUs;
    previousIndex = i;
  });
}
