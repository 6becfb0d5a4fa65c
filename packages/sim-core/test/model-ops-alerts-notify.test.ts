import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertEvaluator, buildAlertReport } from '../src/model/ops/alerts/index.js';
import type { AlertRuleConfig } from '../src/model/ops/alerts/index.js';
import { S, alerting, drive, rule } from './fixtures/alert-builders.js';

// Grouping, inhibition and the storm figures (Alertmanager's side); the `for` rule is in model-ops-alerts.test.ts.

/** N page rules on eu's services and metrics (forUs 0, firing at a reading >= 1): grouped, one name in group "eu-outage"; else each its own name. */
function stormRules(n: number, grouped: boolean): AlertRuleConfig[] {
  const metrics = ['error-ratio', 'p99-ms', 'queue-depth', 'utilisation', 'replication-lag-ms', 'health'] as const;
  return Array.from({ length: n }, (_, i) =>
    rule(grouped ? 'symptom' : `symptom-${i}`, {
      metric: metrics[i % metrics.length],
      scope: { region: 'eu', service: `svc-${i}` },
      comparator: '>=',
      threshold: 1,
      forUs: 0,
      ...(grouped ? { group: 'eu-outage' } : {}),
    }),
  );
}

describe('grouping and pages, as Alertmanager', () => {
  it('N rules firing for one cause within the group wait send one page: the storm shows as N firings per page (property)', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 12 }),
      causeSteps: fc.integer({ min: 0, max: 30 }),
      waitSteps: fc.integer({ min: 0, max: 6 }),
      offsets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ n, causeSteps, waitSteps, offsets }) => {
        const step = 10 * S;
        const causeUs = causeSteps * step;
        const groupWaitUs = waitSteps * step;
        // The first rule fires at the cause; the others at most one group wait later.
        const firesAt = offsets.slice(0, n).map((o, i) => causeUs + (i === 0 ? 0 : Math.floor(o * waitSteps) * step));
        const read = (r: number, t: number) => (t >= firesAt[r] ? 1 : 0);
        const endUs = causeUs + groupWaitUs + 10 * step;

        const grouped = new AlertEvaluator(alerting(stormRules(n, true), groupWaitUs));
        drive(grouped, endUs, read);
        const report = grouped.report(endUs);
        expect(grouped.pages.map((p) => [p.atUs, p.group, p.region, p.firings.length])).toEqual([[causeUs + groupWaitUs, 'eu-outage', 'eu', n]]);
        expect([report.alertsFired, report.pagesSent, report.firingsPaged, report.storm.firingsPerPage]).toEqual([n, 1, n, n]);
        expect(report.storm.maxRulesFiringAtOnce).toBe(n);
        expect(report.storm.peakAtUs).toBe(Math.max(...firesAt));

        // The same rules without a shared group page once each.
        const apart = new AlertEvaluator(alerting(stormRules(n, false), groupWaitUs));
        drive(apart, endUs, read);
        expect([apart.report(endUs).pagesSent, apart.report(endUs).storm.firingsPerPage]).toEqual([n, 1]);
        expect(apart.pages.map((p) => p.atUs)).toEqual(firesAt.map((f) => f + groupWaitUs).sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('alerts that fire into a notified group go out together at its next repeat; a group whose alerts all resolved goes idle and waits again', () => {
    const rules = ['a', 'b', 'c', 'd'].map((name) => rule(name, { forUs: 0, group: 'g' }));
    const firing: [number, number][] = [
      [0, 200 * S], // a: paged at the group wait, 30 s
      [60 * S, 200 * S], // b: after the first page: waits for the repeat at 30 + 100 = 130 s
      [130 * S, 200 * S], // c: fires exactly at the repeat: included (evaluations run before ticks)
      [300 * S, 400 * S], // d: the group went idle at 230 s (nothing firing): a new group wait, page at 330 s
    ];
    const evaluator = new AlertEvaluator(alerting(rules, 30 * S, 100 * S));
    drive(evaluator, 500 * S, (r, t) => (t >= firing[r][0] && t < firing[r][1] ? 1 : 0));
    expect(evaluator.pages.map((p) => [p.atUs, p.firings.map((f) => f.rule)])).toEqual([
      [30 * S, ['a']],
      [130 * S, ['b', 'c']],
      [330 * S, ['d']],
    ]);
    expect(evaluator.firings.every((f) => f.pagedAtUs !== null)).toBe(true);
  });

  it('a page alert that resolves within the group wait is never paged; tickets fire, detect and never page', () => {
    const rules = [rule('blip', { forUs: 0 }), rule('slow', { forUs: 0, severity: 'ticket', metric: 'p99-ms', threshold: 500, scope: { region: 'eu' } })];
    const evaluator = new AlertEvaluator(alerting(rules, 60 * S));
    drive(evaluator, 300 * S, (r, t) => (r === 0 ? (t >= 10 * S && t < 40 * S ? 1 : 0) : t >= 10 * S ? 900 : 100));
    const report = evaluator.report(300 * S);
    expect([report.alertsFired, report.pageFirings, report.ticketFirings, report.pagesSent, report.firingsPaged, report.stillFiring]).toEqual([2, 1, 1, 0, 0, 1]);
    expect(report.storm.firingsPerPage).toBeNull();
    expect(evaluator.timeToDetect(5 * S, { region: 'eu' })).toBe(5 * S);
    expect(report.rules.map((r) => [r.name, r.firings, r.paged, r.firingUs])).toEqual([
      ['blip', 1, 0, 30 * S],
      ['slow', 1, 0, 290 * S],
    ]);
  });

  it('back-to-back firings do not overlap in the storm figure (a firing covers [startsAtUs, endsAtUs))', () => {
    const rules = [rule('first', { forUs: 0 }), rule('second', { forUs: 0 }), rule('third', { forUs: 0, scope: { region: 'us' } })];
    const windows: [number, number][] = [
      [10 * S, 30 * S],
      [30 * S, 50 * S],
      [40 * S, 90 * S],
    ];
    const evaluator = new AlertEvaluator(alerting(rules, 0));
    drive(evaluator, 100 * S, (r, t) => (t >= windows[r][0] && t < windows[r][1] ? 1 : 0));
    // first [10, 30), second [30, 50), third [40, 90): at most two at once, first reached at 40 s.
    expect(evaluator.report(100 * S).storm).toEqual({ maxRulesFiringAtOnce: 2, peakAtUs: 40 * S, firingsPerPage: 1 });
    // At 35 s only `second` fires: a report then counts it as still firing, up to 35 s.
    const early = buildAlertReport(rules, evaluator.firings, evaluator.pages, [0, 0, 0], 35 * S);
    expect([early.alertsFired, early.stillFiring, early.storm.maxRulesFiringAtOnce, early.rules.map((r) => r.firingUs)]).toEqual([2, 1, 1, [20 * S, 5 * S, 0]]);
  });

  it('the same group in two regions pages once per region', () => {
    const rules = ['eu', 'us'].flatMap((region) => [rule('errors', { forUs: 0, scope: { region }, group: 'outage' }), rule('latency', { forUs: 0, scope: { region }, group: 'outage' })]);
    const evaluator = new AlertEvaluator(alerting(rules, 0));
    drive(evaluator, 0, () => 1);
    expect(evaluator.pages.map((p) => [p.region, p.firings.map((f) => f.rule)])).toEqual([
      ['eu', ['errors', 'latency']],
      ['us', ['errors', 'latency']],
    ]);
  });
});

describe('inhibition', () => {
  const regionDown = (region: string, inhibited: Partial<AlertRuleConfig> = {}) =>
    rule('region-down', { metric: 'health', comparator: '<', threshold: 1, forUs: 0, scope: { region }, ...inhibited });
  const symptoms = (region: string) => [
    rule('high-errors', { forUs: 0, scope: { region, service: 'api' }, inhibitedBy: ['region-down'] }),
    rule('high-latency', { forUs: 0, metric: 'p99-ms', threshold: 800, scope: { region, service: 'api' }, inhibitedBy: ['region-down'] }),
  ];

  it('a firing cause in the same region keeps the symptoms out of pages; they still fire and count; another region is not inhibited', () => {
    const rules = [regionDown('eu'), ...symptoms('eu'), ...symptoms('us')];
    const evaluator = new AlertEvaluator(alerting(rules, 30 * S));
    // eu is down from 50 s: health 0, errors and latency high; us shows the symptoms too (spill-over load), but is up.
    drive(evaluator, 200 * S, (r, t) => (t < 50 * S ? [1, 0, 0, 0, 0][r] : [0, 1, 2000, 1, 2000][r]));
    const report = evaluator.report(200 * S);
    expect(report.alertsFired).toBe(5);
    expect(evaluator.pages.map((p) => [p.atUs, p.region, p.firings.map((f) => f.rule)])).toEqual([
      [80 * S, 'eu', ['region-down']],
      [80 * S, 'us', ['high-errors']],
      [80 * S, 'us', ['high-latency']],
    ]);
    expect(report.firingsInhibited).toBe(2);
    expect(report.rules.map((r) => [r.name, r.scope.region, r.firings, r.paged, r.inhibited])).toEqual([
      ['region-down', 'eu', 1, 1, 0],
      ['high-errors', 'eu', 1, 0, 1],
      ['high-latency', 'eu', 1, 0, 1],
      ['high-errors', 'us', 1, 1, 0],
      ['high-latency', 'us', 1, 1, 0],
    ]);
  });

  it('inhibition is decided at notification time: a cause firing after the symptom but before its page mutes it, and a symptom outliving its cause is paged at the next tick', () => {
    const rules = [regionDown('eu'), ...symptoms('eu').slice(0, 1)];
    const evaluator = new AlertEvaluator(alerting(rules, 30 * S, 60 * S));
    // Symptom from 0 s; cause from 20 s (before the symptom's page at 30 s) until 100 s; symptom until 300 s.
    drive(evaluator, 400 * S, (r, t) => (r === 0 ? (t >= 20 * S && t < 100 * S ? 0 : 1) : t < 300 * S ? 1 : 0));
    // The cause's group pages at 20 + 30 s. The symptom's group ticks at 30 s (muted), 90 s (muted: the
    // cause fires until 100 s) and 150 s (paged).
    expect(evaluator.pages.map((p) => [p.atUs, p.firings.map((f) => f.rule)])).toEqual([
      [50 * S, ['region-down']],
      [150 * S, ['high-errors']],
    ]);
    const symptom = evaluator.firings.find((f) => f.rule === 'high-errors');
    expect([symptom?.inhibited, symptom?.pagedAtUs]).toEqual([true, 150 * S]);
  });
});
