import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/index.js';
import { FailoverController, rtoParts } from '../src/model/ops/failover/index.js';
import type { FailoverRecord } from '../src/model/ops/failover/index.js';
import { RTO_STABILITY_US_DEFAULT, measureRto } from '../src/model/ops/measure/index.js';
import type { WindowSeries } from '../src/model/ops/measure/index.js';
import { DnsCohorts, RegionHealth } from '../src/model/routing/index.js';

const S = 1_000_000;
const W = 10 * S;
const PRIMARY = 0;
const STANDBY = 1;
const COHORTS = 100;
/** One user request every 5 ms, cohorts in turn: each cohort asks every 0.5 s. */
const SPACING_US = 5_000;

interface Setup {
  intervalUs: number;
  timeoutUs: number;
  k: number;
  phaseUs: number;
  faultUs: number;
  decisionUs: number;
  promotionUs: number;
  ttlUs: number;
}

/** When `RegionHealth` marks the primary unhealthy: checks every I from the phase, failures wait out the timeout. */
function detectionUs(s: Setup): number {
  const health = new RegionHealth(1, { unhealthyThreshold: s.k, healthyThreshold: 2 });
  for (let startUs = s.phaseUs; ; startUs += s.intervalUs) {
    const passed = startUs < s.faultUs;
    const atUs = passed ? startUs : startUs + s.timeoutUs;
    if (health.recordCheck(0, passed, atUs)) return atUs;
  }
}

/**
 * A small engine: the primary region dies at faultUs; a health-check verdict starts an
 * automatic failover; users send requests every 5 ms through DNS cohorts that resolve to the
 * controller's current primary; a request succeeds unless it reaches the dead primary. The
 * controller's phases are advanced in time order with the requests, as the engine would.
 */
function simulate(s: Setup): { series: WindowSeries; record: FailoverRecord } {
  const controller = new FailoverController(
    { mode: 'automatic', detection: 'health-check', decisionUs: s.decisionUs, promotionUs: s.promotionUs },
    { dnsTtlUs: s.ttlUs, primary: PRIMARY },
  );
  const detectedAtUs = detectionUs(s);
  const rng = new RandomStream(1, 'failover');
  const dns = new DnsCohorts(1, COHORTS, s.ttlUs);
  const resolve = (): number => controller.primary;
  let record: FailoverRecord | null = null;
  const windows = Math.ceil((detectedAtUs + s.decisionUs + s.promotionUs + s.ttlUs + RTO_STABILITY_US_DEFAULT) / W) + 2;
  const started = new Array<number>(windows).fill(0);
  const succeeded = new Array<number>(windows).fill(0);
  for (let i = 0, t = 0; t < windows * W; i++, t += SPACING_US) {
    if (record === null && t >= detectedAtUs) record = controller.detected(detectedAtUs, PRIMARY, STANDBY, rng);
    while (controller.nextAtUs >= 0 && controller.nextAtUs <= t) controller.advance(controller.nextAtUs);
    const region = dns.regionFor(0, i % COHORTS, t, resolve);
    const w = Math.floor(t / W);
    started[w]++;
    if (region === STANDBY || t < s.faultUs) succeeded[w]++;
  }
  return { series: { startedPerWindow: started, succeededPerWindow: succeeded, windowUs: W }, record: record as FailoverRecord };
}

describe('measured RTO of an automatic failover against its parts', () => {
  /**
   * Before the promotion every request fails; after it, the share still on the dead primary at
   * time t is at least (D − 0.5 s − t) / ttl − 1 / C (D the drain's end: the cohorts' grid
   * expiries spread evenly over one TTL, each cohort re-resolving within 0.5 s of its expiry).
   * So every window ending before D − a, a = 1 s + 0.03·ttl, has over 1% failures, and every
   * window after D none: the recovery run starts within (D − a − W, ⌈D / W⌉·W], i.e.
   *   total − W − a < measured RTO <= total + W,
   * "within one evaluation window" up to the DNS tail that no longer breaks 99%. When the fault
   * ends up with no impact at all (a fast failover inside one window), total < 1.01·W + a.
   */
  it('agrees with detection + decision + promotion + DNS drain within one window (plus the harmless DNS tail)', () => {
    fc.assert(
      fc.property(
        fc.record({
          intervalUs: fc.integer({ min: 2 * S, max: 30 * S }),
          timeoutShare: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          k: fc.integer({ min: 1, max: 3 }),
          phaseShare: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          faultUs: fc.integer({ min: 100 * S, max: 200 * S }),
          decisionUs: fc.integer({ min: 0, max: 30 * S }),
          promotionUs: fc.integer({ min: 0, max: 60 * S }),
          ttlUs: fc.integer({ min: 0, max: 120 * S }),
        }),
        ({ intervalUs, timeoutShare, phaseShare, ...rest }) => {
          const setup: Setup = { ...rest, intervalUs, timeoutUs: Math.floor(timeoutShare * intervalUs), phaseUs: Math.floor(phaseShare * intervalUs) };
          const { series, record } = simulate(setup);
          const parts = rtoParts(record, setup.faultUs);
          const measured = measureRto(series, setup.faultUs);
          const tailUs = S + Math.ceil(0.03 * setup.ttlUs);
          if (measured.status === 'no-impact') {
            expect(parts.totalUs).toBeLessThan(1.01 * W + tailUs);
            return;
          }
          expect(measured.status).toBe('recovered');
          expect(measured.rtoUs as number).toBeGreaterThan(parts.totalUs - W - tailUs);
          expect(measured.rtoUs as number).toBeLessThanOrEqual(parts.totalUs + W);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a worked case: 10-s checks, 3 failures, 2-s timeout, 5-s decision, 30-s promotion, 60-s TTL', () => {
    // Fault at 101 s; checks at 0, 10, 20 … s: they fail from 110 s, the third at 130 s + 2 s.
    const setup: Setup = { intervalUs: 10 * S, timeoutUs: 2 * S, k: 3, phaseUs: 0, faultUs: 101 * S, decisionUs: 5 * S, promotionUs: 30 * S, ttlUs: 60 * S };
    const { series, record } = simulate(setup);
    expect(rtoParts(record, setup.faultUs)).toEqual({ detectUs: 31 * S, decideUs: 5 * S, promoteUs: 30 * S, redirectUs: 60 * S, totalUs: 126 * S });
    // The drain ends at 227 s. Over [220, 230) s the share still on the dead primary falls as
    // (227 s − t) / 60 s, failing ∫ = 7² / (2·60) s of its 10 s: 4.1% (±1% for the cohort grid),
    // so that window is below 99%; [230, 240) s is clean. Recovery at 230 s: RTO 129 s, 3 s
    // over the parts' 126 s (the window boundary after the drain).
    const measured = measureRto(series, setup.faultUs);
    expect(measured).toMatchObject({ status: 'recovered', impactStartUs: 101 * S, recoveredAtUs: 230 * S, rtoUs: 129 * S });
    const tail = 1 - series.succeededPerWindow[22] / series.startedPerWindow[22];
    expect(Math.abs(tail - 49 / 1200)).toBeLessThan(0.01);
    expect(series.succeededPerWindow[23]).toBe(series.startedPerWindow[23]);
  });
});
