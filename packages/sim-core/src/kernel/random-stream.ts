import seedrandom from 'seedrandom';
import { describeValue } from '../assert.js';
import { ZIGGURAT_EXP_R, zigguratExpF, zigguratExpK, zigguratExpW } from './ziggurat-exponential.js';

const TWO_POW_32 = 4294967296;

/**
 * A named, independent random stream: George Marsaglia's xorwow, exactly as seedrandom's
 * `xorwow` computes it, with the state kept in an Int32Array so a draw allocates nothing.
 *
 * seedrandom seeds the state from the string `${seed}/${name}`, so a stream's draws depend
 * only on the root seed and its own name: adding a component (and its stream) never shifts
 * another component's draws. A test checks draw-for-draw equality with seedrandom.
 */
export class RandomStream {
  readonly name: string;
  /** x, y, z, w, v, d: the xorwow state words. */
  private readonly s: Int32Array;

  constructor(seed: number, name: string) {
    if (!(Number.isSafeInteger(seed))) throw new RangeError(`seed must be a safe integer, got ${describeValue(seed)}`);
    if (!(typeof name === 'string' && name.length > 0)) throw new RangeError(`a stream needs a non-empty name, got ${describeValue(name)}`);
    this.name = name;
    const state = seedrandom.xorwow(`${seed}/${name}`, { state: true }).state();
    this.s = Int32Array.of(state.x, state.y, state.z, state.w, state.v, state.d);
  }

  /** The next 32 random bits as a signed integer (seedrandom's `int32()`). */
  int32(): number {
    const s = this.s;
    const x = s[0];
    const t = x ^ (x >>> 2);
    s[0] = s[1];
    s[1] = s[2];
    s[2] = s[3];
    s[3] = s[4];
    const v = s[4];
    const vNext = v ^ (v << 4) ^ (t ^ (t << 1));
    s[4] = vNext;
    const d = (s[5] + 362437) | 0;
    s[5] = d;
    return (d + vNext) | 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution (seedrandom's `prng()`). */
  float(): number {
    return (this.int32() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi))) throw new RangeError(`int(lo, hi) needs safe integers, got ${describeValue(lo)}, ${describeValue(hi)}`);
    if (!(lo <= hi)) throw new RangeError(`int(lo, hi) needs lo <= hi, got ${lo} > ${hi}`);
    const span = hi - lo + 1;
    if (span <= TWO_POW_32) return lo + Math.floor(this.float() * span);
    // Wider than 32 bits: combine two draws (53 bits of resolution).
    const u = ((this.int32() >>> 11) * TWO_POW_32 + (this.int32() >>> 0)) / 9007199254740992;
    return lo + Math.floor(u * span);
  }

  /**
   * Exponential with the given mean (in whatever unit the caller uses, usually µs), by the
   * ziggurat method: usually one draw, occasionally more (see ziggurat-exponential.ts).
   */
  exponential(mean: number): number {
    if (!(mean > 0 && mean < Infinity)) throw new RangeError(`exponential(mean) needs a finite mean > 0, got ${describeValue(mean)}`);
    const bits = this.int32();
    const layer = bits & 255;
    const position = bits >>> 8;
    if (position < zigguratExpK[layer]) return position * zigguratExpW[layer] * mean;
    return this.exponentialSlow(layer, position) * mean;
  }

  /** The ziggurat's rare path: the tail beyond the base layer, or a point in a wedge. */
  private exponentialSlow(layer: number, position: number): number {
    for (let attempt = 0; attempt < 1000; attempt++) {
      if (layer === 0) return ZIGGURAT_EXP_R - Math.log(1 - this.float());
      const x = position * zigguratExpW[layer];
      if (zigguratExpF[layer] + this.float() * (zigguratExpF[layer - 1] - zigguratExpF[layer]) < Math.exp(-x)) return x;
      const bits = this.int32();
      layer = bits & 255;
      position = bits >>> 8;
      if (position < zigguratExpK[layer]) return position * zigguratExpW[layer];
    }
    // Each attempt succeeds with probability > 0.98; 1000 failures mean a broken generator.
    throw new Error('assertion failed: exponential(): the ziggurat rejected 1000 times in a row');
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`chance(p) needs 0 <= p <= 1, got ${describeValue(p)}`);
    return this.float() < p;
  }

  /** Standard normal deviate (Box–Muller; always exactly two draws, no cached spare). */
  normal(): number {
    const u1 = 1 - this.float();
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
