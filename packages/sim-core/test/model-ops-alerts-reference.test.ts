import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertEvaluator, validateAlerting } from '../src/model/ops/alerts/index.js';
import type { AlertComparator, AlertFiring, AlertPage, AlertRuleConfig, AlertingConfig } from '../src/model/ops/alerts/index.js';

/**
 * A reference for the whole alerting pipeline written in another style: per rule, the `for`
 * rule as runs of consecutive true evaluations over a plain array of readings; per group, a
 * walk from tick to tick that recomputes "firing at T" from the firing intervals. The
 * evaluator must agree with it exactly (whole-µs integers: no tolerance) on random rules and
 * random metric series, whether the engine calls it at every event or only at evaluations.
 */

const U = 1_000;

interface RefFiring {
  rule: number;
  activeAt: number;
  start: number;
  end: number | null;
  pagedAt: number | null;
  inhibited: boolean;
}

interface RefPage {
  at: number;
  group: number;
  firings: RefFiring[];
}

function holds(comparator: AlertComparator, v: number | null, threshold: number): boolean {
  if (v === null || Number.isNaN(v)) return false;
  return comparator === '>' ? v > threshold : comparator === '>=' ? v >= threshold : comparator === '<' ? v < threshold : v <= threshold;
}

function evaluationTimes(rule: AlertRuleConfig, startUs: number, horizonUs: number): number[] {
  const times: number[] = [];
  for (let t = startUs; t <= horizonUs; t += rule.evaluationIntervalUs) times.push(t);
  return times;
}

/** The `for` rule as runs: in a maximal run of true evaluations from a, the alert fires at the first t with t − a >= forUs and ends at the run's first false evaluation. */
function referenceFirings(rule: AlertRuleConfig, r: number, times: number[], values: (number | null)[]): { firings: RefFiring[]; resets: number } {
  const firings: RefFiring[] = [];
  let resets = 0;
  let k = 0;
  while (k < times.length) {
    if (!holds(rule.comparator, values[k], rule.threshold)) {
      k++;
      continue;
    }
    let end = k;
    while (end < times.length && holds(rule.comparator, values[end], rule.threshold)) end++;
    const fireAt = times.slice(k, end).find((t) => t - times[k] >= rule.forUs);
    if (fireAt !== undefined) {
      firings.push({ rule: r, activeAt: times[k], start: fireAt, end: end < times.length ? times[end] : null, pagedAt: null, inhibited: false });
    } else if (end < times.length) {
      resets++;
    }
    k = end;
  }
  return { firings, resets };
}

function firingAt(f: RefFiring, t: number): boolean {
  return f.start <= t && (f.end === null || f.end > t);
}

/** Alertmanager's groups, walked tick by tick per group; pages sorted by (time, group order). */
function referencePages(config: AlertingConfig, firings: RefFiring[], horizonUs: number): RefPage[] {
  const rules = config.rules;
  const keys: string[] = [];
  const groupOf = rules.map((rule) => {
    if (rule.severity !== 'page') return -1;
    const key = `${rule.group ?? rule.name}|${rule.scope.region ?? '-'}`;
    if (!keys.includes(key)) keys.push(key);
    return keys.indexOf(key);
  });
  const inhibitedAt = (r: number, t: number): boolean =>
    firings.some(
      (f) =>
        f.rule !== r &&
        (rules[r].inhibitedBy ?? []).includes(rules[f.rule].name) &&
        (rules[f.rule].scope.region ?? '-') === (rules[r].scope.region ?? '-') &&
        firingAt(f, t),
    );
  const pages: RefPage[] = [];
  keys.forEach((_key, g) => {
    const mine = firings.filter((f) => groupOf[f.rule] === g).sort((a, b) => a.start - b.start || a.rule - b.rule);
    let idleSince = Number.NEGATIVE_INFINITY;
    for (;;) {
      const wake = mine.find((f) => f.start > idleSince);
      if (wake === undefined) break;
      let tick = wake.start + config.groupWaitUs;
      let idle = false;
      while (tick <= horizonUs && !idle) {
        const now = mine.filter((f) => firingAt(f, tick));
        const fresh = now.filter((f) => f.pagedAt === null);
        fresh.filter((f) => inhibitedAt(f.rule, tick)).forEach((f) => (f.inhibited = true));
        const batch = fresh.filter((f) => !inhibitedAt(f.rule, tick)).sort((a, b) => a.rule - b.rule);
        if (batch.length > 0) {
          batch.forEach((f) => (f.pagedAt = tick));
          pages.push({ at: tick, group: g, firings: batch });
        }
        if (now.length === 0) {
          idle = true;
          idleSince = tick;
        } else {
          tick += config.repeatIntervalUs;
        }
      }
      if (!idle) break;
    }
  });
  return pages.sort((a, b) => a.at - b.at || a.group - b.group);
}

const NAMES = ['A', 'B', 'C', 'D'];

const ruleArb = fc
  .record({
    name: fc.constantFrom(...NAMES),
    region: fc.constantFrom(undefined, 'eu', 'eu', 'eu', 'us'),
    service: fc.constantFrom(undefined, 'api', 'db'),
    comparator: fc.constantFrom<AlertComparator>('>', '>', '>', '>=', '<', '<='),
    threshold: fc.constantFrom(1, 1.5, 1.5, 1.5, 2),
    forUs: fc.constantFrom(0, 1, 2, 3, 5, 8).map((k) => k * U),
    evaluationIntervalUs: fc.constantFrom(1, 2, 3, 5).map((k) => k * U),
    severity: fc.constantFrom<'page' | 'ticket'>('page', 'page', 'page', 'ticket'),
    group: fc.constantFrom(undefined, 'g1', 'g1', 'g2'),
    inhibitedBy: fc.subarray(NAMES),
  })
  .map(({ region, service, group, inhibitedBy, ...rest }): AlertRuleConfig => ({
    ...rest,
    metric: 'queue-depth',
    scope: { ...(region === undefined ? {} : { region }), ...(service === undefined ? {} : { service }) },
    ...(group === undefined ? {} : { group }),
    // Only names earlier in the alphabet: the inhibition graph stays acyclic and never self-referent.
    inhibitedBy: inhibitedBy.filter((n) => n < rest.name),
  }));

/** Valid configs: drop repeated (name, scope) pairs and references to absent names. */
const configArb = fc
  .record({
    rules: fc.array(ruleArb, { minLength: 3, maxLength: 8 }),
    groupWaitUs: fc.constantFrom(0, 1, 4, 7, 12).map((k) => k * U),
    repeatIntervalUs: fc.constantFrom(1, 3, 6).map((k) => k * U),
  })
  .map(({ rules, ...rest }): AlertingConfig => {
    const seen = new Set<string>();
    const unique = rules.filter((rule) => {
      const id = JSON.stringify([rule.name, rule.scope]);
      return seen.has(id) ? false : (seen.add(id), true);
    });
    const names = unique.map((rule) => rule.name);
    return { ...rest, rules: unique.map((rule) => ({ ...rule, inhibitedBy: (rule.inhibitedBy ?? []).filter((n) => names.includes(n)) })) };
  });

/** Piecewise-constant readings (runs of one value), so conditions hold for a while and then stop. */
const seriesArb = fc
  .array(fc.record({ value: fc.constantFrom<number | null>(null, 0, 1, 2, 3, Number.NaN), length: fc.integer({ min: 1, max: 24 }) }), { minLength: 1, maxLength: 20 })
  .map((runs) => runs.flatMap(({ value, length }) => Array.from({ length }, () => value)));

const HORIZON_US = 80 * U;

/** A series is indexed by time (one entry per U, repeated), so rules reading it see the same metric whatever their interval. */
function readingAt(series: (number | null)[], t: number): number | null {
  return series[(t / U) % series.length];
}

const caseArb = fc.record({
  config: configArb,
  startUs: fc.constantFrom(0, 3 * U),
  // Two metric series, each rule reading one: rules on the same series fire for a common cause.
  series: fc.array(seriesArb, { minLength: 2, maxLength: 2 }),
  picks: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 8, maxLength: 8 }),
  lazy: fc.boolean(),
});

function comparable(firing: AlertFiring): unknown[] {
  return [firing.ruleIndex, firing.activeAtUs, firing.startsAtUs, firing.endsAtUs, firing.pagedAtUs, firing.inhibited];
}

describe('AlertEvaluator against a plain-array reference', () => {
  it('firings, pages, inhibition marks and pending resets equal the reference on random rules and metric series, eager or lazy (property)', () => {
    fc.assert(
      fc.property(caseArb, ({ config, startUs, series, picks, lazy }) => {
        expect(validateAlerting(config)).toEqual([]);
        const rules = config.rules;
        const times = rules.map((rule) => evaluationTimes(rule, startUs, HORIZON_US));
        const values = rules.map((_rule, r) => times[r].map((t) => readingAt(series[picks[r]], t)));
        const hooked: { fired: AlertFiring[]; resolved: AlertFiring[]; pages: AlertPage[] } = { fired: [], resolved: [], pages: [] };
        const evaluator = new AlertEvaluator(config, {
          startUs,
          onFiring: (f) => hooked.fired.push(f),
          onResolved: (f) => hooked.resolved.push(f),
          onPage: (p) => hooked.pages.push(p),
        });
        let now = 0;
        const read = (r: number): number | null => values[r][(now - startUs) / rules[r].evaluationIntervalUs];
        for (;;) {
          const next = lazy ? evaluator.nextEvaluationUs() : evaluator.nextEventUs();
          if (next > HORIZON_US) break;
          now = next;
          evaluator.evaluate(now, read);
        }
        now = HORIZON_US;
        evaluator.evaluate(HORIZON_US, read);

        const perRule = rules.map((rule, r) => referenceFirings(rule, r, times[r], values[r]));
        const expected = perRule.flatMap((p) => p.firings).sort((a, b) => a.start - b.start || a.rule - b.rule);
        const expectedPages = referencePages(config, expected, HORIZON_US);
        expect(evaluator.firings.map(comparable)).toEqual(expected.map((f) => [f.rule, f.activeAt, f.start, f.end, f.pagedAt, f.inhibited]));
        expect(evaluator.pages.map((p) => [p.atUs, p.firings.map((f) => [f.ruleIndex, f.startsAtUs])])).toEqual(
          expectedPages.map((p) => [p.at, p.firings.map((f) => [f.rule, f.start])]),
        );
        for (const page of evaluator.pages) {
          const first = rules[page.firings[0].ruleIndex];
          expect([page.group, page.region]).toEqual([first.group ?? first.name, first.scope.region ?? null]);
        }
        const report = evaluator.report(HORIZON_US);
        expect(report.rules.map((r) => r.pendingResets)).toEqual(perRule.map((p) => p.resets));
        expect(report.alertsFired).toBe(expected.length);
        expect(report.pagesSent).toBe(expectedPages.length);
        expect(hooked.fired).toEqual(evaluator.firings);
        // Resolutions come in time order, config order within one evaluation time.
        const ended = evaluator.firings.filter((f) => f.endsAtUs !== null);
        expect(hooked.resolved).toEqual([...ended].sort((a, b) => (a.endsAtUs ?? 0) - (b.endsAtUs ?? 0) || a.ruleIndex - b.ruleIndex));
        expect(hooked.pages).toEqual(evaluator.pages);
      }),
      { numRuns: 1500 },
    );
  });

  it('the storm figures equal a brute-force count over every firing start (property)', () => {
    fc.assert(
      fc.property(caseArb, ({ config, startUs, series, picks }) => {
        const rules = config.rules;
        const evaluator = new AlertEvaluator(config, { startUs });
        let now = 0;
        const read = (r: number): number | null => {
          return readingAt(series[picks[r]], now);
        };
        while (evaluator.nextEventUs() <= HORIZON_US) {
          now = evaluator.nextEventUs();
          evaluator.evaluate(now, read);
        }
        const firings = evaluator.firings;
        // The count of firings covering t only rises at a start, so its maximum is reached at one.
        const covering = (t: number) => firings.filter((f) => f.startsAtUs <= t && (f.endsAtUs === null || f.endsAtUs > t)).length;
        const counts = firings.map((f) => covering(f.startsAtUs));
        const max = Math.max(0, ...counts);
        const report = evaluator.report(HORIZON_US);
        expect(report.storm.maxRulesFiringAtOnce).toBe(max);
        expect(report.storm.peakAtUs).toBe(max === 0 ? null : firings[counts.indexOf(max)].startsAtUs);
        expect(report.storm.firingsPerPage).toBe(report.pagesSent === 0 ? null : firings.length / report.pagesSent);
        const peak = report.storm.peakAtUs;
        if (peak !== null) {
          // "Rules firing at once": one rule never has two firings at a time, so firings are distinct rules.
          const rulesAtPeak = new Set(firings.filter((f) => f.startsAtUs <= peak && (f.endsAtUs === null || f.endsAtUs > peak)).map((f) => f.ruleIndex));
          expect(rulesAtPeak.size).toBe(max);
        }
        const firingUs = rules.map((_rule, r) =>
          firings.filter((f) => f.ruleIndex === r).reduce((sum, f) => sum + (f.endsAtUs ?? HORIZON_US) - f.startsAtUs, 0),
        );
        expect(report.rules.map((r) => r.firingUs)).toEqual(firingUs);
      }),
      { numRuns: 300 },
    );
  });
});
