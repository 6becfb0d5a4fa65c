import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { validateFinite } from './validate.js';

/** Uniform on [min, max]; min === max is allowed and behaves as a constant. */
export function distributionUniform(min: number, max: number): Distribution {
  const factory = 'distributionUniform';
  const lo = validateFinite(factory, 'min', min);
  const hi = validateFinite(factory, 'max', max);
  if (hi < lo) throw new RangeError(`${factory}: max (${hi}) must be >= min (${lo})`);
  // The weighted form hits both ends exactly and cannot overflow the way hi - lo can for
  // bounds near the largest doubles.
  const quantileOf = (p: number): number => (1 - p) * lo + p * hi;
  return distributionFromQuantile('uniform', quantileOf, lo / 2 + hi / 2, `uniform(min=${lo}, max=${hi})`);
}
