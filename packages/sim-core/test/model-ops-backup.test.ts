import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/index.js';
import {
  BYTES_PER_GB,
  REPLAY_LOG_STEP,
  RESTORE_DATA_STEP,
  STORAGE_MONTH_US,
  backupStorageCostUsd,
  backupStoredBytes,
  expectedLostWrites,
  lastSnapshotAtOrBefore,
  latestRecoverableUs,
  lostWritesIn,
  nextSnapshotAfter,
  restoreDataUs,
  restorePlan,
  storageCostUsd,
  validateBackup,
} from '../src/model/ops/backup/index.js';
import type { BackupConfig } from '../src/model/ops/backup/index.js';

const S = 1_000_000;
const MIN = 60 * S;
const H = 60 * MIN;

/** Hourly snapshots at :30, a 500 GB dataset restored at 250 MB/s (2000 s), two fixed steps. */
const hourly: BackupConfig = {
  snapshotIntervalUs: H,
  snapshotOffsetUs: 30 * MIN,
  snapshotSizeBytes: 500e9,
  restoreBytesPerS: 250e6,
  restoreSteps: [
    { step: 'provision a database instance', durationUs: 10 * MIN },
    { step: 'repoint the application', durationUs: 5 * MIN },
  ],
};

/**
 * The reference for the schedule: the grid walked forward one interval at a time from its point
 * just before 0 to `toUs`, in plain arrays. Callers keep `toUs` within a few hundred intervals.
 */
function snapshotTimes(config: BackupConfig, toUs: number): number[] {
  const times: number[] = [];
  for (let s = (config.snapshotOffsetUs ?? 0) - config.snapshotIntervalUs; s <= toUs; s += config.snapshotIntervalUs) times.push(s);
  return times;
}

/** A time within the first 200 intervals of a config's schedule, so the forward walk stays short. */
function timeWithin(config: BackupConfig, u: number): number {
  return Math.floor(u * 200 * config.snapshotIntervalUs);
}

const fractions = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const configs = fc.record({
  snapshotIntervalUs: fc.integer({ min: 1, max: 48 * H }),
  offsetFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  snapshotSizeBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000_000_000_000 })),
  restoreBytesPerS: fc.integer({ min: 1_000_000, max: 5_000_000_000 }),
  steps: fc.array(fc.integer({ min: 0, max: 2 * H }), { maxLength: 4 }),
  lagUs: fc.option(fc.integer({ min: 0, max: 4 * H }), { nil: undefined }),
  replayTimeRatio: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
}).map(({ offsetFraction, steps, lagUs, replayTimeRatio, ...rest }): BackupConfig => ({
  ...rest,
  snapshotOffsetUs: Math.floor(offsetFraction * rest.snapshotIntervalUs),
  restoreSteps: steps.map((durationUs, i) => ({ step: `step ${i}`, durationUs })),
  ...(lagUs === undefined ? {} : { logShipping: replayTimeRatio === undefined ? { lagUs } : { lagUs, replayTimeRatio } }),
}));

describe('validateBackup', () => {
  it('validateBackup accepts a complete config, with and without the optional parts', () => {
    expect(validateBackup(hourly)).toEqual([]);
    expect(validateBackup({ ...hourly, logShipping: { lagUs: 5 * S, replayTimeRatio: 0.1 }, retainedSnapshots: 7 })).toEqual([]);
    expect(validateBackup({ ...hourly, restoreSteps: [], snapshotOffsetUs: undefined, snapshotSizeBytes: 0 })).toEqual([]);
  });

  it('validateBackup names every bad field and its value, without throwing', () => {
    const bad = {
      snapshotIntervalUs: 0,
      snapshotOffsetUs: 1.5,
      snapshotSizeBytes: -1,
      restoreBytesPerS: Number.NaN,
      restoreSteps: [{ step: '', durationUs: -5 }, 'restore'],
      logShipping: { lagUs: '5s', replayTimeRatio: -1 },
      retainedSnapshots: 0,
    } as unknown as BackupConfig;
    const problems = validateBackup(bad, 'stores.orders.backup');
    expect(problems).toEqual([
      'stores.orders.backup: snapshotIntervalUs must be a whole number of µs > 0, got 0',
      'stores.orders.backup: snapshotOffsetUs must be a whole number of µs >= 0, got 1.5',
      'stores.orders.backup: snapshotSizeBytes must be a finite number >= 0, got -1',
      'stores.orders.backup: restoreBytesPerS must be a finite number of bytes per second > 0, got NaN',
      'stores.orders.backup: restoreSteps[0].step must be a non-empty string naming the step, got ""',
      'stores.orders.backup: restoreSteps[0].durationUs must be a whole number of µs >= 0, got -5',
      'stores.orders.backup: restoreSteps[1] must be an object { step, durationUs }, got "restore"',
      'stores.orders.backup: logShipping.lagUs must be a whole number of µs >= 0, got "5s"',
      'stores.orders.backup: logShipping.replayTimeRatio must be a finite number >= 0, got -1',
      'stores.orders.backup: retainedSnapshots must be a whole number > 0, got 0',
    ]);
  });

  it('validateBackup rejects an offset of a whole interval or more, a non-object and a non-array of steps', () => {
    expect(validateBackup({ ...hourly, snapshotOffsetUs: H })).toEqual([`snapshotOffsetUs (${H}) must be < snapshotIntervalUs (${H}): it is the schedule's phase`]);
    expect(validateBackup(null as unknown as BackupConfig)[0]).toMatch(/^a backup config must be an object .* got null$/);
    expect(validateBackup({ ...hourly, restoreSteps: undefined } as unknown as BackupConfig)).toEqual([
      'restoreSteps must be an array of { step, durationUs } (empty for none), got undefined',
    ]);
    expect(validateBackup({ ...hourly, logShipping: 5 } as unknown as BackupConfig)).toEqual([
      'logShipping, when given, must be an object { lagUs, replayTimeRatio? }, got 5',
    ]);
  });
});

describe('the snapshot schedule', () => {
  it('lastSnapshotAtOrBefore(t) on an hourly schedule at :30 gives the half hour at or before t, negative before the first', () => {
    expect(lastSnapshotAtOrBefore(hourly, 0)).toBe(-30 * MIN);
    expect(lastSnapshotAtOrBefore(hourly, 30 * MIN - 1)).toBe(-30 * MIN);
    expect(lastSnapshotAtOrBefore(hourly, 30 * MIN)).toBe(30 * MIN);
    expect(lastSnapshotAtOrBefore(hourly, 2 * H + 29 * MIN)).toBe(H + 30 * MIN);
    expect(nextSnapshotAfter(hourly, 30 * MIN)).toBe(H + 30 * MIN);
  });

  it('lastSnapshotAtOrBefore(t) is the largest grid time <= t of a forward walk along the grid (property)', () => {
    fc.assert(
      fc.property(configs, fractions, (config, u) => {
        const t = timeWithin(config, u);
        const walked = snapshotTimes(config, t);
        const s = lastSnapshotAtOrBefore(config, t);
        expect(s).toBe(walked[walked.length - 1]);
        expect(nextSnapshotAfter(config, t)).toBe(s + config.snapshotIntervalUs);
      }),
      { numRuns: 500 },
    );
  });

  it('lastSnapshotAtOrBefore(t) stays exact on the grid near 2^53 µs, where a floating quotient could round across a whole number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_007 }), fc.integer({ min: 0, max: 1_000_000 }), (interval, back) => {
        const config: BackupConfig = { ...hourly, snapshotIntervalUs: interval, snapshotOffsetUs: 0 };
        const t = Number.MAX_SAFE_INTEGER - back;
        const s = lastSnapshotAtOrBefore(config, t);
        expect(s <= t && t < s + interval).toBe(true);
        expect(s % interval).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('latestRecoverableUs(t) is the last snapshot without log shipping, and max(last snapshot, t − lag) with it', () => {
    const shipped: BackupConfig = { ...hourly, logShipping: { lagUs: 5 * MIN } };
    expect(latestRecoverableUs(hourly, 2 * H)).toBe(H + 30 * MIN);
    expect(latestRecoverableUs(shipped, 2 * H)).toBe(2 * H - 5 * MIN);
    // Two minutes after a snapshot the shipped log reaches only to before it: the snapshot wins.
    expect(latestRecoverableUs(shipped, H + 32 * MIN)).toBe(H + 30 * MIN);
  });

  it('lastSnapshotAtOrBefore rejects a time that is not a whole number of µs', () => {
    expect(() => lastSnapshotAtOrBefore(hourly, 1.5)).toThrow(RangeError);
    expect(() => lastSnapshotAtOrBefore(hourly, Number.NaN)).toThrow(/tUs must be a whole number of µs, got NaN/);
  });
});

describe('restorePlan', () => {
  it('restorePlan for a deletion at 10:10 detected at 10:30 restores the 09:30 snapshot: RPO 40 min, RTO 20 + 15 + 33:20 min', () => {
    const plan = restorePlan(hourly, 10 * H + 10 * MIN, 10 * H + 30 * MIN);
    expect(plan.restoredToUs).toBe(9 * H + 30 * MIN);
    expect(plan.baseSnapshotUs).toBe(9 * H + 30 * MIN);
    expect(plan.rpoUs).toBe(40 * MIN);
    // 500e9 B / 250e6 B/s = 2000 s.
    expect(plan.restoreDataUs).toBe(2000 * S);
    expect(plan.replayUs).toBe(0);
    expect(plan.detectUs).toBe(20 * MIN);
    expect(plan.restoreDurationUs).toBe(15 * MIN + 2000 * S);
    expect(plan.rtoUs).toBe(20 * MIN + 15 * MIN + 2000 * S);
    expect(plan.restoredAtUs).toBe(10 * H + 30 * MIN + 15 * MIN + 2000 * S);
    expect(plan.steps.map((s) => s.step)).toEqual(['provision a database instance', 'repoint the application', RESTORE_DATA_STEP]);
    expect(plan.steps.map((s) => [s.startUs - plan.detectedUs, s.endUs - plan.detectedUs])).toEqual([
      [0, 10 * MIN],
      [10 * MIN, 15 * MIN],
      [15 * MIN, 15 * MIN + 2000 * S],
    ]);
  });

  it('restorePlan without log shipping: RPO = deletion − last snapshot exactly and RTO = detection + size/rate + Σ steps (property)', () => {
    fc.assert(
      fc.property(
        configs.map((c) => ({ ...c, logShipping: undefined })),
        fractions,
        fc.integer({ min: 0, max: 12 * H }),
        (config, u, delayUs) => {
          const deletionUs = timeWithin(config, u);
          const plan = restorePlan(config, deletionUs, deletionUs + delayUs);
          const grid = snapshotTimes(config, deletionUs);
          expect(plan.rpoUs).toBe(deletionUs - grid[grid.length - 1]);
          expect(plan.rpoUs >= 0 && plan.rpoUs < config.snapshotIntervalUs).toBe(true);
          const sizeOverRateUs = (config.snapshotSizeBytes / config.restoreBytesPerS) * S;
          // restoreDataUs is size / rate rounded up to a whole µs, so it lies within 1 µs above it.
          expect(plan.restoreDataUs - sizeOverRateUs).toBeGreaterThan(-1e-6 * Math.max(1, sizeOverRateUs));
          expect(plan.restoreDataUs - sizeOverRateUs).toBeLessThan(1);
          const stepsUs = config.restoreSteps.reduce((sum, s) => sum + s.durationUs, 0);
          expect(plan.rtoUs).toBe(delayUs + plan.restoreDataUs + stepsUs);
          expect(plan.steps.some((s) => s.step === REPLAY_LOG_STEP)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('restorePlan with log shipping: RPO = min(lag, deletion − last snapshot), and the replay takes ⌈(restored point − base) · ratio⌉ (property)', () => {
    fc.assert(
      fc.property(
        configs,
        fc.integer({ min: 0, max: 30 * 24 * H }),
        fc.integer({ min: 0, max: 12 * H }),
        (config, deletionUs, delayUs) => {
          const plan = restorePlan(config, deletionUs, deletionUs + delayUs);
          const lastUs = lastSnapshotAtOrBefore(config, deletionUs);
          if (config.logShipping === undefined) {
            expect(plan.rpoUs).toBe(deletionUs - lastUs);
            return;
          }
          expect(plan.rpoUs).toBe(Math.min(config.logShipping.lagUs, deletionUs - lastUs));
          expect(plan.baseSnapshotUs).toBe(lastUs);
          const replay = (plan.restoredToUs - lastUs) * (config.logShipping.replayTimeRatio ?? 0);
          // Rounded up to a whole µs; a value within rounding noise (8 ulp) of a whole number may round down to it.
          expect(plan.replayUs >= replay - 8 * Number.EPSILON * Math.max(1, replay) && plan.replayUs < replay + 1).toBe(true);
          const stepsUs = config.restoreSteps.reduce((sum, s) => sum + s.durationUs, 0);
          expect(plan.rtoUs).toBe(delayUs + stepsUs + plan.restoreDataUs + plan.replayUs);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('restorePlan lays the steps end to end from the detection to restoredAtUs (property)', () => {
    fc.assert(
      fc.property(configs, fc.integer({ min: 0, max: 24 * H }), fc.integer({ min: 0, max: H }), (config, deletionUs, delayUs) => {
        const plan = restorePlan(config, deletionUs, deletionUs + delayUs);
        let at = plan.detectedUs;
        for (const step of plan.steps) {
          expect(step.startUs).toBe(at);
          expect(step.endUs).toBeGreaterThanOrEqual(step.startUs);
          at = step.endUs;
        }
        expect(at).toBe(plan.restoredAtUs);
        expect(plan.steps.length).toBe(config.restoreSteps.length + (config.logShipping === undefined ? 1 : 2));
      }),
      { numRuns: 200 },
    );
  });

  it('restorePlan with a one-hour replay at ratio 0.1 adds 6 min: a deletion 70 min after a snapshot with a 10-min lag', () => {
    const config: BackupConfig = { ...hourly, snapshotIntervalUs: 4 * H, snapshotOffsetUs: 0, logShipping: { lagUs: 10 * MIN, replayTimeRatio: 0.1 } };
    const plan = restorePlan(config, 4 * H + 70 * MIN, 4 * H + 80 * MIN);
    expect(plan.restoredToUs).toBe(4 * H + 60 * MIN);
    expect(plan.rpoUs).toBe(10 * MIN);
    expect(plan.replayUs).toBe(6 * MIN);
    expect(plan.rtoUs).toBe(10 * MIN + 15 * MIN + 2000 * S + 6 * MIN);
    expect(plan.steps[plan.steps.length - 1]).toEqual({ step: REPLAY_LOG_STEP, startUs: plan.restoredAtUs - 6 * MIN, endUs: plan.restoredAtUs });
  });

  it('restorePlan with a zero lag recovers up to the deletion: RPO 0', () => {
    const plan = restorePlan({ ...hourly, logShipping: { lagUs: 0 } }, 5 * H + 17, 5 * H + 17);
    expect(plan.rpoUs).toBe(0);
    expect(plan.restoredToUs).toBe(5 * H + 17);
  });

  it('restoreDataUs rounds size / rate up to a whole µs, but not past floating-point noise', () => {
    // 1e12 B at 3e8 B/s is 3333.33… s, rounded up.
    expect(restoreDataUs({ ...hourly, snapshotSizeBytes: 1e12, restoreBytesPerS: 3e8 })).toBe(3_333_333_334);
    // 1.1 / 0.1 is 11.000000000000002 in doubles: it is 11 s, not 11 s + 1 µs.
    expect(restoreDataUs({ ...hourly, snapshotSizeBytes: 1.1, restoreBytesPerS: 0.1 })).toBe(11 * S);
    expect(restoreDataUs({ ...hourly, snapshotSizeBytes: 0 })).toBe(0);
  });

  it('restorePlan rejects a detection before the deletion and times that are not whole µs >= 0', () => {
    expect(() => restorePlan(hourly, 10, 9)).toThrow(/cannot be detected before it happens/);
    expect(() => restorePlan(hourly, -1, 9)).toThrow(/deletionUs must be a whole number of µs >= 0, got -1/);
    expect(() => restorePlan(hourly, 1, 2.5)).toThrow(/detectedUs .* got 2.5/);
  });
});

describe('lost writes and conservation', () => {
  const arbitraryWrites = fc.array(fc.integer({ min: 0, max: 6 * H }), { maxLength: 400 }).map((ts) => [...ts].sort((a, b) => a - b));

  it('lostWritesIn counts the writes acknowledged in [restoredToUs, deletionUs), as a plain filter does (property)', () => {
    fc.assert(
      fc.property(configs, arbitraryWrites, fc.integer({ min: 0, max: 6 * H }), (config, writes, deletionUs) => {
        const plan = restorePlan(config, deletionUs, deletionUs);
        const lost = writes.filter((t) => t >= plan.restoredToUs && t < deletionUs);
        expect(lostWritesIn(plan, writes)).toBe(lost.length);
        // Conservation: every write acknowledged before the deletion is either restored or lost.
        const before = writes.filter((t) => t < deletionUs).length;
        const restored = writes.filter((t) => t < plan.restoredToUs).length;
        expect(restored + lostWritesIn(plan, writes)).toBe(before);
        // §5: RPO = the deletion time minus the oldest lost write, when its time is the restored point.
        if (lost.length > 0) expect(deletionUs - lost[0]).toBeLessThanOrEqual(plan.rpoUs);
      }),
      { numRuns: 500 },
    );
  });

  it('lostWritesIn counts a write at the snapshot instant as lost (the snapshot holds writes strictly before it) and one at the deletion instant as not', () => {
    const plan = restorePlan(hourly, 2 * H, 2 * H);
    expect(plan.restoredToUs).toBe(H + 30 * MIN);
    expect(lostWritesIn(plan, [H + 30 * MIN - 1, H + 30 * MIN, 2 * H - 1, 2 * H])).toBe(2);
  });

  it('lostWritesIn rejects unsorted write times', () => {
    const plan = restorePlan(hourly, 2 * H, 2 * H);
    expect(() => lostWritesIn(plan, [5, 3])).toThrow(/sorted ascending, but \[0\] = 5 > \[1\] = 3/);
  });

  it('lostWritesIn on Poisson writes at 20/s averages expectedLostWrites = 20 · RPO over 200 seeds, within 4 standard errors', () => {
    // Deletion 40 min after the last snapshot: λ = 20/s · 2400 s = 48000 writes expected lost.
    const plan = restorePlan(hourly, 10 * H + 10 * MIN, 10 * H + 30 * MIN);
    const rate = 20;
    const lambda = expectedLostWrites(plan, rate);
    expect(lambda).toBe(48_000);
    const seeds = 200;
    let sum = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const stream = new RandomStream(seed, 'backup/writes');
      const writes: number[] = [];
      for (let t = plan.restoredToUs - MIN + stream.exponential(S / rate); t < plan.deletionUs + MIN; t += stream.exponential(S / rate)) {
        writes.push(Math.floor(t));
      }
      sum += lostWritesIn(plan, writes);
    }
    // Each count is Poisson(λ) up to the flooring of times to whole µs (which moves no write
    // across a boundary that is itself a whole µs), so the mean of 200 has sd sqrt(λ / 200).
    expect(Math.abs(sum / seeds - lambda)).toBeLessThan(4 * Math.sqrt(lambda / seeds));
  });

  it('expectedLostWrites rejects a negative rate', () => {
    expect(() => expectedLostWrites(restorePlan(hourly, 0, 0), -1)).toThrow(/writeRatePerS must be a finite number >= 0, got -1/);
  });
});

describe('backup storage cost', () => {
  it('storageCostUsd of 1 TB at $0.023/GB-month is $23 for 730 h and 23 · 24 / 730 dollars for a day', () => {
    expect(STORAGE_MONTH_US).toBe(730 * H);
    expect(storageCostUsd(1000 * BYTES_PER_GB, 0.023, 730 * H)).toBeCloseTo(23, 12);
    expect(storageCostUsd(1e12, 0.023, 24 * H)).toBeCloseTo((23 * 24) / 730, 12);
    expect(storageCostUsd(0, 0.023, 24 * H)).toBe(0);
  });

  it('backupStorageCostUsd counts retainedSnapshots full snapshots (default 1)', () => {
    expect(backupStoredBytes(hourly)).toBe(500e9);
    expect(backupStoredBytes({ ...hourly, retainedSnapshots: 7 })).toBe(3500e9);
    // 3.5 TB for a 730-hour month at $0.05/GB-month: 3500 · 0.05 = $175.
    expect(backupStorageCostUsd({ ...hourly, retainedSnapshots: 7 }, 0.05, 730 * H)).toBeCloseTo(175, 10);
  });

  it('storageCostUsd rejects negative and non-finite arguments', () => {
    expect(() => storageCostUsd(-1, 0.02, 1)).toThrow(/bytes must be a finite number >= 0, got -1/);
    expect(() => storageCostUsd(1, Number.POSITIVE_INFINITY, 1)).toThrow(/priceUsdPerGBMonth .* got Infinity/);
    expect(() => storageCostUsd(1, 0.02, Number.NaN)).toThrow(/durationUs .* got NaN/);
  });
});
