import { describeValue } from '../assert.js';
import { decodeHistogramJSON } from './histogram-json.js';
import type { HistogramJSON } from './histogram-json.js';
import { EXP_MAX, EXP_MIN, SUB_BITS, SUB_BUCKETS, bucketMidpoint, floatHighWord } from './log-linear.js';

export type { HistogramJSON } from './histogram-json.js';
export { HISTOGRAM_RELATIVE_ERROR_MAX, HISTOGRAM_ZERO_THRESHOLD } from './log-linear.js';

// Slots of the `stats` array. The accumulators live in a typed array rather than in number
// fields, so updating them in a hot loop never allocates a heap number.
const COUNT = 0;
const ZERO_COUNT = 1;
const SUM = 2;
const SUM_COMPENSATION = 3;
const MIN = 4;
const MAX = 5;

/**
 * A streaming log-linear (HDR-style) histogram of non-negative numbers, such as latencies in µs.
 *
 * Each power-of-two octave [2^e, 2^(e+1)) is split into 128 equal sub-buckets, indexed straight
 * from the bits of the double, and a quantile reports the midpoint of the bucket holding the
 * sample of that rank, clamped to the exact [min, max]. The answer is therefore within 1/256
 * (about 0.39%) of the exact nearest-rank quantile `sorted[ceil(q * n) - 1]`.
 *
 * Values below `HISTOGRAM_ZERO_THRESHOLD` (2^-32, about 2.3e-10), including 0 and subnormals,
 * are counted in a separate zero bucket whose quantiles report 0 (raised to the exact minimum if
 * that is positive, as every answer is clamped into [min, max]). `min`, `max` and `count` are
 * exact; `sum` uses compensated summation, so it is exact for integer samples whose total stays
 * below 2^53 and accurate to a few ulps otherwise.
 *
 * Memory depends on the range of exponents seen, not on the number of samples: at most
 * 1056 octaves of 128 counts (about 1 MiB), and one octave (1 KiB) for values within a factor of 2.
 *
 * On an empty histogram `quantile`, `min`, `max` and `mean` return NaN, and `sum` returns 0.
 */
export class Histogram {
  private readonly stats = Float64Array.of(0, 0, 0, 0, Infinity, -Infinity);
  private counts = new Float64Array(0);
  // Biased exponents covered by `counts`; an empty range (lo > hi) until the first value.
  private expLo = 0;
  private expHi = -1;

  /** Adds one sample. Allocates only when the value extends the exponent range seen so far. */
  record(value: number): void {
    if (!(value >= 0 && value < Infinity)) throw badValue('record', value);
    this.add(value, 1);
  }

  /** Adds `count` samples of the same value, as if `record(value)` were called `count` times. */
  recordMany(value: number, count: number): void {
    if (!(value >= 0 && value < Infinity)) throw badValue('recordMany', value);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`Histogram.recordMany: count must be a non-negative safe integer, got ${describeValue(count)}`);
    }
    if (count > 0) this.add(value, count);
  }

  /** Number of samples recorded. */
  get count(): number {
    return this.stats[COUNT];
  }

  /** Sum of the samples (0 when empty). */
  get sum(): number {
    return this.stats[SUM] + this.stats[SUM_COMPENSATION];
  }

  /** Arithmetic mean of the samples, or NaN when empty. */
  get mean(): number {
    const count = this.stats[COUNT];
    return count === 0 ? NaN : this.sum / count;
  }

  /** Smallest sample exactly, or NaN when empty. */
  get min(): number {
    return this.stats[COUNT] === 0 ? NaN : this.stats[MIN];
  }

  /** Largest sample exactly, or NaN when empty. */
  get max(): number {
    return this.stats[COUNT] === 0 ? NaN : this.stats[MAX];
  }

  /** Length of the internal counts array; exposed so tests can check that memory stays bounded. */
  get bucketsAllocated(): number {
    return this.counts.length;
  }

  /**
   * The q-quantile for q in [0, 1]: q = 0 is the exact minimum, q = 1 the exact maximum, and
   * otherwise the sample of rank ceil(q * n) to within 1/256. NaN when the histogram is empty.
   */
  quantile(q: number): number {
    checkQuantile(q);
    const count = this.stats[COUNT];
    return count === 0 ? NaN : this.answer(q, this.bucketOfRank(rankOf(q, count)));
  }

  /** Several quantiles in one pass over the buckets, in the order asked. */
  quantiles(qs: readonly number[]): number[] {
    for (const q of qs) checkQuantile(q);
    const count = this.stats[COUNT];
    const out = new Array<number>(qs.length).fill(NaN);
    if (count === 0) return out;
    // Visit the requests in increasing rank so one walk over the buckets answers them all.
    const order = qs.map((_, i) => i).sort((a, b) => qs[a] - qs[b]);
    const counts = this.counts;
    let next = 0;
    let seen = this.stats[ZERO_COUNT];
    while (next < order.length && rankOf(qs[order[next]], count) <= seen) {
      out[order[next]] = this.answer(qs[order[next]], -1);
      next += 1;
    }
    for (let i = 0; i < counts.length && next < order.length; i++) {
      if (counts[i] === 0) continue;
      seen += counts[i];
      while (next < order.length && rankOf(qs[order[next]], count) <= seen) {
        out[order[next]] = this.answer(qs[order[next]], i);
        next += 1;
      }
    }
    return out;
  }

  /** Adds every sample of `other` to this histogram; the result equals recording the union. */
  merge(other: Histogram): void {
    const theirs = other.stats;
    if (theirs[COUNT] === 0) return;
    if (other.expLo <= other.expHi) {
      this.ensureRange(other.expLo);
      this.ensureRange(other.expHi);
    }
    const counts = this.counts;
    const from = other.counts;
    const offset = (other.expLo - this.expLo) << SUB_BITS;
    for (let i = 0; i < from.length; i++) counts[offset + i] += from[i];
    // Read the other sum before touching ours, so that merging a histogram into itself works.
    const sum = theirs[SUM];
    const compensation = theirs[SUM_COMPENSATION];
    const mine = this.stats;
    mine[COUNT] += theirs[COUNT];
    mine[ZERO_COUNT] += theirs[ZERO_COUNT];
    this.addToSum(sum);
    this.addToSum(compensation);
    if (theirs[MIN] < mine[MIN]) mine[MIN] = theirs[MIN];
    if (theirs[MAX] > mine[MAX]) mine[MAX] = theirs[MAX];
  }

  /** Forgets every sample but keeps the allocated range, so a reused histogram does not regrow. */
  reset(): void {
    this.counts.fill(0);
    this.stats.set([0, 0, 0, 0, Infinity, -Infinity]);
  }

  /** An independent copy. */
  clone(): Histogram {
    const copy = new Histogram();
    copy.stats.set(this.stats);
    copy.counts = this.counts.slice();
    copy.expLo = this.expLo;
    copy.expHi = this.expHi;
    return copy;
  }

  /** The compact plain-object form described by `HistogramJSON`. */
  toJSON(): HistogramJSON {
    const buckets: number[] = [];
    let previousKey = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      const key = (this.expLo << SUB_BITS) + i;
      buckets.push(key - previousKey, this.counts[i]);
      previousKey = key;
    }
    const empty = this.stats[COUNT] === 0;
    return {
      version: 1,
      count: this.stats[COUNT],
      zeroCount: this.stats[ZERO_COUNT],
      sum: this.sum,
      min: empty ? null : this.stats[MIN],
      max: empty ? null : this.stats[MAX],
      buckets,
    };
  }

  /** Rebuilds a histogram from `toJSON()` output, validating it since it crossed a boundary. */
  static fromJSON(json: HistogramJSON): Histogram {
    const { keys, counts } = decodeHistogramJSON(json);
    const h = new Histogram();
    if (keys.length > 0) {
      // Keys are increasing, so covering the first and the last covers them all.
      h.ensureRange(keys[0] >>> SUB_BITS);
      h.ensureRange(keys[keys.length - 1] >>> SUB_BITS);
    }
    const offset = h.expLo << SUB_BITS;
    for (let i = 0; i < keys.length; i++) h.counts[keys[i] - offset] = counts[i];
    h.stats.set([json.count, json.zeroCount, json.sum, 0, json.min ?? Infinity, json.max ?? -Infinity]);
    return h;
  }

  private add(value: number, n: number): void {
    // Adding +0 turns -0 into +0, so min never reports -0.
    const v = value + 0;
    const hi = floatHighWord(v);
    const exp = (hi >>> 20) & 0x7ff;
    const stats = this.stats;
    if (exp < EXP_MIN) {
      stats[ZERO_COUNT] += n;
    } else {
      if (exp < this.expLo || exp > this.expHi) this.ensureRange(exp);
      this.counts[((exp - this.expLo) << SUB_BITS) | ((hi >>> 13) & 0x7f)] += n;
    }
    stats[COUNT] += n;
    this.addToSum(n === 1 ? v : v * n);
    if (v < stats[MIN]) stats[MIN] = v;
    if (v > stats[MAX]) stats[MAX] = v;
  }

  // Neumaier's compensated summation, so long runs of small latencies after a large one are not lost.
  private addToSum(x: number): void {
    const stats = this.stats;
    const s = stats[SUM];
    const t = s + x;
    stats[SUM_COMPENSATION] += s >= x ? s - t + x : x - t + s;
    stats[SUM] = t;
  }

  /** Grows `counts` to cover biased exponent `exp`, at least doubling the span to amortise copies. */
  private ensureRange(exp: number): void {
    if (exp >= this.expLo && exp <= this.expHi) return;
    let lo = exp;
    let hi = exp;
    if (this.expLo <= this.expHi) {
      const span = this.expHi - this.expLo + 1;
      lo = exp < this.expLo ? Math.max(EXP_MIN, Math.min(exp, this.expLo - span)) : this.expLo;
      hi = exp > this.expHi ? Math.min(EXP_MAX, Math.max(exp, this.expHi + span)) : this.expHi;
    }
    const counts = new Float64Array((hi - lo + 1) * SUB_BUCKETS);
    if (this.counts.length > 0) counts.set(this.counts, (this.expLo - lo) * SUB_BUCKETS);
    this.counts = counts;
    this.expLo = lo;
    this.expHi = hi;
  }

  /** The bucket holding the sample of 1-based `rank`: an index into `counts`, or -1 for the zero bucket. */
  private bucketOfRank(rank: number): number {
    let seen = this.stats[ZERO_COUNT];
    if (rank <= seen) return -1;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (rank <= seen) return i;
    }
    return counts.length - 1;
  }

  /** The answer for quantile `q` whose rank falls in bucket `index` (-1 for the zero bucket). */
  private answer(q: number, index: number): number {
    const stats = this.stats;
    if (q === 0) return stats[MIN];
    if (rankOf(q, stats[COUNT]) === stats[COUNT]) return stats[MAX];
    if (index < 0) return this.clamp(0);
    return this.clamp(bucketMidpoint(this.expLo + (index >>> SUB_BITS), index & (SUB_BUCKETS - 1)));
  }

  private clamp(x: number): number {
    const stats = this.stats;
    return x < stats[MIN] ? stats[MIN] : x > stats[MAX] ? stats[MAX] : x;
  }
}

/** Nearest rank, 1-based: ceil(q * n) computed in doubles, with q = 0 meaning rank 1. */
function rankOf(q: number, count: number): number {
  const rank = Math.ceil(q * count);
  return rank < 1 ? 1 : rank > count ? count : rank;
}

function checkQuantile(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Histogram.quantile: q must be in [0, 1], got ${describeValue(q)}`);
}

function badValue(method: string, value: number): RangeError {
  return new RangeError(`Histogram.${method}: value must be a finite non-negative number, got ${describeValue(value)}`);
}
