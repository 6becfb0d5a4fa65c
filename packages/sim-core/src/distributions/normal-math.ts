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

// Wichura's Algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988): rational
// approximations to the normal quantile accurate to about 1 part in 10^16, in three regions of
// the lower half: |q - 0.5| <= 0.425, then r = sqrt(-ln q) <= 5, then beyond. It needs no
// refinement step, so a sample costs one rational function (plus a log and a square root in
// the tails) rather than an erfc and two exponentials.
const CENTRAL_NUM = [3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227] as const;
const CENTRAL_DEN = [1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943, 5226.495278852854] as const;
const NEAR_NUM = [1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506, 0.022723844989269184, 0.0007745450142783414] as const;
const NEAR_DEN = [1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-09] as const;
const FAR_NUM = [6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124, 0.0012426609473880784, 2.7115555687434876e-05, 2.0103343992922881e-07] as const;
const FAR_DEN = [1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 1.8463183175100548e-05, 1.421511758316446e-07, 2.0442631033899397e-15] as const;
const CENTRAL_SPLIT = 0.425;
const TAIL_SPLIT = 5;

/** The degree-7 polynomial with coefficients c (constant first) at x, by Horner's rule. */
function poly7(c: readonly number[], x: number): number {
  return ((((((c[7] * x + c[6]) * x + c[5]) * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x + c[0];
}

/** The quantile of q for 0 < q <= 0.5 (the lower half only). */
function lowerHalfQuantile(q: number): number {
  const centred = q - 0.5;
  if (-centred <= CENTRAL_SPLIT) {
    const r = CENTRAL_SPLIT * CENTRAL_SPLIT - centred * centred;
    return (centred * poly7(CENTRAL_NUM, r)) / poly7(CENTRAL_DEN, r);
  }
  let r = Math.sqrt(-Math.log(q));
  if (r <= TAIL_SPLIT) {
    r -= 1.6;
    return -poly7(NEAR_NUM, r) / poly7(NEAR_DEN, r);
  }
  r -= TAIL_SPLIT;
  return -poly7(FAR_NUM, r) / poly7(FAR_DEN, r);
}

/**
 * The standard normal inverse CDF: the z with P(Z <= z) = p, by AS 241 (about 1e-16
 * relative).
 *
 * The work is always done in the lower half, on q = min(p, 1 - p), and the sign flipped
 * for the upper half. For p >= 0.5, 1 - p is exact in floating point, so the result is
 * exactly antisymmetric.
 */
export function normalInverseCdf(p: number): number {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
    throw new RangeError(`normalInverseCdf: p must be a number in [0, 1], got ${describeValue(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const z = lowerHalfQuantile(upper ? 1 - p : p);
  return upper ? -z : z;
}
