import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MigrationPlan, validateMigration } from '../src/model/ops/deploy/index.js';
import type { MigrationConfig, MigrationWeight } from '../src/model/ops/deploy/index.js';

const S = 1_000_000;
const MIN = 60 * S;
const H = 60 * MIN;

/** 10% at 1 h (a jump), a ramp to 50% by 2 h, a jump to 100% at 3 h; writes frozen 15 min at 2:30. */
const phased: MigrationConfig = {
  from: 'dc-frankfurt',
  to: 'eu-central-1',
  weights: [
    { atUs: H, toShare: 0.1 },
    { atUs: 2 * H, toShare: 0.5 },
    { atUs: 3 * H, toShare: 0.5 },
    { atUs: 3 * H, toShare: 1 },
  ],
  dualRunning: true,
  writeFreeze: { startUs: 2 * H + 30 * MIN, durationUs: 15 * MIN },
};

/**
 * The reference share, written from MigrationConfig's semantics by a linear scan: 0 before the
 * first point; at a time shared by points the last of them; between two points at different
 * times the straight line; the last share after the last point.
 */
function referenceShare(weights: readonly MigrationWeight[], t: number): number {
  if (t < weights[0].atUs) return 0;
  let i = 0;
  while (i + 1 < weights.length && weights[i + 1].atUs <= t) i++;
  if (i === weights.length - 1) return weights[i].toShare;
  const a = weights[i];
  const b = weights[i + 1];
  return a.toShare + ((b.toShare - a.toShare) * (t - a.atUs)) / (b.atUs - a.atUs);
}

/** Whole-µs points in time order, sometimes two at one time (a jump), in a short span so 1-µs sums stay cheap. */
function weightsFrom(gaps: readonly number[], shares: readonly number[]): MigrationWeight[] {
  let at = 0;
  return gaps.map((gap, i) => {
    at += gap;
    return { atUs: at, toShare: shares[i] };
  });
}
const pointLists = fc
  .array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 8 })
  // No three points at one time: a zero gap right after a zero gap becomes 1 µs.
  .map((pairs) => pairs.map(([gap, share], i) => [i > 0 && gap === 0 && pairs[i - 1][0] === 0 ? 1 : gap, share] as const))
  .map((pairs) => weightsFrom(pairs.map(([gap]) => gap), pairs.map(([, share]) => share)));

describe('validateMigration', () => {
  it('validateMigration accepts a phased plan, with and without a write freeze', () => {
    expect(validateMigration(phased)).toEqual([]);
    expect(validateMigration({ ...phased, writeFreeze: undefined, dualRunning: false })).toEqual([]);
  });

  it('validateMigration catches points out of time order and a third point at one time, naming both', () => {
    const weights = [
      { atUs: 10, toShare: 0.1 },
      { atUs: 5, toShare: 0.2 },
      { atUs: 20, toShare: 0.3 },
      { atUs: 20, toShare: 0.4 },
      { atUs: 20, toShare: 0.5 },
    ];
    expect(validateMigration({ ...phased, weights })).toEqual([
      'weights[1].atUs (5) must be >= weights[0].atUs (10): the points must be in time order',
      'weights[4].atUs (20): at most two points may share a time (a jump), but this is the third',
    ]);
  });

  it('validateMigration names every bad field and its value, without throwing', () => {
    const bad = {
      from: 'eu',
      to: 'eu',
      weights: [{ atUs: -1, toShare: 50 }, null],
      dualRunning: 'yes',
      writeFreeze: { startUs: 0, durationUs: 0 },
    } as unknown as MigrationConfig;
    expect(validateMigration(bad, 'migration')).toEqual([
      'migration: from and to must differ, got "eu" for both',
      'migration: weights[0].toShare must be a fraction of the traffic in [0, 1] (not a percentage), got 50',
      'migration: weights[0].atUs must be a whole number of µs >= 0, got -1',
      'migration: weights[1] must be an object { atUs, toShare }, got null',
      'migration: dualRunning must be true or false, got "yes"',
      'migration: writeFreeze.durationUs must be a whole number of µs > 0, got 0',
    ]);
    expect(validateMigration({ ...phased, weights: [] })).toEqual(['weights must be a non-empty array of { atUs, toShare }, got an empty array']);
    expect(validateMigration({ ...phased, from: '' })).toEqual(['from must be a non-empty string naming an environment or region, got ""']);
    expect(validateMigration('plan' as unknown as MigrationConfig)[0]).toMatch(/^a migration must be an object .* got "plan"$/);
  });

  it('new MigrationPlan throws one RangeError listing every problem', () => {
    expect(() => new MigrationPlan({ ...phased, to: 7, dualRunning: undefined } as unknown as MigrationConfig)).toThrow(
      /^MigrationPlan: invalid config: to must be a non-empty string naming an environment or region, got 7; dualRunning must be true or false, got undefined$/,
    );
  });
});

describe('MigrationPlan.shareAt', () => {
  const plan = new MigrationPlan(phased);

  it('shareAt is 0 before the first point, jumps to it, ramps straight, and holds the last point from a jump on', () => {
    expect(plan.shareAt(0)).toBe(0);
    expect(plan.shareAt(H - 1)).toBe(0);
    expect(plan.shareAt(H)).toBe(0.1);
    expect(plan.shareAt(H + 30 * MIN)).toBeCloseTo(0.3, 15);
    expect(plan.shareAt(2 * H)).toBe(0.5);
    expect(plan.shareAt(3 * H - 1)).toBe(0.5);
    expect(plan.shareAt(3 * H)).toBe(1);
    expect(plan.shareAt(1e13)).toBe(1);
    expect([plan.startUs, plan.endUs, plan.finalShare]).toEqual([H, 3 * H, 1]);
  });

  it('shareIntegralUs is exact by trapezoids: a mean share of 0.3 over the ramp, 0.5 · 1 h + 1 · 1 h after it', () => {
    expect(plan.shareIntegralUs(0, H)).toBe(0);
    expect(plan.shareIntegralUs(H, 2 * H)).toBeCloseTo(0.3 * H, 3);
    expect(plan.shareIntegralUs(0, 4 * H)).toBeCloseTo(1.8 * H, 3);
    // Requests served by the new side at 2000/s over the plan: 2000 · 1.8 · 3600.
    expect((2000 * plan.shareIntegralUs(0, 4 * H)) / S).toBeCloseTo(12_960_000, 6);
    expect(plan.shareIntegralUs(2 * H, 2 * H)).toBe(0);
  });

  it('shareAt agrees with a linear-scan reference at random times, and shareIntegralUs with a 1-µs midpoint sum (property)', () => {
    fc.assert(
      fc.property(pointLists, fc.integer({ min: 0, max: 3500 }), fc.integer({ min: 0, max: 3500 }), (weights, x, y) => {
        const config: MigrationConfig = { from: 'a', to: 'b', weights, dualRunning: false };
        expect(validateMigration(config)).toEqual([]);
        const p = new MigrationPlan(config);
        const [from, to] = x <= y ? [x, y] : [y, x];
        let cells = 0;
        let worst = 0;
        for (let t = from; t < to; t++) {
          worst = Math.max(worst, Math.abs(p.shareAt(t) - referenceShare(weights, t)));
          // Every point is a whole µs, so the share is straight inside each 1-µs cell: the midpoint rule is exact.
          cells += referenceShare(weights, t + 0.5);
        }
        expect(worst).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(p.shareIntegralUs(from, to) - cells)).toBeLessThanOrEqual(1e-9 * Math.max(1, cells));
      }),
      { numRuns: 200 },
    );
  });

  it('shareAt never decreases over time when the points never decrease, and stays within [0, the largest share] always (property)', () => {
    fc.assert(
      fc.property(pointLists, fc.array(fc.integer({ min: -10, max: 4000 }), { minLength: 2, maxLength: 60 }), (weights, times) => {
        const p = new MigrationPlan({ from: 'a', to: 'b', weights, dualRunning: true });
        const sorted = [...times].sort((a, b) => a - b);
        const shares = sorted.map((t) => p.shareAt(t));
        const top = Math.max(...weights.map((w) => w.toShare));
        for (const s of shares) expect(s >= 0 && s <= top).toBe(true);
        const monotone = weights.every((w, i) => i === 0 || w.toShare >= weights[i - 1].toShare);
        if (monotone) for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
        // The same times with the shares sorted: the premise holds in every run, not only by chance.
        const sortedShares = weights.map((w) => w.toShare).sort((a, b) => a - b);
        const rising = new MigrationPlan({ from: 'a', to: 'b', weights: weights.map((w, i) => ({ atUs: w.atUs, toShare: sortedShares[i] })), dualRunning: true });
        for (let i = 1; i < sorted.length; i++) expect(rising.shareAt(sorted[i])).toBeGreaterThanOrEqual(rising.shareAt(sorted[i - 1]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('MigrationPlan write freeze and dual running', () => {
  const plan = new MigrationPlan(phased);

  it('isWriteFrozen holds over [startUs, startUs + durationUs) exactly, and downtimeUs is the window', () => {
    expect(plan.isWriteFrozen(2 * H + 30 * MIN - 1)).toBe(false);
    expect(plan.isWriteFrozen(2 * H + 30 * MIN)).toBe(true);
    expect(plan.isWriteFrozen(2 * H + 45 * MIN - 1)).toBe(true);
    expect(plan.isWriteFrozen(2 * H + 45 * MIN)).toBe(false);
    expect(plan.downtimeUs).toBe(15 * MIN);
    const none = new MigrationPlan({ ...phased, writeFreeze: undefined });
    expect(none.downtimeUs).toBe(0);
    expect(none.isWriteFrozen(0)).toBe(false);
    expect(none.writesRejectedDuringFreeze(100)).toBe(0);
    expect(none.writesRejectedDuringFreeze(() => 100)).toBe(0);
  });

  it('writesRejectedDuringFreeze is rate · 900 s for a constant rate and the exact integral for a linear one', () => {
    expect(plan.writesRejectedDuringFreeze(50)).toBe(45_000);
    // rate(t) = 20 + t / 1 h writes per second: ∫ over the window = 20·900 + (e² − s²) / (2 · 1 h) / 10^6.
    const s = 2 * H + 30 * MIN;
    const e = s + 15 * MIN;
    const expected = 20 * 900 + (e * e - s * s) / (2 * H) / S;
    expect(Math.abs(plan.writesRejectedDuringFreeze((t) => 20 + t / H) - expected)).toBeLessThanOrEqual(1e-10 * expected);
  });

  it('writesRejectedDuringFreeze rejects a negative rate and a bad step', () => {
    expect(() => plan.writesRejectedDuringFreeze(-2)).toThrow(/writeRatePerS must be a finite number >= 0, got -2/);
    expect(() => plan.writesRejectedDuringFreeze(() => 1, Number.NaN)).toThrow(/stepUs must be a finite number of µs > 0, got NaN/);
  });

  it('dualRunningWindow spans the first to the last point when dualRunning, and is null otherwise', () => {
    expect(plan.dualRunningWindow).toEqual({ fromUs: H, untilUs: 3 * H });
    expect(new MigrationPlan({ ...phased, dualRunning: false }).dualRunningWindow).toBeNull();
  });
});
