import { describeValue } from '../assert.js';

/** How the values that fall in one bucket are combined. */
export type TimeSeriesAggregate = 'sum' | 'mean' | 'max' | 'min' | 'last';

export interface TimeSeriesOptions {
  /** Bucket width in simulated µs; a positive safe integer. */
  readonly intervalUs: number;
  readonly aggregate: TimeSeriesAggregate;
  /** Start of bucket 0 in simulated µs; a safe integer, 0 by default. */
  readonly startUs?: number;
}

/**
 * JSON form of a series. Empty buckets are 0 for 'sum' and null for the other aggregates,
 * because NaN (their in-memory marker) is not JSON-safe.
 */
export interface TimeSeriesJSON {
  readonly intervalUs: number;
  readonly startUs: number;
  readonly aggregate: TimeSeriesAggregate;
  readonly values: (number | null)[];
}

/**
 * Most buckets one series may hold. A run is always bounded, so an index past this is a bug
 * (a wrong unit or interval, say) and is refused before it can allocate gigabytes.
 */
export const TIME_SERIES_BUCKETS_MAX = 10_000_000;

const AGGREGATES: readonly TimeSeriesAggregate[] = ['sum', 'mean', 'max', 'min', 'last'];
const CAPACITY_INITIAL = 64;

/**
 * A fixed-interval series over simulated time: `add(timeUs, value)` folds the value into bucket
 * floor((timeUs - startUs) / intervalUs) with the chosen aggregate.
 *
 * - 'sum': total of the values; an empty bucket is 0.
 * - 'mean': arithmetic mean of the values; an empty bucket is NaN.
 * - 'max' / 'min': extreme value; an empty bucket is NaN.
 * - 'last': the value with the latest time in the bucket, the later `add` winning a tie, so
 *   out-of-order arrivals give the same answer as in-order ones; an empty bucket is NaN.
 *
 * `length` is one past the highest bucket touched. Storage is a Float64Array grown by doubling,
 * plus a per-bucket count for 'mean' and a per-bucket time for 'last'.
 */
export class TimeSeries {
  readonly intervalUs: number;
  readonly startUs: number;
  readonly aggregate: TimeSeriesAggregate;
  private values: Float64Array;
  // Per-bucket sample counts for 'mean', latest times for 'last'; empty for the others.
  private extra: Float64Array;
  private used = 0;

  constructor(options: TimeSeriesOptions) {
    const { intervalUs, aggregate, startUs = 0 } = options;
    if (!Number.isSafeInteger(intervalUs) || intervalUs <= 0) {
      throw new RangeError(`TimeSeries: intervalUs must be a positive safe integer, got ${describeValue(intervalUs)}`);
    }
    if (!AGGREGATES.includes(aggregate)) {
      throw new RangeError(`TimeSeries: aggregate must be one of ${AGGREGATES.join(', ')}, got ${describeValue(aggregate)}`);
    }
    if (!Number.isSafeInteger(startUs)) {
      throw new RangeError(`TimeSeries: startUs must be a safe integer, got ${describeValue(startUs)}`);
    }
    this.intervalUs = intervalUs;
    this.aggregate = aggregate;
    this.startUs = startUs;
    this.values = this.emptyValues(CAPACITY_INITIAL);
    this.extra = new Float64Array(aggregate === 'mean' || aggregate === 'last' ? CAPACITY_INITIAL : 0);
  }

  /** Number of buckets: one past the highest bucket any value fell in. */
  get length(): number {
    return this.used;
  }

  /** Folds `value` into the bucket containing `timeUs` (a safe integer, at least `startUs`). */
  add(timeUs: number, value: number): void {
    if (!Number.isSafeInteger(timeUs) || timeUs < this.startUs) {
      throw new RangeError(
        `TimeSeries.add: timeUs must be a safe integer >= startUs (${this.startUs}), got ${describeValue(timeUs)}`,
      );
    }
    if (!Number.isFinite(value)) throw new RangeError(`TimeSeries.add: value must be finite, got ${describeValue(value)}`);
    const index = Math.floor((timeUs - this.startUs) / this.intervalUs);
    if (index >= TIME_SERIES_BUCKETS_MAX) {
      throw new RangeError(
        `TimeSeries.add: timeUs ${timeUs} falls in bucket ${index}, beyond the maximum of ${TIME_SERIES_BUCKETS_MAX} buckets`,
      );
    }
    if (index >= this.values.length) this.grow(index);
    if (index >= this.used) this.used = index + 1;
    const values = this.values;
    const current = values[index];
    switch (this.aggregate) {
      case 'sum':
        values[index] = current + value;
        break;
      case 'mean':
        values[index] = current + value;
        this.extra[index] += 1;
        break;
      case 'max':
        if (!(current >= value)) values[index] = value;
        break;
      case 'min':
        if (!(current <= value)) values[index] = value;
        break;
      case 'last':
        // NaN marks an empty bucket; otherwise a later or equal time replaces the value.
        if (Number.isNaN(current) || timeUs >= this.extra[index]) {
          values[index] = value;
          this.extra[index] = timeUs;
        }
        break;
    }
  }

  /** The aggregate of bucket `i` (0 <= i < length): 0 for an empty 'sum' bucket, NaN otherwise. */
  valueAt(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.used) {
      throw new RangeError(`TimeSeries.valueAt: i must be an integer in [0, ${this.used}), got ${describeValue(i)}`);
    }
    return this.read(i);
  }

  /** Start time in µs of bucket `i`, for any i in [0, TIME_SERIES_BUCKETS_MAX]. */
  timeAt(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i > TIME_SERIES_BUCKETS_MAX) {
      throw new RangeError(
        `TimeSeries.timeAt: i must be an integer in [0, ${TIME_SERIES_BUCKETS_MAX}], got ${describeValue(i)}`,
      );
    }
    return this.startUs + i * this.intervalUs;
  }

  /** Every bucket's aggregate, as `valueAt` reports it (NaN for empty non-'sum' buckets). */
  toArray(): number[] {
    const out = new Array<number>(this.used);
    for (let i = 0; i < this.used; i++) out[i] = this.read(i);
    return out;
  }

  /** The JSON form: like `toArray`, with null in place of NaN. */
  toJSON(): TimeSeriesJSON {
    const values = new Array<number | null>(this.used);
    for (let i = 0; i < this.used; i++) {
      const v = this.read(i);
      values[i] = Number.isNaN(v) ? null : v;
    }
    return { intervalUs: this.intervalUs, startUs: this.startUs, aggregate: this.aggregate, values };
  }

  private read(i: number): number {
    return this.aggregate === 'mean' ? this.values[i] / this.extra[i] : this.values[i];
  }

  /** Storage for `capacity` buckets, with the empty marker each aggregate expects. */
  private emptyValues(capacity: number): Float64Array {
    const values = new Float64Array(capacity);
    if (this.aggregate !== 'sum' && this.aggregate !== 'mean') values.fill(NaN);
    return values;
  }

  private grow(index: number): void {
    let capacity = this.values.length;
    while (capacity <= index) capacity *= 2;
    capacity = Math.min(capacity, TIME_SERIES_BUCKETS_MAX);
    const values = this.emptyValues(capacity);
    values.set(this.values);
    this.values = values;
    if (this.extra.length > 0) {
      const extra = new Float64Array(capacity);
      extra.set(this.extra);
      this.extra = extra;
    }
  }
}
