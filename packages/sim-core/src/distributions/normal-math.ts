import { describeValue } from '../assert.js';

/**
 * The standard normal distribution's CDF, density and inverse CDF, plus the complementary
 * error function they rest on. The lognormal and normal distributions need them for
 * analytic quantiles and means, and analytic oracles (queueing formulas, SLO maths) will
 * need them too, so they live here rather than inside one distribution.
 */

/** z such that P(Z <= z) = 0.99 for a standard normal Z: how a stated p99 maps to sigmas. */
export const NORMAL_Z99 = 2.3263478740408408;

const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Chebyshev coefficients of h(s) = erfcx(x) / t, where erfcx(x) = exp(x^2) erfc(x),
 * t = 2 / (2 + x) and s = 2t - 1, which maps x in [0, inf) onto s in (-1, 1]. They were
 * computed for Stormglass with mpmath at 60 digits (a discrete cosine transform over 120
 * Chebyshev nodes) and cut where the terms drop below 1e-18, so erfc(x) = t exp(-x^2) h(s)
 * keeps about 1e-16 relative accuracy on the whole half-line, tails included. The first
 * coefficient is already halved, so the series is a plain sum of c[k] T_k(s).
 */
const ERFCX_CHEBYSHEV = [
  0.5770337386164697,
  0.3554369212704985,
  0.06509515882878653,
  0.003671142395836639,
  -0.0011128447433526325,
  -0.0001607582991537808,
  3.278031574173137e-05,
  5.442441645505016e-06,
  -1.5154665553171482e-06,
  -1.4297608181169865e-07,
  8.234608827419493e-08,
  -1.2962846852306563e-09,
  -4.154721631015199e-09,
  6.347058278362811e-10,
  1.4320822712256225e-10,
  -6.160390105204585e-11,
  2.0612138554721698e-12,
  3.5714931488477042e-12,
  -8.586422843251796e-13,
  -6.14560021379063e-14,
  7.418725748596617e-14,
  -1.2895042755032325e-14,
  -2.358726385710632e-15,
  1.5729349381685912e-15,
  -2.2782966239546465e-16,
  -6.31233045075643e-17,
  3.5916763531814925e-17,
  -5.049809149847729e-18,
  -1.5324541113154899e-18,
  8.90334528899061e-19,
] as const;

/**
 * The complementary error function, erfc(x) = 1 - erf(x), with relative accuracy near
 * 1e-16 for x >= 0 (where erfc is small and 1 - erf would cancel) and absolute accuracy
 * near 1e-16 for x < 0 (where erfc is close to 2).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === Infinity) return 0;
  const t = 2 / (2 + x);
  const s = 2 * t - 1;
  // Clenshaw's recurrence sums the Chebyshev series stably from the smallest term up.
  let b1 = 0;
  let b2 = 0;
  for (let k = ERFCX_CHEBYSHEV.length - 1; k >= 1; k--) {
    const b0 = 2 * s * b1 - b2 + ERFCX_CHEBYSHEV[k];
    b2 = b1;
    b1 = b0;
  }
  const h = s * b1 - b2 + ERFCX_CHEBYSHEV[0];
  return t * Math.exp(-x * x) * h;
}

/** The standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * The standard normal CDF, P(Z <= x). It goes through erfc so that the lower tail keeps its
 * relative accuracy all the way down (normalCdf(-37) is about 5.7e-300, not 0).
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_2);
}

// Peter J. Acklam's rational approximations to the normal quantile (relative error below
// 1.15e-9 before refinement), split at P_LOW into a central and a tail region.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/** Acklam's first guess for the quantile of q, for 0 < q <= 0.5 (the lower half only). */
function acklamLowerHalf(q: number): number {
  if (q < P_LOW) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5]) /
      ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1);
  }
  const u = q - 0.5;
  const r = u * u;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * u /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * The standard normal inverse CDF: the z with P(Z <= z) = p. Acklam's approximation is
 * polished by one Halley step against erfc, which takes it to about 1e-15 relative.
 *
 * The work is always done in the lower half, on q = min(p, 1 - p), and the sign flipped
 * for the upper half. For p >= 0.5, 1 - p is exact in floating point, so the result is
 * exactly antisymmetric, and the Halley step compares tail probabilities against a small
 * q rather than against a p near 1, where they would vanish in rounding.
 */
export function normalInverseCdf(p: number): number {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
    throw new RangeError(`normalInverseCdf: p must be a number in [0, 1], got ${describeValue(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // The median is exactly 0 by symmetry; the Halley step would leave rounding noise there.
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  let z = acklamLowerHalf(q);
  // Halley's step for f(z) = Phi(z) - q: with u = f(z) / phi(z), z' = z - u / (1 + z u / 2).
  // u is formed as (Phi(z) / q - 1) * q / phi(z), with q / phi(z) taken through logarithms:
  // for q near 1e-300 the plain difference Phi(z) - q would be subnormal and lose its digits,
  // and exp(z^2 / 2) alone would overflow for the smallest q.
  const relativeMiss = (0.5 * erfc(-z / SQRT_2)) / q - 1;
  const u = relativeMiss * SQRT_2PI * Math.exp(Math.log(q) + 0.5 * z * z);
  z -= u / (1 + 0.5 * z * u);
  return upper ? -z : z;
}
