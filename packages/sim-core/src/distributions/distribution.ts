import { describeValue } from '../assert.js';
import type { RandomStream } from '../kernel/random-stream.js';

/** The families a Distribution can belong to; `kind` lets callers and reports tell them apart. */
export type DistributionKind = 'constant' | 'uniform' | 'exponential' | 'normal' | 'lognormal' | 'pareto' | 'empirical';

/**
 * A one-dimensional probability distribution that draws from a named stream.
 *
 * Every kind samples by inversion: `sample(rng)` is `quantile(u)` for one uniform `u` taken
 * from `rng`. So every kind, the constant included, consumes exactly ONE draw per sample.
 * Swapping one distribution for another in a scenario therefore never shifts the draws that
 * follow on the same stream, and two runs that differ only in a parameter see the same `u`
 * sequence, so their samples move together (common random numbers), which makes what-if
 * comparisons far less noisy than independent draws would.
 */
export interface Distribution {
  readonly kind: DistributionKind;
  /** One value, from exactly one `rng.float()` draw (see DISTRIBUTION_DRAWS_PER_SAMPLE). */
  sample(rng: RandomStream): number;
  /** The analytic mean; Infinity where it diverges (pareto with shape <= 1). */
  mean(): number;
  /** The analytic inverse CDF, for p in [0, 1]; throws a RangeError for any other p. */
  quantile(p: number): number;
  /** A unit-agnostic summary of the parameters, e.g. "lognormal(median=40000, p99=250000)". */
  describe(): string;
}

/** How many `rng.float()` draws one `sample()` consumes, for every kind. */
export const DISTRIBUTION_DRAWS_PER_SAMPLE = 1;

/**
 * Half of one 32-bit step. `rng.float()` returns k / 2^32, so adding this gives the midpoint
 * (2k + 1) / 2^33 of the k-th cell: exactly representable, strictly inside (0, 1), and
 * symmetric about 1/2. Avoiding both ends keeps quantile(0) = -Infinity (normal) and
 * quantile(1) = Infinity (exponential, pareto) out of samples without a special case.
 */
const HALF_CELL = 2 ** -33;

/** The uniform that `sample()` feeds to the quantile function: the midpoint of rng.float()'s cell. */
export function distributionUnitDraw(rng: RandomStream): number {
  return rng.float() + HALF_CELL;
}

/**
 * Builds a Distribution from its unchecked quantile function. All kinds go through here so
 * they share one object shape (the same five properties in the same order, which keeps call
 * sites monomorphic) and one sampling rule (one draw, then inversion).
 *
 * `quantileOf` may assume 0 <= p <= 1: the public `quantile` checks p first, and sampling
 * only ever passes values strictly inside (0, 1).
 */
export function distributionFromQuantile(
  kind: DistributionKind,
  quantileOf: (p: number) => number,
  meanValue: number,
  description: string,
): Distribution {
  return Object.freeze({
    kind,
    sample: (rng: RandomStream): number => quantileOf(distributionUnitDraw(rng)),
    mean: (): number => meanValue,
    quantile: (p: number): number => {
      if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
        throw new RangeError(`${description}.quantile: p must be a number in [0, 1], got ${describeValue(p)}`);
      }
      return quantileOf(p);
    },
    describe: (): string => description,
  });
}
