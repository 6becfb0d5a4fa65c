/**
 * Tables for Marsaglia and Tsang's ziggurat method for the standard exponential (J. Stat.
 * Software 5(8), 2000), with 256 layers. About 98.9% of draws cost one 32-bit integer, a
 * table lookup and a multiply; only the rest need a logarithm or an exponential. That makes
 * exponential draws — one or two per simulated request — several times cheaper than
 * inversion (`-log(u)`).
 *
 * One 32-bit draw supplies both the layer (its low 8 bits) and the position within the layer
 * (its high 24 bits). Using disjoint bits avoids the layer/value correlation that Doornik
 * (2005) found in the original, which took both from the same bits.
 */

/** Right edge of the base layer. */
export const ZIGGURAT_EXP_R = 7.697117470131487;
const AREA = 3.949659822581572e-3;
const SCALE = 2 ** 24;

/** Accept at once when the 24-bit position is below ke[layer]. */
export const zigguratExpK = new Uint32Array(256);
/** Position × we[layer] is the sample. */
export const zigguratExpW = new Float64Array(256);
/** exp(−x) at each layer's edge, for the wedge test. */
export const zigguratExpF = new Float64Array(256);

{
  let de = ZIGGURAT_EXP_R;
  let te = de;
  const q = AREA / Math.exp(-de);
  zigguratExpK[0] = Math.floor((de / q) * SCALE);
  zigguratExpK[1] = 0;
  zigguratExpW[0] = q / SCALE;
  zigguratExpW[255] = de / SCALE;
  zigguratExpF[0] = 1;
  zigguratExpF[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(AREA / de + Math.exp(-de));
    zigguratExpK[i + 1] = Math.floor((de / te) * SCALE);
    te = de;
    zigguratExpF[i] = Math.exp(-de);
    zigguratExpW[i] = de / SCALE;
  }
}
