import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { NORMAL_Z99, normalInverseCdf } from './normal-math.js';
import { validateObject, validatePositive } from './validate.js';

/** A lognormal stated the way people state latency: its median and its 99th percentile. */
export interface DistributionLognormalParams {
  readonly median: number;
  /** Must be >= median; equal means no spread at all (a constant). */
  readonly p99: number;
}

/**
 * Lognormal with the given median and 99th percentile: ln X is normal with
 * mu = ln(median) and sigma = ln(p99 / median) / z(0.99).
 *
 * The quantile is computed as median * exp(sigma z(p)) rather than exp(mu + sigma z(p)), so
 * quantile(0.5) is the median exactly and quantile(0.99) matches p99 to rounding.
 */
export function distributionLognormal(params: DistributionLognormalParams): Distribution {
  const factory = 'distributionLognormal';
  validateObject(factory, 'params', params, 'with median and p99');
  const median = validatePositive(factory, 'median', params.median);
  const p99 = validatePositive(factory, 'p99', params.p99);
  if (p99 < median) throw new RangeError(`${factory}: p99 (${p99}) must be >= median (${median})`);
  const sigma = Math.log(p99 / median) / NORMAL_Z99;
  // With no spread, sigma * z(0) would be 0 * -Infinity = NaN; every quantile is the median.
  const quantileOf = sigma === 0
    ? (): number => median
    : (p: number): number => median * Math.exp(sigma * normalInverseCdf(p));
  const mean = median * Math.exp(0.5 * sigma * sigma);
  return distributionFromQuantile('lognormal', quantileOf, mean, `lognormal(median=${median}, p99=${p99})`);
}
