import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { validatePositive } from './validate.js';

/**
 * Exponential with the given mean (inter-arrival times of a Poisson process). Its quantile
 * is -mean ln(1 - p); log1p keeps the small-p end accurate.
 *
 * Sampling feeds the midpoint of the 32-bit cell to the quantile, so a sample differs from
 * `rng.exponential(mean)` on the same draw in roughly the tenth significant digit; both
 * consume one draw.
 */
export function distributionExponential(mean: number): Distribution {
  const m = validatePositive('distributionExponential', 'mean', mean);
  const quantileOf = (p: number): number => -m * Math.log1p(-p);
  return distributionFromQuantile('exponential', quantileOf, m, `exponential(mean=${m})`);
}
