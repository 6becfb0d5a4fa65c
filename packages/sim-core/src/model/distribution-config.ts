import { describeValue } from '../assert.js';
import { distributionConstant } from '../distributions/constant.js';
import type { Distribution } from '../distributions/distribution.js';
import { distributionEmpirical } from '../distributions/empirical.js';
import { distributionExponential } from '../distributions/exponential.js';
import { distributionLognormal } from '../distributions/lognormal.js';
import { distributionNormal } from '../distributions/normal.js';
import { distributionPareto } from '../distributions/pareto.js';
import { distributionUniform } from '../distributions/uniform.js';

/**
 * A distribution as configuration: plain, serialisable data (a scenario file parses into
 * it), turned into a sampler by `distributionFromConfig`. Values are in the unit of the
 * field that holds it — latencies and service times in µs.
 */
export type DistributionConfig =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'normal'; mean: number; sd: number; min?: number }
  | { kind: 'lognormal'; median: number; p99: number }
  | { kind: 'pareto'; scale: number; shape: number }
  | { kind: 'empirical'; points: { p: number; value: number }[] };

/** Builds the sampler; throws a RangeError naming the bad parameter (the factories validate). */
export function distributionFromConfig(config: DistributionConfig): Distribution {
  if (config === null || typeof config !== 'object') {
    throw new RangeError(`distributionFromConfig: expected an object with a kind, got ${describeValue(config)}`);
  }
  switch (config.kind) {
    case 'constant':
      return distributionConstant(config.value);
    case 'uniform':
      return distributionUniform(config.min, config.max);
    case 'exponential':
      return distributionExponential(config.mean);
    case 'normal':
      return distributionNormal(config.mean, config.sd, config.min === undefined ? {} : { min: config.min });
    case 'lognormal':
      return distributionLognormal({ median: config.median, p99: config.p99 });
    case 'pareto':
      return distributionPareto({ scale: config.scale, shape: config.shape });
    case 'empirical':
      return distributionEmpirical(config.points);
    default: {
      const unknownKind: never = config;
      throw new RangeError(
        `distributionFromConfig: unknown kind ${describeValue((unknownKind as { kind?: unknown }).kind)}; expected constant, uniform, exponential, normal, lognormal, pareto or empirical`,
      );
    }
  }
}

/** Problems with a distribution config, as sentences (empty when it is valid). */
export function validateDistributionConfig(config: DistributionConfig): string[] {
  try {
    distributionFromConfig(config);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
