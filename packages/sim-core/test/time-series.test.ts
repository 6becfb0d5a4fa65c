import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIME_SERIES_BUCKETS_MAX, TimeSeries } from '../src/metrics/time-series.js';
import type { TimeSeriesAggregate } from '../src/metrics/time-series.js';

type Point = readonly [timeUs: number, value: number];

/** The naive model: group points by bucket in a Map, then aggregate each group in arrival order. */
function reference(points: readonly Point[], intervalUs: number, startUs: number, aggregate: TimeSeriesAggregate): number[] {
  const groups = new Map<number, Point[]>();
  let length = 0;
  for (const point of points) {
    const index = Math.floor((point[0] - startUs) / intervalUs);
    groups.set(index, [...(groups.get(index) ?? []), point]);
    length = Math.max(length, index + 1);
  }
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const group = groups.get(i);
    if (group === undefined) {
      out.push(aggregate === 'sum' ? 0 : NaN);
      continue;
    }
    const values = group.map(([, v]) => v);
    const total = values.reduce((a, b) => a + b, 0);
    if (aggregate === 'sum') out.push(total);
    if (aggregate === 'mean') out.push(total / values.length);
    if (aggregate === 'max') out.push(Math.max(...values));
    if (aggregate === 'min') out.push(Math.min(...values));
    // A stable sort by time keeps arrival order among equal times, so the last element wins ties.
    if (aggregate === 'last') out.push([...group].sort((a, b) => a[0] - b[0])[group.length - 1][1]);
  }
  return out;
}

const AGGREGATES: readonly TimeSeriesAggregate[] = ['sum', 'mean', 'max', 'min', 'last'];

// Adding +0 folds -0 into +0, so Math.min/Math.max in the model agree with the series on zeros.
const values = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })).map((v) => v + 0);

const scenario = fc
  .record({
    intervalUs: fc.integer({ min: 1, max: 1000 }),
    startUs: fc.integer({ min: -1000, max: 1_000_000 }),
    // Up to 300 buckets so the Float64Array has to grow, and as few as 1 so buckets fill up.
    buckets: fc.integer({ min: 1, max: 300 }),
  })
  .chain(({ intervalUs, startUs, buckets }) =>
    fc.record({
      intervalUs: fc.constant(intervalUs),
      startUs: fc.constant(startUs),
      // Offsets are independent, so times arrive in any order, with repeats.
      points: fc.array(fc.tuple(fc.integer({ min: 0, max: intervalUs * buckets - 1 }).map((o) => startUs + o), values), {
        maxLength: 400,
        size: 'max',
      }),
    }),
  );

describe('TimeSeries aggregates', () => {
  for (const aggregate of AGGREGATES) {
    it(`add(timeUs, value) with aggregate '${aggregate}' matches a Map-based reference model`, () => {
      fc.assert(
        fc.property(scenario, ({ intervalUs, startUs, points }) => {
          const series = new TimeSeries({ intervalUs, startUs, aggregate });
          for (const [timeUs, value] of points) series.add(timeUs, value);
          const expected = reference(points, intervalUs, startUs, aggregate);
          expect(series.length).toBe(expected.length);
          expect(series.toArray()).toEqual(expected);
          expect(Array.from({ length: series.length }, (_, i) => series.valueAt(i))).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  }

  it("add(timeUs, value) with 'last' keeps the latest time even when values arrive out of order", () => {
    const series = new TimeSeries({ intervalUs: 10, aggregate: 'last' });
    series.add(9, 1);
    series.add(3, 2);
    series.add(9, 3);
    series.add(0, 4);
    expect(series.toArray()).toEqual([3]);
  });

  it('add(timeUs, value) grows storage for a bucket far past the initial capacity', () => {
    const series = new TimeSeries({ intervalUs: 1, aggregate: 'sum' });
    series.add(100_000, 5);
    series.add(0, 1);
    expect(series.length).toBe(100_001);
    expect([series.valueAt(0), series.valueAt(50_000), series.valueAt(100_000)]).toEqual([1, 0, 5]);
  });
});

describe('TimeSeries shape and JSON', () => {
  it('timeAt(i) is the start of bucket i in µs', () => {
    const series = new TimeSeries({ intervalUs: 250, aggregate: 'max', startUs: 1000 });
    expect([series.timeAt(0), series.timeAt(3)]).toEqual([1000, 1750]);
    series.add(1249, 7);
    series.add(1250, 8);
    expect(series.toArray()).toEqual([7, 8]);
  });

  it('toJSON() writes empty buckets as 0 for sum and null for the other aggregates', () => {
    for (const aggregate of AGGREGATES) {
      const series = new TimeSeries({ intervalUs: 100, aggregate, startUs: 50 });
      series.add(50, 2);
      series.add(100, 4);
      series.add(349, 6);
      const expected = { sum: [6, 0, 6], mean: [3, null, 6], max: [4, null, 6], min: [2, null, 6], last: [4, null, 6] }[aggregate];
      const json = series.toJSON();
      expect(json).toEqual({ intervalUs: 100, startUs: 50, aggregate, values: expected });
      expect(JSON.parse(JSON.stringify(series))).toEqual(json);
    }
  });

  it('a new series has length 0 and serialises to an empty values array', () => {
    const series = new TimeSeries({ intervalUs: 1000, aggregate: 'mean' });
    expect(series.length).toBe(0);
    expect(series.toArray()).toEqual([]);
    expect(series.toJSON()).toEqual({ intervalUs: 1000, startUs: 0, aggregate: 'mean', values: [] });
  });
});

describe('TimeSeries errors', () => {
  it('new TimeSeries(options) rejects a bad intervalUs, aggregate or startUs, naming the value', () => {
    expect(() => new TimeSeries({ intervalUs: 0, aggregate: 'sum' })).toThrow(
      new RangeError('TimeSeries: intervalUs must be a positive safe integer, got 0'),
    );
    expect(() => new TimeSeries({ intervalUs: 1.5, aggregate: 'sum' })).toThrow(
      new RangeError('TimeSeries: intervalUs must be a positive safe integer, got 1.5'),
    );
    expect(() => new TimeSeries({ intervalUs: 10, aggregate: 'median' as TimeSeriesAggregate })).toThrow(
      new RangeError('TimeSeries: aggregate must be one of sum, mean, max, min, last, got "median"'),
    );
    expect(() => new TimeSeries({ intervalUs: 10, aggregate: 'sum', startUs: NaN })).toThrow(
      new RangeError('TimeSeries: startUs must be a safe integer, got NaN'),
    );
  });

  it('add(timeUs, value) rejects a time before startUs, a fractional time and a non-finite value', () => {
    const series = new TimeSeries({ intervalUs: 10, aggregate: 'sum', startUs: 100 });
    expect(() => series.add(99, 1)).toThrow(new RangeError('TimeSeries.add: timeUs must be a safe integer >= startUs (100), got 99'));
    expect(() => series.add(100.5, 1)).toThrow(new RangeError('TimeSeries.add: timeUs must be a safe integer >= startUs (100), got 100.5'));
    expect(() => series.add(100, NaN)).toThrow(new RangeError('TimeSeries.add: value must be finite, got NaN'));
    expect(() => series.add(100, -Infinity)).toThrow(new RangeError('TimeSeries.add: value must be finite, got -Infinity'));
    expect(series.length).toBe(0);
  });

  it('add(timeUs, value) refuses a bucket index at or beyond TIME_SERIES_BUCKETS_MAX', () => {
    const series = new TimeSeries({ intervalUs: 1, aggregate: 'sum' });
    expect(() => series.add(TIME_SERIES_BUCKETS_MAX, 1)).toThrow(
      new RangeError('TimeSeries.add: timeUs 10000000 falls in bucket 10000000, beyond the maximum of 10000000 buckets'),
    );
    expect(series.length).toBe(0);
  });

  it('valueAt(i) and timeAt(i) reject an index out of range, naming it', () => {
    const series = new TimeSeries({ intervalUs: 10, aggregate: 'sum' });
    series.add(5, 1);
    expect(() => series.valueAt(1)).toThrow(new RangeError('TimeSeries.valueAt: i must be an integer in [0, 1), got 1'));
    expect(() => series.valueAt(-1)).toThrow(new RangeError('TimeSeries.valueAt: i must be an integer in [0, 1), got -1'));
    expect(() => series.timeAt(0.5)).toThrow(new RangeError('TimeSeries.timeAt: i must be an integer in [0, 10000000], got 0.5'));
  });
});
