import { describeValue } from '../../assert.js';
import type { FiberOptions } from './great-circle.js';

/**
 * Network-wide settings, every one optional with its default in NETWORK_DEFAULTS. The scenario
 * language parses into exactly this shape. The fibre settings apply to every round trip derived
 * from distance: links without `rttUs` and links the scenario leaves out.
 */
export interface NetworkOptions extends FiberOptions {
  /** Round trip inside each region, in µs. */
  intraRegionRttUs?: number;
  /** Mean exponential jitter of a hop inside a region, in µs. */
  intraRegionJitterUs?: number;
}

/** The problems in network options, as sentences naming the option and its value. */
export function validateNetworkOptions(options: NetworkOptions): string[] {
  const problems: string[] = [];
  const check = (field: keyof NetworkOptions, ok: (value: number) => boolean, expected: string): void => {
    const value = options[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && ok(value))) {
      problems.push(`network: ${field} must be ${expected}, got ${describeValue(value)}`);
    }
  };
  check('fiberFactor', (v) => v >= 1, 'a finite number >= 1 (fibre is never shorter than the great circle)');
  check('fiberKmPerMs', (v) => v > 0, 'a finite number > 0 km/ms');
  check('intraRegionRttUs', (v) => v >= 0, 'a finite number >= 0 µs');
  check('intraRegionJitterUs', (v) => v >= 0, 'a finite number >= 0 µs');
  return problems;
}
