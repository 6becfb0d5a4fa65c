import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { validateObject, validatePositive } from './validate.js';

/** Parameters of a Pareto (type I) distribution. */
export interface DistributionParetoParams {
  /** x_m: the smallest possible value, and the 0th percentile. */
  readonly scale: number;
  /** alpha: the tail index. Smaller is heavier; the mean is infinite for shape <= 1. */
  readonly shape: number;
}

/**
 * Pareto with P(X > x) = (scale / x)^shape for x >= scale: heavy-tailed sizes and service
 * times. The quantile is scale (1 - p)^(-1 / shape). Because samples come from at most the
 * 2^33-th cell midpoint, the largest possible sample is scale * 2^(33 / shape): the tail is
 * honest far beyond any percentile a report would show.
 */
export function distributionPareto(params: DistributionParetoParams): Distribution {
  const factory = 'distributionPareto';
  validateObject(factory, 'params', params, 'with scale and shape');
  const scale = validatePositive(factory, 'scale', params.scale);
  const shape = validatePositive(factory, 'shape', params.shape);
  const exponent = -1 / shape;
  const quantileOf = (p: number): number => scale * Math.pow(1 - p, exponent);
  const mean = shape > 1 ? (shape * scale) / (shape - 1) : Infinity;
  return distributionFromQuantile('pareto', quantileOf, mean, `pareto(scale=${scale}, shape=${shape})`);
}
