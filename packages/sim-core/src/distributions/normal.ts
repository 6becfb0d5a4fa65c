import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { normalCdf, normalInverseCdf, normalPdf } from './normal-math.js';
import { validateFinite, validateNonNegative, validateObject } from './validate.js';

/** Options for distributionNormal. */
export interface DistributionNormalOptions {
  /**
   * Clamp samples below this value up to it (e.g. 0 for a latency). Clamping rather than
   * resampling keeps the draw count at one; the cost is a point mass at min of size
   * P(N(mean, sd) <= min), which mean() and quantile() both account for.
   */
  readonly min?: number;
}

/**
 * Normal with the given mean and standard deviation, optionally clamped below at
 * `options.min`. Sampling is by inversion (one draw), not Box–Muller (two draws), so it
 * keeps the one-draw rule every kind follows; sd = 0 is allowed and gives a constant.
 *
 * With a clamp at m and a = (m - mean) / sd, the variable is max(X, m), whose mean is
 * m Phi(a) + mean Phi(-a) + sd phi(a): the point mass at m plus the part of the normal above it.
 */
export function distributionNormal(mean: number, sd: number, options: DistributionNormalOptions = {}): Distribution {
  const factory = 'distributionNormal';
  const mu = validateFinite(factory, 'mean', mean);
  const sigma = validateNonNegative(factory, 'sd', sd);
  validateObject(factory, 'options', options, '{ min?: number }');
  const min = options.min === undefined ? undefined : validateFinite(factory, 'options.min', options.min);

  // With no spread, sd * z(0) would be 0 * -Infinity = NaN; every quantile is the mean.
  const unclamped = sigma === 0
    ? (): number => mu
    : (p: number): number => mu + sigma * normalInverseCdf(p);
  const quantileOf = min === undefined ? unclamped : (p: number): number => Math.max(min, unclamped(p));

  let meanValue = mu;
  if (min !== undefined) {
    if (sigma === 0) {
      meanValue = Math.max(min, mu);
    } else {
      const a = (min - mu) / sigma;
      meanValue = min * normalCdf(a) + mu * normalCdf(-a) + sigma * normalPdf(a);
    }
  }
  const description = min === undefined
    ? `normal(mean=${mu}, sd=${sigma})`
    : `normal(mean=${mu}, sd=${sigma}, min=${min})`;
  return distributionFromQuantile('normal', quantileOf, meanValue, description);
}
