import { describeValue } from '../assert.js';
import { EXP_MAX, EXP_MIN, SUB_BUCKETS } from './log-linear.js';

/**
 * The plain-object form of a histogram, safe for JSON and structured clone. Only non-empty
 * buckets are listed, as flat pairs `[keyDelta, count, keyDelta, count, ...]`, where a bucket's
 * key is `biasedExponent * 128 + subBucket` and each key is stored as the difference from the
 * previous one (the first from 0), so a typical latency histogram is a few hundred numbers.
 * `min` and `max` are null for an empty histogram because Infinity is not JSON-safe.
 */
export interface HistogramJSON {
  readonly version: 1;
  readonly count: number;
  readonly zeroCount: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly buckets: readonly number[];
}

const KEY_MIN = EXP_MIN * SUB_BUCKETS;
const KEY_MAX = EXP_MAX * SUB_BUCKETS + SUB_BUCKETS - 1;

/**
 * Checks a `HistogramJSON` that crossed a boundary (a file, a worker message) and returns its
 * buckets as absolute keys and counts. Throws a RangeError naming the first bad field.
 */
export function decodeHistogramJSON(json: HistogramJSON): { keys: number[]; counts: number[] } {
  const fail = (what: string, value: unknown): RangeError =>
    new RangeError(`Histogram.fromJSON: ${what}, got ${describeValue(value)}`);
  if (json.version !== 1) throw fail('version must be 1', json.version);
  const { count, zeroCount, sum, min, max, buckets } = json;
  if (!isCount(count)) throw fail('count must be a non-negative safe integer', count);
  if (!isCount(zeroCount)) throw fail('zeroCount must be a non-negative safe integer', zeroCount);
  if (!(typeof sum === 'number' && sum >= 0 && sum < Infinity)) throw fail('sum must be a finite non-negative number', sum);
  if (!Array.isArray(buckets) || buckets.length % 2 !== 0) throw fail('buckets must be an array of pairs', buckets);
  if (count === 0) {
    if (min !== null || max !== null) throw fail('min and max must be null when count is 0', min ?? max);
  } else if (!(typeof min === 'number' && min >= 0 && typeof max === 'number' && max >= min && max < Infinity)) {
    throw fail('min and max must satisfy 0 <= min <= max < Infinity', min === null ? min : max);
  }
  const keys: number[] = [];
  const counts: number[] = [];
  let key = 0;
  let total = zeroCount;
  for (let i = 0; i < buckets.length; i += 2) {
    const delta = buckets[i];
    if (!Number.isSafeInteger(delta) || delta < (i === 0 ? 0 : 1)) throw fail(`buckets[${i}] must be a positive key delta`, delta);
    key += delta;
    if (key < KEY_MIN || key > KEY_MAX) throw fail(`buckets[${i}] makes a key outside the histogram range`, key);
    const n = buckets[i + 1];
    if (!isCount(n) || n === 0) throw fail(`buckets[${i + 1}] must be a positive safe integer`, n);
    keys.push(key);
    counts.push(n);
    total += n;
  }
  if (total !== count) throw fail(`count must equal zeroCount plus the bucket counts (${total})`, count);
  return { keys, counts };
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
