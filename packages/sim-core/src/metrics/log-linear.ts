/**
 * Bucket arithmetic shared by the histogram: a double's bucket comes straight from its bits, so
 * recording needs no logarithm. A positive normal double is 2^(E - 1023) * (1 + m / 2^52), with
 * the biased exponent E in bits 20..30 of the high 32-bit word and the mantissa's top 7 bits in
 * bits 13..19; those 7 bits pick one of 128 equal sub-buckets of the octave.
 */

/** Sub-buckets per power-of-two octave, as a bit count and as a number. */
export const SUB_BITS = 7;
export const SUB_BUCKETS = 1 << SUB_BITS;

/** Smallest biased exponent with its own buckets: values below 2^-32 are counted as zero. */
export const EXP_MIN = 1023 - 32;
/** Largest biased exponent of a finite double. */
export const EXP_MAX = 2046;

/** Values below this (2^-32, about 2.3e-10) are counted in the zero bucket and report as 0. */
export const HISTOGRAM_ZERO_THRESHOLD = 2 ** -32;

/** Worst relative error of a reported quantile: half a sub-bucket over the octave's start. */
export const HISTOGRAM_RELATIVE_ERROR_MAX = 1 / (2 * SUB_BUCKETS);

// One shared scratch double viewed as two 32-bit words, so reading bits allocates nothing.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
// The word holding sign and exponent: index 1 on little-endian hosts, 0 on big-endian ones.
const HIGH = words[1] === 0x3ff00000 ? 1 : 0;
const LOW = 1 - HIGH;

/** The high 32 bits (sign, exponent, top of mantissa) of a double. */
export function floatHighWord(value: number): number {
  scratch[0] = value;
  return words[HIGH];
}

/** The exact midpoint of sub-bucket `sub` of the octave with biased exponent `exp`. */
export function bucketMidpoint(exp: number, sub: number): number {
  // The midpoint sets the mantissa bit just below the sub-bucket bits; all lower bits are zero.
  words[HIGH] = ((exp << 20) | (sub << 13) | (1 << 12)) >>> 0;
  words[LOW] = 0;
  return scratch[0];
}
