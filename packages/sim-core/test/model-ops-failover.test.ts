import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/index.js';
import { distributionFromConfig } from '../src/model/distribution-config.js';
import type { DistributionConfig } from '../src/model/distribution-config.js';
import {
  FAILOVER_DRAWS_PER_DETECTION,
  FailoverController,
  planFailover,
  rtoParts,
  runbookDurationUs,
  validateFailover,
} from '../src/model/ops/failover/index.js';
import type { FailoverConfig, FailoverPhase } from '../src/model/ops/failover/index.js';
import { drainCompleteAtUs } from '../src/model/routing/index.js';

const S = 1_000_000;
const MIN = 60 * S;
const PRIMARY = 0;
const STANDBY = 1;

const automatic: FailoverConfig = { mode: 'automatic', detection: 'health-check', decisionUs: 5 * S, promotionUs: 30 * S };
const runbook = [
  { step: 'confirm the outage on the dashboards', durationUs: 2 * MIN },
  { step: 'fence the old primary', durationUs: 1 * MIN },
  { step: 'trigger the promotion', durationUs: 30 * S },
];
const human = { response: { kind: 'lognormal', median: 5 * MIN, p99: 30 * MIN } as DistributionConfig, runbook };
const manual: FailoverConfig = { mode: 'manual', detection: 'alert', alert: 'db-primary-down', decisionUs: 5 * S, human, promotionUs: 30 * S };

function controller(config: FailoverConfig, dnsTtlUs = 60 * S, onPhase?: (phase: FailoverPhase, atUs: number) => void): FailoverController {
  return new FailoverController(config, { dnsTtlUs, primary: PRIMARY, ...(onPhase === undefined ? {} : { onPhase }) });
}

/** Runs a started failover to the end as the engine would, returning [phase, time] pairs. */
function runToEnd(c: FailoverController): [FailoverPhase, number][] {
  const seen: [FailoverPhase, number][] = [];
  while (c.nextAtUs >= 0) {
    const at = c.nextAtUs;
    seen.push([c.advance(at), at]);
  }
  return seen;
}

describe('validateFailover', () => {
  it('accepts the automatic and manual examples and reports every problem of a bad config, naming field and value', () => {
    expect(validateFailover(automatic)).toEqual([]);
    expect(validateFailover(manual)).toEqual([]);
    expect(validateFailover({ ...manual, human: { ...human, runbook: [] } })).toEqual([]);
    const bad = {
      mode: 'manul',
      detection: 'alerts',
      decisionUs: -1,
      promotionUs: 1.5,
      human: { response: { kind: 'normal', mean: 300 * S, sd: 60 * S }, runbook: [{ step: '', durationUs: 'ten' }, 7] },
    } as unknown as FailoverConfig;
    const problems = validateFailover(bad, 'stores.orders.failover');
    expect(problems).toEqual([
      'stores.orders.failover: mode must be one of "automatic", "manual", got "manul" (did you mean "manual"?)',
      'stores.orders.failover: detection must be one of "health-check", "alert", got "alerts" (did you mean "alert"?)',
      'stores.orders.failover: decisionUs must be a whole number of µs >= 0, got -1',
      'stores.orders.failover: promotionUs must be a whole number of µs >= 0, got 1.5',
      'stores.orders.failover: human.response must not take negative values (a response time), but its lowest value is -Infinity µs; bound it below (e.g. a normal with min: 0)',
      'stores.orders.failover: human.runbook[0].step must be a non-empty string naming the step, got ""',
      'stores.orders.failover: human.runbook[0].durationUs must be a whole number of µs >= 0, got "ten"',
      'stores.orders.failover: human.runbook[1] must be an object { step, durationUs }, got 7',
    ]);
  });

  it('requires the alert for alert detection and the human for manual mode, and checks the response distribution', () => {
    expect(validateFailover({ ...automatic, detection: 'alert' })).toEqual([
      'alert must name the alert rule whose firing detects the failure (detection is "alert"), got undefined',
    ]);
    expect(validateFailover({ ...automatic, mode: 'manual' })).toEqual(['human must be given when mode is "manual": { response, runbook }']);
    expect(validateFailover({ ...manual, human: { response: { kind: 'lognormal', median: 5 * MIN, p99: MIN }, runbook } })[0]).toMatch(/^human\.response: .*p99/);
    expect(validateFailover({ ...manual, human: { response: { kind: 'lognormel' }, runbook } } as unknown as FailoverConfig)).toEqual([
      'human.response.kind must be one of "constant", "uniform", "exponential", "normal", "lognormal", "pareto", "empirical", got "lognormel" (did you mean "lognormal"?)',
    ]);
    expect(validateFailover({ ...manual, human: { response: 5, runbook: {} } } as unknown as FailoverConfig)).toEqual([
      'human.response must be a distribution config such as { kind: "lognormal", median, p99 } (µs), got 5',
      'human.runbook must be an array of { step, durationUs } (empty for none), got an object',
    ]);
    expect(validateFailover(null as unknown as FailoverConfig)[0]).toMatch(/must be an object .* got null/);
    // A normal bounded below is fine; the human block is ignored (not rejected) in automatic mode.
    expect(validateFailover({ ...manual, human: { response: { kind: 'normal', mean: 300 * S, sd: 60 * S, min: 0 }, runbook } })).toEqual([]);
    expect(validateFailover({ ...automatic, human })).toEqual([]);
  });

  it('makes the constructor throw one RangeError listing every problem, options included', () => {
    expect(() => new FailoverController({ ...automatic, decisionUs: -1 }, { dnsTtlUs: -5, primary: 0.5 })).toThrow(
      'FailoverController: invalid config: decisionUs must be a whole number of µs >= 0, got -1; dnsTtlUs must be a whole number of µs >= 0, got -5; primary must be a region index (a whole number >= 0), got 0.5',
    );
  });
});

describe('planFailover and rtoParts', () => {
  it('automatic: RTO = detection delay + decision + promotion + DNS drain, exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 * S }),
        fc.integer({ min: 0, max: 600 * S }),
        fc.integer({ min: 0, max: 120 * S }),
        fc.integer({ min: 0, max: 600 * S }),
        fc.integer({ min: 0, max: 300 * S }),
        fc.integer({ min: 0, max: 10 * MIN }),
        (faultUs, detectDelayUs, decisionUs, promotionUs, ttlUs, anyResponseUs) => {
          const config: FailoverConfig = { ...automatic, decisionUs, promotionUs };
          // The response is ignored in automatic mode.
          const timeline = planFailover(config, faultUs + detectDelayUs, anyResponseUs, ttlUs);
          const parts = rtoParts(timeline, faultUs);
          expect(parts).toEqual({ detectUs: detectDelayUs, decideUs: decisionUs, promoteUs: promotionUs, redirectUs: ttlUs, totalUs: detectDelayUs + decisionUs + promotionUs + ttlUs });
          expect(timeline.drainedAtUs).toBe(drainCompleteAtUs(timeline.promotedAtUs, ttlUs));
          expect(timeline.humanResponseUs).toBe(0);
          expect(timeline.runbookStepEndsAtUs).toEqual([]);
        },
      ),
    );
  });

  it('manual: the decision adds the response and then each runbook step in order', () => {
    const t = planFailover(manual, 100 * S, 7 * MIN, 60 * S);
    const responded = 100 * S + 5 * S + 7 * MIN;
    expect(t.respondedAtUs).toBe(responded);
    expect(t.runbookStepEndsAtUs).toEqual([responded + 2 * MIN, responded + 3 * MIN, responded + 3 * MIN + 30 * S]);
    expect(t.decidedAtUs).toBe(responded + 3 * MIN + 30 * S);
    expect(t.promotedAtUs).toBe(t.decidedAtUs + 30 * S);
    expect(t.drainedAtUs).toBe(t.promotedAtUs + 60 * S);
    expect(runbookDurationUs(manual)).toBe(3 * MIN + 30 * S);
    expect(runbookDurationUs(automatic)).toBe(0);
    expect(rtoParts(t, 90 * S)).toEqual({ detectUs: 10 * S, decideUs: 5 * S + 7 * MIN + 3 * MIN + 30 * S, promoteUs: 30 * S, redirectUs: 60 * S, totalUs: t.drainedAtUs - 90 * S });
  });

  it('refuses a fault after its detection and bad times', () => {
    const t = planFailover(automatic, 10 * S, 0, 0);
    expect(() => rtoParts(t, 10 * S + 1)).toThrow(/cannot start after its detection/);
    expect(() => planFailover(automatic, -1, 0, 0)).toThrow(/detectedAtUs/);
    expect(() => planFailover(automatic, 0, 0, 0.5)).toThrow(/dnsTtlUs/);
  });
});

describe('FailoverController', () => {
  it('goes deciding → promoting → draining → standby at the planned times, moving the primary at the promotion', () => {
    const hooked: [FailoverPhase, number][] = [];
    const c = controller(automatic, 60 * S, (phase, atUs) => hooked.push([phase, atUs]));
    expect([c.phase, c.nextAtUs, c.primary]).toEqual(['standby', -1, PRIMARY]);
    const record = c.detected(40 * S, PRIMARY, STANDBY, new RandomStream(1, 'failover'));
    expect(record).not.toBeNull();
    expect([c.phase, c.nextAtUs]).toEqual(['deciding', 45 * S]);
    expect(c.advance(45 * S)).toBe('promoting');
    expect([c.primary, c.nextAtUs]).toEqual([PRIMARY, 75 * S]);
    expect(c.advance(75 * S)).toBe('draining');
    expect([c.primary, c.nextAtUs]).toEqual([STANDBY, 135 * S]);
    expect(c.advance(135 * S)).toBe('standby');
    expect([c.phase, c.nextAtUs, c.current]).toEqual(['standby', -1, null]);
    expect(hooked).toEqual([['deciding', 40 * S], ['promoting', 45 * S], ['draining', 75 * S], ['standby', 135 * S]]);
    expect(c.history).toEqual([record]);
    expect(() => c.advance(135 * S)).toThrow(/no failover in progress/);
  });

  it('handles zero-length phases as same-time steps, and refuses an advance at any other time than the due one', () => {
    const c = controller({ ...automatic, decisionUs: 0, promotionUs: 0 }, 0);
    c.detected(10, PRIMARY, STANDBY, new RandomStream(1, 'failover'));
    expect(() => c.advance(11)).toThrow(/next phase change at 10 µs/);
    expect(runToEnd(c)).toEqual([['promoting', 10], ['draining', 10], ['standby', 10]]);
    expect(() => c.detected(9, STANDBY, PRIMARY, new RandomStream(1, 'failover'))).toThrow(/not before 10 µs/);
    // An engine that let time pass a due phase change without advancing is told so.
    const late = controller(automatic);
    late.detected(0, PRIMARY, STANDBY, new RandomStream(1, 'failover'));
    late.detected(6 * S, PRIMARY, STANDBY, new RandomStream(1, 'failover'));
    expect(() => late.advance(5 * S)).toThrow(/advance: time must be a whole number of µs, not before 6000000 µs, got 5000000/);
  });

  it('ignores a second detection while failing over, and detections of a region that is not the primary (no failback)', () => {
    const rng = new RandomStream(2, 'failover');
    const c = controller(automatic);
    const first = c.detected(10 * S, PRIMARY, STANDBY, rng);
    // The same cause detected again (the alert re-fires), then the standby's own check fails.
    expect(c.detected(11 * S, PRIMARY, STANDBY, rng)).toBeNull();
    expect(c.detected(12 * S, STANDBY, 2, rng)).toBeNull();
    expect(c.ignoredWhileFailingOver).toBe(2);
    runToEnd(c);
    expect(c.primary).toBe(STANDBY);
    // The old primary recovers and fails again, or its alert is still firing: not the primary, ignored.
    expect(c.detected(500 * S, PRIMARY, STANDBY, rng)).toBeNull();
    expect(c.ignoredNotPrimary).toBe(1);
    expect(c.primary).toBe(STANDBY);
    // The new primary failing is a new fault: it fails over in turn.
    const second = c.detected(900 * S, STANDBY, 2, rng);
    expect(second).toMatchObject({ failedRegion: STANDBY, newPrimary: 2, detectedAtUs: 900 * S });
    runToEnd(c);
    expect(c.primary).toBe(2);
    expect(c.history).toEqual([first, second]);
    expect(() => c.detected(1000 * S, 2, 2, rng)).toThrow(/different region indexes/);
  });

  it(`draws exactly ${FAILOVER_DRAWS_PER_DETECTION} value per detection in every mode and state`, () => {
    for (const config of [automatic, manual]) {
      const rng = new RandomStream(3, 'failover');
      const twin = new RandomStream(3, 'failover');
      const c = controller(config);
      // started, ignored while busy, ignored as not the primary (after the end): one draw each.
      c.detected(1 * S, PRIMARY, STANDBY, rng);
      c.detected(2 * S, PRIMARY, STANDBY, rng);
      runToEnd(c);
      c.detected(c.history[0].drainedAtUs + 1, PRIMARY, STANDBY, rng);
      for (let i = 0; i < 3 * FAILOVER_DRAWS_PER_DETECTION; i++) twin.float();
      expect(rng.float()).toBe(twin.float());
    }
  });

  it('manual: the response is the distribution sampled from the passed stream, rounded to whole µs', () => {
    const dist = distributionFromConfig(human.response);
    for (let seed = 1; seed <= 50; seed++) {
      const record = controller(manual).detected(0, PRIMARY, STANDBY, new RandomStream(seed, 'failover/human'));
      expect(record?.humanResponseUs).toBe(Math.round(dist.sample(new RandomStream(seed, 'failover/human'))));
    }
  });
});
