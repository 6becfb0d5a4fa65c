import { describe, expect, it } from 'vitest';
import { runModel } from '../src/index.js';
import type { DistributionConfig, FailoverRunbookStep, ModelConfig } from '../src/index.js';
import { distributionFromConfig } from '../src/model/distribution-config.js';
import { detectionDelayBoundsUs } from '../src/model/routing/index.js';
import { automaticFailover, dataModel } from './fixtures/data-builders.js';
import { HEALTH_CHECK, S, expectValid } from './fixtures/engine-scenario-builders.js';

/** Two-sided 99.9% quantile of Student's t with 199 degrees of freedom (the normal's is 3.2905). */
const T_999_DF199 = 3.3398;
const W = 10 * S; // ARCHITECTURE §5's evaluation window

const SEEDS = 200;
/** A human who answers in 10 s typically, 30 s at worst one time in a hundred (sd ≈ 5.5 s). */
const response: DistributionConfig = { kind: 'lognormal', median: 10 * S, p99: 30 * S };
const runbook: FailoverRunbookStep[] = [
  { step: 'confirm the outage', durationUs: 4 * S },
  { step: 'fence the old primary', durationUs: 3 * S },
];
const decisionUs = 5 * S;
const promotionUs = 10 * S;
const dnsTtlUs = 10 * S;
const faultUs = 20 * S + 250_000;

/**
 * Async store a → b with a manual failover detected by the health checks; a is lost for good.
 * Small and short so 200 seeds run in seconds: 20 users/s, 220 s (recovery by ~75 s + the
 * response, then the 60 s stability period; a response over 80 s has probability 4·10⁻⁶).
 */
function manualFailover(seed: number): ModelConfig {
  return dataModel({
    seed,
    durationUs: 220 * S,
    dnsTtlUs,
    instances: { a: 4, b: 4 },
    users: [{ region: 'a', ratePerS: 20, writeRatio: 0.5 }],
    failovers: [automaticFailover({ mode: 'manual', decisionUs, promotionUs, human: { response, runbook } })],
    faults: [{ kind: 'region-outage', region: 'a', startUs: faultUs }],
  });
}

describe('manual failover through the engine over many seeds', () => {
  const runbookUs = runbook.reduce((a, step) => a + step.durationUs, 0);
  const rows = Array.from({ length: SEEDS }, (_, k) => {
    const result = runModel(k === 0 ? expectValid(manualFailover(1)) : manualFailover(k + 1));
    const history = result.operations.failovers[0]?.history ?? [];
    return { seed: k + 1, result, record: history[0], impact: result.operations.faults[0] };
  });

  it('every seed fails over once, and the measured RTO\'s failover parts add up exactly', () => {
    const bounds = detectionDelayBoundsUs(HEALTH_CHECK);
    for (const { seed, result, record, impact } of rows) {
      const at = `seed ${seed}`;
      expect(result.conservation, at).toEqual([]);
      expect(result.operations.failovers[0].history, at).toHaveLength(1);
      expect(record.humanResponseUs, at).toBeGreaterThanOrEqual(0);
      const parts = impact.rtoParts;
      expect(parts, at).not.toBeNull();
      if (parts === null) continue;
      expect(parts.detectUs, at).toBe(record.detectedAtUs - faultUs);
      expect(parts.detectUs, at).toBe(impact.healthDetectUs);
      expect(parts.detectUs, at).toBeGreaterThanOrEqual(bounds.minUs);
      expect(parts.detectUs, at).toBeLessThanOrEqual(bounds.maxUs);
      expect(parts.decideUs, at).toBe(decisionUs + record.humanResponseUs + runbookUs);
      expect(parts.promoteUs, at).toBe(promotionUs);
      expect(parts.redirectUs, at).toBe(dnsTtlUs);
      expect(parts.totalUs, at).toBe(parts.detectUs + parts.decideUs + parts.promoteUs + parts.redirectUs);
      // The users' measured RTO (§5, over evaluation windows) agrees within one window.
      expect(impact.rto.status, at).toBe('recovered');
      expect(Math.abs((impact.rto.rtoUs as number) - parts.totalUs), at).toBeLessThanOrEqual(W);
      expect(result.data[0].primaryAtEnd, at).toBe('b');
    }
  });

  it('the mean of promotedAt − detectedAt − decision − promotion is E[human response] + Σ runbook within a 99.9% interval', () => {
    const human = rows.map(({ record }) => record.promotedAtUs - record.detectedAtUs - decisionUs - promotionUs);
    const n = human.length;
    const mean = human.reduce((a, x) => a + x, 0) / n;
    const sd = Math.sqrt(human.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
    // Rounding each draw to whole µs moves the mean by at most 0.5 µs.
    const expected = distributionFromConfig(response).mean() + runbookUs;
    const halfWidth = (T_999_DF199 * sd) / Math.sqrt(n);
    console.log(
      `manual failover over ${n} seeds: mean human part ${(mean / S).toFixed(2)} s vs E[response] + Σ runbook = ${(expected / S).toFixed(2)} s, ` +
        `99.9% half-width ${(halfWidth / S).toFixed(2)} s (sd ${(sd / S).toFixed(2)} s)`,
    );
    // Narrower than the shortest runbook step and than the decision: forgetting any part fails.
    expect(halfWidth).toBeLessThan(Math.min(decisionUs, ...runbook.map((step) => step.durationUs)) / 2);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(halfWidth);
    // And per seed the difference is exactly the drawn response plus the runbook.
    rows.forEach(({ record }, k) => expect(human[k] - record.humanResponseUs).toBe(runbookUs));
  });
});
