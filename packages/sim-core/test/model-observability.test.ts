import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { Histogram } from '../src/metrics/histogram.js';
import {
  EventLog,
  FAILURE_REASONS,
  FAILURE_REASON_COUNT,
  MetricsRecorder,
  TraceSampler,
  failureReasonCode,
} from '../src/model/observability/index.js';
import type { FailureReason, MetricsRecorderOptions } from '../src/model/observability/index.js';

const INTERVAL_US = 1000;
const DURATION_US = 8500; // 9 ticks, the last one half as long
const TICKS = 9;
const OPTIONS: MetricsRecorderOptions = {
  intervalUs: INTERVAL_US,
  durationUs: DURATION_US,
  regions: ['us-east', 'eu-west'],
  endpoints: [
    { service: 'checkout', endpoint: 'pay' },
    { service: 'catalog', endpoint: 'list' },
  ],
};
const CELLS = 4;
/** Two-sided 99.9% normal critical value, z(0.9995). */
const Z999 = 3.2905267314918945;

type Op =
  | { readonly op: 'start'; readonly dtUs: number; readonly cell: number }
  | { readonly op: 'end'; readonly dtUs: number; readonly pick: number; readonly outcome: number; readonly latencyUs: number }
  | { readonly op: 'attempt'; readonly pick: number }
  | { readonly op: 'gauge'; readonly dtUs: number; readonly cell: number; readonly value: number }
  | { readonly op: 'cost'; readonly dtUs: number; readonly region: number; readonly cents: number }
  | { readonly op: 'tick'; readonly dtUs: number };

const dt = fc.integer({ min: 0, max: 400 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('start' as const), dtUs: dt, cell: fc.nat(CELLS - 1) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('end' as const),
      dtUs: dt,
      pick: fc.nat(),
      // 0 success, 1 degraded success, 2.. failure with reason code outcome - 2.
      outcome: fc.nat(FAILURE_REASON_COUNT + 1),
      latencyUs: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50_000_000 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('attempt' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('gauge' as const), dtUs: dt, cell: fc.nat(CELLS - 1), value: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cost' as const), dtUs: dt, region: fc.nat(1), cents: fc.nat(500) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), dtUs: dt }) },
);

/** The reference model: plain arrays, one entry per tick per cell. */
interface Reference {
  requests: number[][];
  successes: number[][];
  degraded: number[][];
  failures: number[][][];
  latencies: number[][][];
  gauges: (number | null)[][];
  costsUsd: number[][];
  /** Cells of user requests started and not completed, in start order. */
  inFlight: number[];
  /** Cells of attempts started and not ended. */
  attempts: number[];
}

const grid = <T>(fill: () => T): T[][] => Array.from({ length: TICKS }, () => Array.from({ length: CELLS }, fill));

/**
 * Feeds `ops` to `recorder` (always a consistent sequence: completions only of started
 * requests) and mirrors them in a reference model. `explicitTicks` decides whether the 'tick'
 * ops call tick() or are left to the lazy boundary handling.
 */
function play(ops: readonly Op[], recorder: MetricsRecorder, explicitTicks: boolean): Reference {
  const ref: Reference = {
    requests: grid(() => 0),
    successes: grid(() => 0),
    degraded: grid(() => 0),
    failures: grid(() => new Array<number>(FAILURE_REASON_COUNT).fill(0)),
    latencies: grid(() => []),
    gauges: grid(() => null),
    costsUsd: Array.from({ length: TICKS }, () => [0, 0]),
    inFlight: [],
    attempts: [],
  };
  let nowUs = 0;
  const tickOf = (t: number): number => Math.min(TICKS - 1, Math.floor(t / INTERVAL_US));
  for (const o of ops) {
    if (o.op !== 'attempt') nowUs = Math.min(DURATION_US, nowUs + o.dtUs);
    const k = tickOf(nowUs);
    switch (o.op) {
      case 'start':
        recorder.started(o.cell, nowUs);
        ref.requests[k][o.cell] += 1;
        ref.inFlight.push(o.cell);
        break;
      case 'end': {
        if (ref.inFlight.length === 0) break;
        const [cell] = ref.inFlight.splice(o.pick % ref.inFlight.length, 1);
        if (o.outcome <= 1) {
          recorder.succeeded(cell, nowUs, o.latencyUs, o.outcome === 1);
          ref.successes[k][cell] += 1;
          if (o.outcome === 1) ref.degraded[k][cell] += 1;
          ref.latencies[k][cell].push(o.latencyUs);
        } else {
          recorder.failed(cell, nowUs, o.outcome - 2);
          ref.failures[k][cell][o.outcome - 2] += 1;
        }
        break;
      }
      case 'attempt':
        // Start an attempt in a cell, or end one that is running, picked by `pick`.
        if (o.pick % 2 === 0 || ref.attempts.length === 0) {
          const cell = o.pick % CELLS;
          recorder.attemptStarted(cell);
          ref.attempts.push(cell);
        } else {
          const [cell] = ref.attempts.splice(o.pick % ref.attempts.length, 1);
          recorder.attemptEnded(cell);
        }
        break;
      case 'gauge':
        recorder.gauge(o.cell, nowUs, o.value, o.value + 1, o.value / 100);
        ref.gauges[k][o.cell] = o.value;
        break;
      case 'cost':
        recorder.costUsd(o.region, nowUs, o.cents / 100);
        ref.costsUsd[k][o.region] += o.cents / 100;
        break;
      case 'tick':
        if (explicitTicks) recorder.tick(nowUs);
        break;
    }
  }
  return ref;
}

const column = <T>(rows: readonly (readonly T[])[], cell: number): T[] => rows.map((row) => row[cell]);

describe('MetricsRecorder against a reference model', () => {
  it('per-tick counts, gauges, costs and tick quantiles match; conservation holds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 250 }), (ops) => {
        const recorder = new MetricsRecorder(OPTIONS);
        const ref = play(ops, recorder, true);
        // In-flight requests at every boundary so far are legitimate: no violation yet.
        expect(recorder.checkConservation()).toEqual([]);
        recorder.finish();
        expect(recorder.ticksClosed).toBe(TICKS);
        for (let cell = 0; cell < CELLS; cell++) {
          expect(recorder.inFlightUser(cell)).toBe(ref.inFlight.filter((c) => c === cell).length);
          expect(recorder.inFlightAttempts(cell)).toBe(ref.attempts.filter((c) => c === cell).length);
        }
        const json = recorder.toJSON();
        expect(json.ticks).toBe(TICKS);
        json.series.forEach((s, cell) => {
          expect(s.requests).toEqual(column(ref.requests, cell));
          expect(s.successes).toEqual(column(ref.successes, cell));
          expect(s.degraded).toEqual(column(ref.degraded, cell));
          FAILURE_REASONS.forEach((reason, code) => {
            expect(s.failures[reason]).toEqual(ref.failures.map((row) => row[cell][code]));
          });
          expect(s.queueDepth).toEqual(column(ref.gauges, cell));
          const run = new Histogram();
          for (let t = 0; t < TICKS; t++) {
            const h = new Histogram();
            for (const x of ref.latencies[t][cell]) h.record(x);
            run.merge(h);
            // Exactly the same Histogram math, so equality, not tolerance.
            const expected = (q: number): number | null => (h.count === 0 ? null : h.quantile(q) / 1000);
            expect(s.p50Ms[t]).toBe(expected(0.5));
            expect(s.p95Ms[t]).toBe(expected(0.95));
            expect(s.p99Ms[t]).toBe(expected(0.99));
          }
          expect(s.latencyMs.p99).toBe(run.count === 0 ? null : run.quantile(0.99) / 1000);
        });
        json.costs.forEach((c, r) => expect(c.usd).toEqual(ref.costsUsd.map((row) => row[r])));
        const all = new Histogram();
        ref.latencies.flat(2).forEach((x) => all.record(x));
        expect(json.latencyMs.p99).toBe(all.count === 0 ? null : all.quantile(0.99) / 1000);
        expect(json.totals.requests).toBe(ref.requests.flat().reduce((a, b) => a + b, 0));
        expect(json.totals.inFlightUser).toBe(ref.inFlight.length);
        expect(json.conservationViolations).toEqual([]);
        // Still-running requests are violations only when the run is expected to have drained.
        const drained = recorder.checkConservation({ expectDrained: true });
        const busyCells = new Set(ref.inFlight).size + new Set(ref.attempts).size;
        expect(drained).toHaveLength(busyCells);
      }),
      { numRuns: 150 },
    );
  });

  it('lazy tick closing gives the same result as explicit tick() calls', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const lazy = new MetricsRecorder(OPTIONS);
        const eager = new MetricsRecorder(OPTIONS);
        play(ops, lazy, false);
        play(ops, eager, true);
        lazy.finish();
        eager.finish();
        expect(lazy.toJSON()).toStrictEqual(eager.toJSON());
      }),
      { numRuns: 60 },
    );
  });

  it('toJSON survives a JSON round trip unchanged, mid-run and finished', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const recorder = new MetricsRecorder(OPTIONS);
        play(ops, recorder, true);
        const mid = recorder.toJSON();
        expect(JSON.parse(JSON.stringify(mid))).toStrictEqual(mid);
        recorder.finish();
        const end = recorder.toJSON();
        expect(JSON.parse(JSON.stringify(end))).toStrictEqual(end);
        expect(end.series).toHaveLength(CELLS);
        for (const s of end.series) expect(s.requests).toHaveLength(TICKS);
      }),
      { numRuns: 60 },
    );
  });

  it('reports a deliberately skipped completion, and only when the run should have drained', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), fc.nat(CELLS - 1), fc.nat(DURATION_US), (ops, cell, skipAtUs) => {
        const recorder = new MetricsRecorder(OPTIONS);
        const ref = play(ops, recorder, true);
        // Drain everything the sequence left running, except one request we never complete.
        const startUs = Math.max(skipAtUs, DURATION_US - 1);
        recorder.started(cell, startUs);
        for (const c of ref.inFlight) recorder.failed(c, DURATION_US, failureReasonCode('deadline'));
        for (const c of ref.attempts) recorder.attemptEnded(c);
        recorder.finish();
        expect(recorder.checkConservation()).toEqual([]);
        const violations = recorder.checkConservation({ expectDrained: true });
        expect(violations).toHaveLength(1);
        expect(violations[0]).toContain('in flight 1');
        expect(violations[0]).toContain(`${OPTIONS.endpoints[cell % 2].service}/`);
      }),
      { numRuns: 60 },
    );
  });

  it('records a double completion at the next tick boundary', () => {
    const recorder = new MetricsRecorder(OPTIONS);
    const cell = recorder.cell(recorder.regionIndex('eu-west'), recorder.endpointIndex('catalog', 'list'));
    expect(cell).toBe(3);
    recorder.started(cell, 10);
    recorder.succeeded(cell, 20, 10, false);
    recorder.failed(cell, 30, failureReasonCode('timeout'));
    recorder.attemptEnded(0);
    expect(recorder.toJSON().conservationViolations).toHaveLength(2); // seen by the check of "now"
    recorder.tick(1000);
    // Balance the counters again: the check of "now" is clean, but the boundary saw it.
    recorder.started(cell, 1500);
    recorder.attemptStarted(0);
    // Boundary violations come in cell order.
    const violations = recorder.checkConservation();
    expect(violations).toHaveLength(2);
    expect(violations[1]).toMatch(/^eu-west catalog\/list at the end of tick 0 \(1000 µs\): user requests started 1, succeeded \+ failed 2, in flight -1 \(more completions than starts\)$/);
    expect(violations[0]).toMatch(/^us-east checkout\/pay at the end of tick 0 .*attempts started 0, ended 1/);
  });
});

describe('MetricsRecorder contract', () => {
  it('counts an event at exactly durationUs in the last tick, and refuses time travel', () => {
    const recorder = new MetricsRecorder(OPTIONS);
    recorder.started(0, 1999);
    recorder.started(0, 2000);
    expect(() => recorder.started(0, 1999)).toThrow(/time went backwards: 1999 µs is before the open tick starting at 2000 µs/);
    expect(() => recorder.started(0, DURATION_US + 1)).toThrow(/past the end of the run/);
    expect(() => recorder.started(0, 2500.5)).toThrow(/safe integer, got 2500.5/);
    recorder.started(0, DURATION_US);
    recorder.finish();
    expect(recorder.toJSON().series[0].requests).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(() => recorder.started(0, DURATION_US)).toThrow(/after finish/);
  });

  it('validates cells, reasons, latencies and gauges without counting the bad call', () => {
    const recorder = new MetricsRecorder(OPTIONS);
    expect(() => recorder.started(4, 0)).toThrow(/cell must be an integer in \[0, 4\), got 4/);
    expect(() => recorder.started(-1, 0)).toThrow(/got -1/);
    recorder.started(0, 0);
    expect(() => recorder.failed(0, 0, FAILURE_REASON_COUNT)).toThrow(/reasonCode must be an integer in \[0, 7\)/);
    expect(() => recorder.succeeded(0, 0, -1, false)).toThrow(/finite non-negative/);
    expect(() => recorder.gauge(0, 0, NaN, 1, 0)).toThrow(/readings must be finite, got NaN/);
    expect(() => recorder.costUsd(2, 0, 1)).toThrow(/no region index 2/);
    expect(() => recorder.cell(0, 2)).toThrow(/no endpoint index 2/);
    expect(() => recorder.regionIndex('ap-south')).toThrow(/unknown region "ap-south"/);
    expect(() => recorder.endpointIndex('checkout', 'list')).toThrow(/unknown endpoint "checkout\/list"/);
    expect(recorder.inFlightUser(0)).toBe(1);
    expect(recorder.checkConservation()).toEqual([]);
  });

  it('validates its options', () => {
    expect(() => new MetricsRecorder({ ...OPTIONS, intervalUs: 0 })).toThrow(/intervalUs must be a positive safe integer, got 0/);
    expect(() => new MetricsRecorder({ ...OPTIONS, durationUs: 1.5 })).toThrow(/durationUs/);
    expect(() => new MetricsRecorder({ ...OPTIONS, regions: ['a', 'a'] })).toThrow(/region "a" is listed twice/);
    expect(() => new MetricsRecorder({ ...OPTIONS, endpoints: [] })).toThrow(/endpoints must be a non-empty array/);
    expect(() => new MetricsRecorder({ ...OPTIONS, intervalUs: 1, durationUs: 1_000_000 })).toThrow(/slots, more than/);
  });

  it('keeps the last gauge reading per tick and null for ticks without one', () => {
    const recorder = new MetricsRecorder(OPTIONS);
    recorder.gauge(1, 100, 5, 2, 0.5);
    recorder.gauge(1, 900, 7, 3, -0);
    recorder.gauge(1, 2100, 1, 1, 0.25);
    recorder.tick(3000);
    const s = recorder.toJSON().series[1];
    expect(s.queueDepth).toEqual([7, null, 1]);
    expect(s.instances).toEqual([3, null, 1]);
    expect(Object.is(s.utilisation[0], 0)).toBe(true);
  });

  it('maps failure reasons to codes and back', () => {
    FAILURE_REASONS.forEach((reason, code) => expect(failureReasonCode(reason)).toBe(code));
    expect(() => failureReasonCode('oops' as FailureReason)).toThrow(/unknown failure reason "oops"/);
  });
});

describe('EventLog', () => {
  it('keeps the first eventLogMax entries, counts the rest, and sorts by time then insertion', () => {
    const log = new EventLog({ eventLogMax: 4 });
    expect(log.add(300, 'fault-started', 'us-east', 'zone outage', 7)).toBe(true);
    expect(log.add(100, 'scaled', 'us-east/checkout', '3 -> 5')).toBe(true);
    expect(log.add(300, 'health-changed', 'us-east', 'unhealthy')).toBe(true);
    expect(log.add(100, 'alert', 'checkout', 'p99 > 250ms')).toBe(true);
    expect(log.add(0, 'fault-repaired', 'us-east', 'zone back', 7)).toBe(false);
    expect(log.add(50, 'instance-ready', 'eu-west', 'i-3')).toBe(false);
    expect(log.dropped).toBe(2);
    expect(log.length).toBe(4);
    expect(log.entries.map((e) => [e.timeUs, e.kind])).toEqual([
      [100, 'scaled'],
      [100, 'alert'],
      [300, 'fault-started'],
      [300, 'health-changed'],
    ]);
    expect(log.entries[2]).toStrictEqual({ timeUs: 300, kind: 'fault-started', subject: 'us-east', detail: 'zone outage', correlationId: 7 });
    expect('correlationId' in log.entries[0]).toBe(false);
    const json = log.toJSON();
    expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
    expect(json.dropped).toBe(2);
  });

  it('orders any insertion sequence stably by time', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 60 }), fc.nat(40), (times, max) => {
        const log = new EventLog({ eventLogMax: max });
        times.forEach((t, i) => log.add(t, 'routing-changed', 'r', String(i)));
        const kept = times.slice(0, max).map((t, i) => ({ t, i }));
        kept.sort((a, b) => a.t - b.t || a.i - b.i);
        expect(log.entries.map((e) => Number(e.detail))).toEqual(kept.map((k) => k.i));
        expect(log.dropped).toBe(Math.max(0, times.length - max));
      }),
      { numRuns: 100 },
    );
  });

  it('validates', () => {
    expect(() => new EventLog({ eventLogMax: -1 })).toThrow(/eventLogMax must be a non-negative safe integer, got -1/);
    const log = new EventLog({ eventLogMax: 1 });
    expect(() => log.add(-5, 'alert', 's', 'd')).toThrow(/timeUs/);
    expect(() => log.add(0, 'nope' as 'alert', 's', 'd')).toThrow(/unknown kind "nope"/);
    expect(() => log.add(0, 'alert', 's', 'd', 0.5)).toThrow(/correlationId/);
  });
});

describe('TraceSampler', () => {
  it('samples within the binomial 99.9% interval and takes exactly one draw per request', () => {
    const n = 100_000;
    for (const ratio of [0.01, 0.1, 0.5]) {
      const sampler = new TraceSampler({ ratio, max: 10 });
      const rng = new RandomStream(20_240_601, `trace/${ratio}`);
      let yes = 0;
      for (let i = 0; i < n; i++) if (sampler.sample(rng)) yes += 1;
      expect(sampler.sampled).toBe(yes);
      const halfWidth = Z999 * Math.sqrt(n * ratio * (1 - ratio));
      expect(Math.abs(yes - n * ratio)).toBeLessThanOrEqual(halfWidth);
      const twin = new RandomStream(20_240_601, `trace/${ratio}`);
      for (let i = 0; i < n; i++) twin.float();
      expect(rng.float()).toBe(twin.float());
    }
  });

  it('draws once even at ratio 0 and 1', () => {
    for (const ratio of [0, 1]) {
      const sampler = new TraceSampler({ ratio, max: 0 });
      const rng = new RandomStream(1, 'x');
      const twin = new RandomStream(1, 'x');
      expect(sampler.sample(rng)).toBe(ratio === 1);
      twin.float();
      expect(rng.float()).toBe(twin.float());
    }
  });

  it('keeps copies of up to max spans and round-trips through JSON', () => {
    const sampler = new TraceSampler({ ratio: 0.5, max: 2 });
    const span = { traceId: 1, name: 'checkout/pay', region: 'us-east', startUs: 10, endUs: 40, outcome: 'success' as const };
    expect(sampler.addSpan(span)).toBe(true);
    expect(sampler.addSpan({ ...span, name: 'attempt 2', outcome: 'timeout' })).toBe(true);
    expect(sampler.addSpan({ ...span, traceId: 2 })).toBe(false);
    expect(sampler.dropped).toBe(1);
    const json = sampler.toJSON();
    expect(json.spans).toEqual([span, { ...span, name: 'attempt 2', outcome: 'timeout' }]);
    expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
    expect(() => sampler.addSpan({ ...span, endUs: 5 })).toThrow(/startUs <= endUs/);
    expect(() => new TraceSampler({ ratio: 1.5, max: 1 })).toThrow(/ratio must be in \[0, 1\], got 1.5/);
    expect(() => new TraceSampler({ ratio: 0.5, max: -1 })).toThrow(/max must be/);
  });
});
