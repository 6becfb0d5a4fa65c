import type { DistributionConfig } from '@stormglass/sim-core';
import { z } from 'zod';
import { durationUs, percentRatio } from '../units-schema.js';

/**
 * A latency or a service time as a distribution, every value a duration with its unit:
 * a bare duration (`5ms`) is a constant; otherwise `{ kind, ... }` with the parameters of
 * sim-core's DistributionConfig (`{ kind: lognormal, median: 8ms, p99: 40ms }`). Resolves to
 * DistributionConfig in µs. Sense checks (median ≤ p99, min ≤ max) are sim-core's validator's,
 * run with the whole model.
 */
const distributionObject = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: durationUs }).transform((d): DistributionConfig => ({ kind: 'constant', value: d.value })),
  z.strictObject({ kind: z.literal('uniform'), min: durationUs, max: durationUs }).transform((d): DistributionConfig => ({ kind: 'uniform', min: d.min, max: d.max })),
  z.strictObject({ kind: z.literal('exponential'), mean: durationUs }).transform((d): DistributionConfig => ({ kind: 'exponential', mean: d.mean })),
  z
    .strictObject({ kind: z.literal('normal'), mean: durationUs, sd: durationUs, min: durationUs.optional() })
    .transform((d): DistributionConfig => ({ kind: 'normal', mean: d.mean, sd: d.sd, ...(d.min === undefined ? {} : { min: d.min }) })),
  z.strictObject({ kind: z.literal('lognormal'), median: durationUs, p99: durationUs }).transform((d): DistributionConfig => ({ kind: 'lognormal', median: d.median, p99: d.p99 })),
  z
    .strictObject({ kind: z.literal('pareto'), scale: durationUs.describe('the smallest value'), shape: z.number().positive().describe('the tail index (smaller: heavier tail)') })
    .transform((d): DistributionConfig => ({ kind: 'pareto', scale: d.scale, shape: d.shape })),
  z
    .strictObject({ kind: z.literal('empirical'), points: z.array(z.strictObject({ p: percentRatio.describe('the quantile, like 99%'), value: durationUs })).min(1) })
    .transform((d): DistributionConfig => ({ kind: 'empirical', points: d.points.map((point) => ({ p: point.p, value: point.value })) })),
]);

/** The kinds a distribution may have (a test checks they are sim-core's). */
export const DISTRIBUTION_KINDS: readonly string[] = distributionObject.options.map((option) => option.in.shape.kind.value);

export const distributionSchema: z.ZodType<DistributionConfig> = z
  .union([durationUs.transform((value): DistributionConfig => ({ kind: 'constant', value })), distributionObject])
  .describe('a duration (constant), or { kind: constant | uniform | exponential | normal | lognormal | pareto | empirical, ... } with durations');
