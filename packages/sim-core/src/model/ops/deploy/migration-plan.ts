import { describeValue } from '../../../assert.js';
import { throwIfProblems } from '../../resilience/validate.js';
import type { MigrationConfig } from './migration-config.js';
import { validateMigration } from './migration-config.js';
import { RATE_INTEGRAL_STEP_US_DEFAULT, knotIntegralUs, knotRateIntegralUs, knotValueAt } from './share-knots.js';
import type { RateFunction, ShareKnots } from './share-knots.js';

/**
 * A migration resolved for the engine and the report (see MigrationConfig for the semantics).
 * The constructor throws a RangeError listing every problem of an invalid config.
 */
export class MigrationPlan {
  readonly config: MigrationConfig;
  /** The `to` share as knots: 0 before the first point, then the points. */
  readonly knots: ShareKnots;
  /** The first point's time, µs: the cutover starts. */
  readonly startUs: number;
  /** The last point's time, µs: the cutover is over. */
  readonly endUs: number;
  /** The `to` share after the last point. */
  readonly finalShare: number;
  /** Both sides run at full capacity over [startUs, endUs] when dualRunning; null otherwise. */
  readonly dualRunningWindow: { readonly fromUs: number; readonly untilUs: number } | null;
  private readonly freezeStartUs: number;
  private readonly freezeEndUs: number;

  constructor(config: MigrationConfig) {
    throwIfProblems('MigrationPlan', validateMigration(config));
    this.config = config;
    const weights = config.weights;
    this.knots = { timesUs: [weights[0].atUs, ...weights.map((w) => w.atUs)], values: [0, ...weights.map((w) => w.toShare)] };
    this.startUs = weights[0].atUs;
    this.endUs = weights[weights.length - 1].atUs;
    this.finalShare = weights[weights.length - 1].toShare;
    this.dualRunningWindow = config.dualRunning ? { fromUs: this.startUs, untilUs: this.endUs } : null;
    const freeze = config.writeFreeze;
    this.freezeStartUs = freeze === undefined ? 0 : freeze.startUs;
    this.freezeEndUs = freeze === undefined ? 0 : freeze.startUs + freeze.durationUs;
  }

  /** The share of traffic on the `to` side at tUs, in [0, 1]; O(log points), allocation-free (per request). */
  shareAt(tUs: number): number {
    return knotValueAt(this.knots, tUs);
  }

  /** ∫ shareAt(t) dt over [fromUs, toUs], in share·µs; exact. Times a rate per second / 10^6, the requests the `to` side serves. */
  shareIntegralUs(fromUs: number, toUs: number): number {
    return knotIntegralUs(this.knots, fromUs, toUs);
  }

  /** Whether a write at tUs is rejected: tUs in [writeFreeze.startUs, + durationUs). Allocation-free. */
  isWriteFrozen(tUs: number): boolean {
    return tUs >= this.freezeStartUs && tUs < this.freezeEndUs;
  }

  /** The write downtime, µs: writeFreeze.durationUs, or 0 without a freeze. Reads are served throughout. */
  get downtimeUs(): number {
    return this.freezeEndUs - this.freezeStartUs;
  }

  /**
   * The expected writes the freeze rejects: ∫ over the freeze of the write rate (per second)
   * dt / 10^6. Exact for a constant rate (rate · downtimeUs / 10^6); for a function, the
   * composite Simpson rule with sub-intervals of at most stepUs (default 1 s; see
   * knotRateIntegralUs). Throws a RangeError for a bad rate or step.
   */
  writesRejectedDuringFreeze(writeRatePerS: number | RateFunction, stepUs: number = RATE_INTEGRAL_STEP_US_DEFAULT): number {
    if (typeof writeRatePerS === 'number') {
      if (!(Number.isFinite(writeRatePerS) && writeRatePerS >= 0)) {
        throw new RangeError(`writesRejectedDuringFreeze: writeRatePerS must be a finite number >= 0, got ${describeValue(writeRatePerS)}`);
      }
      return (writeRatePerS * this.downtimeUs) / 1_000_000;
    }
    if (typeof writeRatePerS !== 'function') {
      throw new RangeError(`writesRejectedDuringFreeze: writeRatePerS must be a number or a function of time, got ${describeValue(writeRatePerS)}`);
    }
    if (!(typeof stepUs === 'number' && Number.isFinite(stepUs) && stepUs > 0)) {
      throw new RangeError(`writesRejectedDuringFreeze: stepUs must be a finite number of µs > 0, got ${describeValue(stepUs)}`);
    }
    if (this.downtimeUs === 0) return 0;
    const window: ShareKnots = { timesUs: [this.freezeStartUs, this.freezeEndUs, this.freezeEndUs], values: [1, 1, 0] };
    return knotRateIntegralUs(window, writeRatePerS, this.freezeStartUs, this.freezeEndUs, stepUs) / 1_000_000;
  }
}
