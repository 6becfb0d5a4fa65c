import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertEvaluator, scopeNames, timeToDetect } from '../src/model/ops/alerts/index.js';
import type { AlertScope } from '../src/model/ops/alerts/index.js';
import { S, alerting, drive, rule } from './fixtures/alert-builders.js';

/** The first point of the grid startUs + k·intervalUs (k >= 0) at or after x. */
function gridAtOrAfter(x: number, startUs: number, intervalUs: number): number {
  return startUs + Math.max(0, Math.ceil((x - startUs) / intervalUs)) * intervalUs;
}

describe('the for duration, exactly as Prometheus', () => {
  it('a step at s fires at the first evaluation >= s′ + forUs (s′ the first evaluation >= s) and resolves at the first evaluation >= the step back (property)', () => {
    const arb = fc
      .record({
        intervalUs: fc.integer({ min: 1, max: 2 * S }),
        startUs: fc.integer({ min: 0, max: 3 * S }),
        stepAt: fc.double({ min: 0, max: 100, noNaN: true }),
        forAt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 30, noNaN: true })),
        forExtraUs: fc.integer({ min: 0, max: 999 }),
        lastsAt: fc.double({ min: 0.001, max: 20, noNaN: true }),
        falling: fc.boolean(),
      })
      .map(({ intervalUs, startUs, stepAt, forAt, forExtraUs, lastsAt, falling }) => ({
        intervalUs,
        startUs,
        // Steps and durations in units of the interval, so the run stays a few hundred evaluations long.
        stepUs: Math.floor(stepAt * intervalUs),
        forUs: Math.floor(forAt * intervalUs) + (forAt === 0 ? 0 : forExtraUs),
        lastsUs: Math.max(1, Math.floor(lastsAt * intervalUs)),
        falling,
      }));
    fc.assert(
      fc.property(arb, ({ intervalUs, startUs, stepUs, forUs, lastsUs, falling }) => {
        // Rising: the error ratio steps from 0 to 1; falling: availability steps from 1 to 0.5.
        const r = falling
          ? rule('low-availability', { metric: 'availability', comparator: '<', threshold: 0.99, forUs, evaluationIntervalUs: intervalUs })
          : rule('high-errors', { comparator: '>=', threshold: 1, forUs, evaluationIntervalUs: intervalUs });
        const evaluator = new AlertEvaluator(alerting([r]), { startUs });
        const firstTrue = gridAtOrAfter(stepUs, startUs, intervalUs);
        const firesAt = gridAtOrAfter(firstTrue + forUs, startUs, intervalUs);
        const backAt = firesAt + lastsUs;
        const bad = falling ? 0.5 : 1;
        const good = falling ? 1 : 0;
        drive(evaluator, backAt + intervalUs, (_r, t) => (t >= stepUs && t < backAt ? bad : good));
        expect(evaluator.firings).toHaveLength(1);
        const [firing] = evaluator.firings;
        expect(firing.activeAtUs).toBe(firstTrue);
        expect(firing.startsAtUs).toBe(firesAt);
        expect(firing.endsAtUs).toBe(gridAtOrAfter(backAt, startUs, intervalUs));
        expect(evaluator.timeToDetect(stepUs, { region: 'eu' })).toBe(firesAt - stepUs);
        expect(evaluator.report(backAt + intervalUs).rules[0].pendingResets).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('a metric flapping with a period shorter than forUs never fires, while forUs = 0 fires on it (property)', () => {
    const arb = fc
      .record({
        periodUs: fc.integer({ min: 4, max: 10 * S }),
        duty: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        phase: fc.double({ min: 0, max: 1, noNaN: true }),
        intervalShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
        forShare: fc.double({ min: 1, max: 10, noNaN: true }),
      })
      .map(({ periodUs, duty, phase, intervalShare, forShare }) => {
        const trueUs = Math.max(1, Math.min(periodUs - 1, Math.round(duty * periodUs)));
        // An interval no longer than either phase puts an evaluation in every true and every false phase.
        const intervalUs = Math.max(1, Math.floor(intervalShare * Math.min(trueUs, periodUs - trueUs)));
        return { periodUs, trueUs, offsetUs: Math.floor(phase * periodUs), intervalUs, forUs: Math.ceil(forShare * periodUs) + 1 };
      });
    fc.assert(
      fc.property(arb, ({ periodUs, trueUs, offsetUs, intervalUs, forUs }) => {
        const flapping = (_r: number, t: number) => ((t + offsetUs) % periodUs < trueUs ? 1 : 0);
        // Long enough for a firing to show if the rule were wrong: forUs plus ten periods (at most ~8,400 evaluations).
        const until = forUs + 10 * periodUs;
        const slow = new AlertEvaluator(alerting([rule('flap', { threshold: 0.5, forUs, evaluationIntervalUs: intervalUs })]));
        drive(slow, until, flapping);
        expect(slow.firings).toEqual([]);
        // The condition did hold: each true phase went pending and a false phase reset it.
        const completePeriods = Math.floor(until / periodUs);
        expect(slow.report(until).rules[0].pendingResets).toBeGreaterThanOrEqual(completePeriods - 1);
        const eager = new AlertEvaluator(alerting([rule('flap', { threshold: 0.5, forUs: 0, evaluationIntervalUs: intervalUs })]));
        drive(eager, until, flapping);
        expect(eager.firings.length).toBeGreaterThanOrEqual(completePeriods - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('a false, null or NaN reading resets the pending timer; Infinity is a reading like any other', () => {
    for (const gap of [0, null, Number.NaN]) {
      const evaluator = new AlertEvaluator(alerting([rule('gap')]));
      // True at 0, 10, 20 s; the gap at 30 s; true again from 40 s: pending restarts at 40, fires at 70, not 30.
      drive(evaluator, 100 * S, (_r, t) => (t === 30 * S ? gap : 1));
      expect(evaluator.firings.map((f) => [f.activeAtUs, f.startsAtUs])).toEqual([[40 * S, 70 * S]]);
      expect(evaluator.report(100 * S).rules[0].pendingResets).toBe(1);
    }
    const overflow = new AlertEvaluator(alerting([rule('queue', { metric: 'queue-depth', threshold: 1e9, forUs: 0 })]));
    drive(overflow, 0, () => Number.POSITIVE_INFINITY);
    expect(overflow.firings.map((f) => f.startsAtUs)).toEqual([0]);
  });

  it('a firing resolves at the first failing evaluation and a later crossing is a new firing, pending anew', () => {
    const evaluator = new AlertEvaluator(alerting([rule('again', { forUs: 20 * S })]));
    const bad = (t: number) => (t >= 10 * S && t < 60 * S) || t >= 100 * S;
    drive(evaluator, 200 * S, (_r, t) => (bad(t) ? 1 : 0));
    expect(evaluator.firings.map((f) => [f.activeAtUs, f.startsAtUs, f.endsAtUs])).toEqual([
      [10 * S, 30 * S, 60 * S],
      [100 * S, 120 * S, null],
    ]);
    expect(evaluator.isPending(0)).toBe(false);
    expect(evaluator.firingOf(0)?.startsAtUs).toBe(120 * S);
  });
});

describe('time to detect', () => {
  it.each<[AlertScope, AlertScope, boolean]>([
    [{ region: 'eu' }, { region: 'eu' }, true],
    [{ region: 'eu', service: 'api' }, { region: 'eu' }, true],
    [{ region: 'eu', service: 'api', endpoint: 'checkout' }, { region: 'eu', service: 'api' }, true],
    [{}, { region: 'eu' }, false],
    [{ service: 'api' }, { region: 'eu', service: 'api' }, false],
    [{ region: 'us' }, { region: 'eu' }, false],
    [{ region: 'eu', service: 'db' }, { region: 'eu', service: 'api' }, false],
    [{ service: 'api' }, { service: 'api' }, true],
    [{}, {}, true],
  ])('scope %j names subject %j: %s', (scope, subject, names) => {
    expect(scopeNames(scope, subject)).toBe(names);
  });

  it('counts the first firing at or after the fault that names the faulted part, not earlier firings nor other parts', () => {
    const rules = [
      rule('global-availability', { metric: 'availability', comparator: '<', threshold: 0.99, forUs: 0, scope: {} }),
      rule('eu-api-errors', { forUs: 60 * S, scope: { region: 'eu', service: 'api' } }),
      rule('eu-latency', { metric: 'p99-ms', threshold: 800, forUs: 20 * S, scope: { region: 'eu' } }),
      rule('us-errors', { forUs: 0, scope: { region: 'us' } }),
    ];
    const evaluator = new AlertEvaluator(alerting(rules));
    const faultUs = 95 * S;
    // us has been erroring since 0 s (another cause); eu fails at 95 s: every eu reading goes bad.
    drive(evaluator, 400 * S, (r, t) => (r === 3 ? 1 : t < faultUs ? [1, 0, 100][r] : [0.5, 1, 2000][r]));
    // First evaluation >= 95 s is 100 s: global fires at 100 s, eu-latency at 120 s, eu-api-errors at 160 s.
    expect(evaluator.timeToDetect(faultUs, { region: 'eu' })).toBe(25 * S);
    expect(evaluator.timeToDetect(faultUs, { region: 'eu', service: 'api' })).toBe(65 * S);
    expect(evaluator.timeToDetect(faultUs, { region: 'us' })).toBeNull();
    expect(evaluator.timeToDetect(0, { region: 'us' })).toBe(0);
    expect(evaluator.timeToDetect(faultUs, {})).toBe(5 * S);
    expect(timeToDetect(evaluator.firings, faultUs, { region: 'eu' })).toBe(25 * S);
    expect(evaluator.timeToDetect(faultUs, { region: 'ap' })).toBeNull();
  });
});

describe('the engine contract', () => {
  it('reads only the rules due, each once per evaluation, on each rule its own grid from startUs', () => {
    const rules = [rule('fast', { evaluationIntervalUs: 10 * S }), rule('slow', { evaluationIntervalUs: 25 * S })];
    const evaluator = new AlertEvaluator(alerting(rules), { startUs: 5 * S });
    const seen: [number, number][] = [];
    let now = 0;
    while (evaluator.nextEvaluationUs() <= 60 * S) {
      now = evaluator.nextEvaluationUs();
      evaluator.evaluate(now, (r) => (seen.push([r, now]), 0));
    }
    expect(seen).toEqual([
      [0, 5 * S],
      [1, 5 * S],
      [0, 15 * S],
      [0, 25 * S],
      [0, 35 * S],
      [1, 30 * S],
      [0, 45 * S],
      [0, 55 * S],
      [1, 55 * S],
    ].sort((a, b) => a[1] - b[1] || a[0] - b[0]));
    expect(evaluator.nextEvaluationUs()).toBe(65 * S);
  });

  it('throws on a skipped evaluation, on time going backwards and on a bad config; a call with nothing due is a no-op', () => {
    const evaluator = new AlertEvaluator(alerting([rule('x')]));
    evaluator.evaluate(0, () => 0);
    expect(() => evaluator.evaluate(25 * S, () => 0)).toThrow(/skipped rule "x"'s evaluation due at 10000000 µs/);
    evaluator.evaluate(5 * S, () => {
      throw new Error('no rule is due at 5 s');
    });
    expect(() => evaluator.evaluate(1 * S, () => 0)).toThrow(RangeError);
    expect(() => evaluator.report(1 * S)).toThrow(RangeError);
    expect(() => new AlertEvaluator(alerting([rule('x', { forUs: -1, comparator: '=>' as never })]), { startUs: -3 })).toThrow(
      'AlertEvaluator: invalid config: rules[0].comparator must be one of ">", ">=", "<", "<=", got "=>" (did you mean ">="?); rules[0].forUs must be a whole number of µs >= 0, got -1; startUs must be a whole number of µs >= 0, got -3',
    );
    const empty = new AlertEvaluator(alerting([]));
    expect([empty.nextEventUs(), empty.evaluate(1e12, () => 0), empty.report(1e12).storm]).toEqual([
      Number.POSITIVE_INFINITY,
      0,
      { maxRulesFiringAtOnce: 0, peakAtUs: null, firingsPerPage: null },
    ]);
  });

  it('nextEventUs includes the group ticks; evaluate returns the firings started; the hooks see each firing, resolution and page once', () => {
    const events: string[] = [];
    const evaluator = new AlertEvaluator(alerting([rule('x', { forUs: 0 })], 15 * S), {
      onFiring: (f) => events.push(`fired ${f.startsAtUs / S}`),
      onResolved: (f) => events.push(`resolved ${String(f.endsAtUs === null ? null : f.endsAtUs / S)}`),
      onPage: (p) => events.push(`page ${p.atUs / S}`),
    });
    const started: number[] = [];
    let now = 0;
    while (evaluator.nextEventUs() <= 60 * S) {
      now = evaluator.nextEventUs();
      started.push(evaluator.evaluate(now, () => (now >= 20 * S && now < 50 * S ? 1 : 0)));
    }
    // Events at 0, 10, 20 (fires), 30, 35 (the tick), 40, 50 (resolves), 60 s.
    expect(started).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect(events).toEqual(['fired 20', 'page 35', 'resolved 50']);
  });
});
