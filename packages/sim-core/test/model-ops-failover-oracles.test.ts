import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/index.js';
import { distributionFromConfig } from '../src/model/distribution-config.js';
import type { DistributionConfig } from '../src/model/distribution-config.js';
import { FailoverController, rtoParts, runbookDurationUs } from '../src/model/ops/failover/index.js';
import type { FailoverConfig, FailoverRecord } from '../src/model/ops/failover/index.js';
import { DnsCohorts, RegionHealth, detectionDelayBoundsUs } from '../src/model/routing/index.js';

const S = 1_000_000;
const MIN = 60 * S;
const PRIMARY = 0;
const STANDBY = 1;
/** Two-sided 99.9% normal quantile; with thousands of samples the t quantile is within 0.1% of it. */
const Z_999 = 3.2905;

function runToEnd(c: FailoverController): void {
  while (c.nextAtUs >= 0) c.advance(c.nextAtUs);
}

/**
 * Health checks start every I from `phaseUs`; one started before the death passes at once, one
 * started at or after it fails `failAfterUs` later (0: connection refused; the timeout: no
 * answer). Returns when `RegionHealth` marks the region unhealthy.
 */
function healthVerdictAtUs(intervalUs: number, k: number, phaseUs: number, deathUs: number, failAfterUs: number): number {
  const health = new RegionHealth(1, { unhealthyThreshold: k, healthyThreshold: 2 });
  const firstUs = phaseUs + Math.max(0, Math.floor((deathUs - phaseUs) / intervalUs) - 2) * intervalUs;
  for (let startUs = firstUs; ; startUs += intervalUs) {
    const passed = startUs < deathUs;
    const atUs = passed ? startUs : startUs + failAfterUs;
    if (health.recordCheck(0, passed, atUs)) return atUs;
  }
}

describe('automatic failover detected by health checks', () => {
  /**
   * Expected arithmetic: the first check to fail is the first started at or after the death f,
   * c₁ = φ + ⌈(f − φ) / I⌉·I; the k-th fails at c₁ + (k − 1)·I + a (a = 0 or the timeout T). So
   * detectUs = c₁ − f + (k − 1)·I + a, within detectionDelayBoundsUs = [(k − 1)·I, k·I + T], and
   * RTO = detectUs + decisionUs + promotionUs + dnsTtlUs exactly.
   */
  it('RTO = detection delay + decision + promotion + DNS drain, the delay as the check arithmetic says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 * S, max: 60 * S }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 60 * S, max: 3600 * S }),
        fc.boolean(),
        fc.record({ decisionUs: fc.integer({ min: 0, max: 60 * S }), promotionUs: fc.integer({ min: 0, max: 300 * S }), ttlUs: fc.integer({ min: 0, max: 300 * S }) }),
        (intervalUs, phase, timeoutShare, k, faultUs, byTimeout, { decisionUs, promotionUs, ttlUs }) => {
          const phaseUs = Math.floor(phase * intervalUs);
          // Under one interval, so a check's timeout expires before the next check starts.
          const timeoutUs = Math.floor(timeoutShare * intervalUs);
          const failAfterUs = byTimeout ? timeoutUs : 0;
          const detectedAtUs = healthVerdictAtUs(intervalUs, k, phaseUs, faultUs, failAfterUs);
          const c = new FailoverController({ mode: 'automatic', detection: 'health-check', decisionUs, promotionUs }, { dnsTtlUs: ttlUs, primary: PRIMARY });
          const record = c.detected(detectedAtUs, PRIMARY, STANDBY, new RandomStream(1, 'failover'));
          runToEnd(c);
          const parts = rtoParts(record as FailoverRecord, faultUs);

          const firstFailingCheckUs = phaseUs + Math.ceil((faultUs - phaseUs) / intervalUs) * intervalUs;
          const expectedDetectUs = firstFailingCheckUs - faultUs + (k - 1) * intervalUs + failAfterUs;
          expect(parts.detectUs).toBe(expectedDetectUs);
          const bounds = detectionDelayBoundsUs({ intervalUs, timeoutUs, healthyThreshold: 2, unhealthyThreshold: k });
          expect(parts.detectUs).toBeGreaterThanOrEqual(bounds.minUs);
          expect(parts.detectUs).toBeLessThanOrEqual(bounds.maxUs);
          expect(parts.totalUs).toBe(expectedDetectUs + decisionUs + promotionUs + ttlUs);
          expect(c.primary).toBe(STANDBY);
        },
      ),
    );
  });

  it('the redirect part is the real DNS drain: every cohort holds the new primary exactly one TTL after the change', () => {
    const cohorts = 64;
    const ttlUs = 60 * S;
    const c = new FailoverController({ mode: 'automatic', detection: 'health-check', decisionUs: 5 * S, promotionUs: 30 * S }, { dnsTtlUs: ttlUs, primary: PRIMARY });
    const record = c.detected(1000 * S + 123, PRIMARY, STANDBY, new RandomStream(1, 'failover')) as FailoverRecord;
    const dns = new DnsCohorts(1, cohorts, ttlUs);
    // Every cohort resolves one microsecond before the routing change, so it holds the old primary.
    for (let k = 0; k < cohorts; k++) expect(dns.regionFor(0, k, record.promotedAtUs - 1, () => PRIMARY)).toBe(PRIMARY);
    const resolveNow = (): number => c.primary;
    runToEnd(c);
    const holdsOld = (atUs: number): number => {
      let n = 0;
      for (let k = 0; k < cohorts; k++) if (dns.expiresAtOf(0, k) > atUs) n++;
      return n;
    };
    // A cached answer expires at the first grid point after it was resolved, at most one TTL on:
    // none is left at drainedAt − 1; and the grid points are ttl / cohorts apart (±1 µs of
    // flooring), so one is still left a grid step before.
    expect(holdsOld(record.drainedAtUs - 1)).toBe(0);
    expect(holdsOld(record.drainedAtUs - Math.ceil(ttlUs / cohorts) - 2)).toBeGreaterThan(0);
    for (let k = 0; k < cohorts; k++) expect(dns.regionFor(0, k, record.drainedAtUs, resolveNow)).toBe(STANDBY);
  });
});

describe('manual failover over many seeds', () => {
  /**
   * Each seed is one failover: the total is the deterministic part (detection, decision,
   * runbook, promotion, drain) plus one human response draw. Its mean over N seeds must equal
   * the deterministic part + E[response] within a 99.9% t-interval, Z · s / √N with s the
   * sample standard deviation (N = 4000, so the interval's half-width is about 18 s here: less
   * than the shortest runbook step, so forgetting any part of the sum fails). Rounding each draw
   * to whole µs moves the mean by at most 0.5 µs.
   */
  it('the mean RTO = detection + decision + E[human response] + Σ runbook + promotion + TTL within the t-interval', () => {
    const response: DistributionConfig = { kind: 'lognormal', median: 5 * MIN, p99: 30 * MIN };
    const runbook = [
      { step: 'confirm the outage', durationUs: 2 * MIN },
      { step: 'fence the old primary', durationUs: 1 * MIN },
      { step: 'trigger the promotion', durationUs: 30 * S },
    ];
    const config: FailoverConfig = { mode: 'manual', detection: 'alert', alert: 'db-down', decisionUs: 5 * S, human: { response, runbook }, promotionUs: 45 * S };
    const ttlUs = 60 * S;
    const faultUs = 600 * S;
    const detectDelayUs = 25 * S;
    const n = 4000;
    let sum = 0;
    let sumSquares = 0;
    for (let seed = 1; seed <= n; seed++) {
      const c = new FailoverController(config, { dnsTtlUs: ttlUs, primary: PRIMARY });
      const record = c.detected(faultUs + detectDelayUs, PRIMARY, STANDBY, new RandomStream(seed, 'failover/human')) as FailoverRecord;
      const total = rtoParts(record, faultUs).totalUs;
      sum += total;
      sumSquares += total * total;
    }
    const mean = sum / n;
    const sd = Math.sqrt((sumSquares - n * mean * mean) / (n - 1));
    const expected = detectDelayUs + config.decisionUs + distributionFromConfig(response).mean() + runbookDurationUs(config) + config.promotionUs + ttlUs;
    const halfWidth = (Z_999 * sd) / Math.sqrt(n);
    expect(halfWidth).toBeLessThan(30 * S);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(halfWidth);
  });
});
