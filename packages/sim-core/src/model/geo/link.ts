import { describeValue } from '../../assert.js';
import { distributionUnitDraw } from '../../distributions/distribution.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import { linkLabel, validateLinkValues } from './link-config.js';
import type { LinkConfigWithRtt } from './link-config.js';

/** Direction 0 crosses `between[0]` -> `between[1]`; direction 1 the reverse. */
export type LinkDirection = 0 | 1;
/** Which directions a fault verb applies to. */
export type LinkDirections = LinkDirection | 'both';
/** A direction's condition: partitioned overrides degraded. */
export type LinkState = 'up' | 'degraded' | 'partitioned';
/** Where a runtime link came from: the scenario, NETWORK_DEFAULTS, or a region's own traffic. */
export type LinkOrigin = 'configured' | 'derived' | 'local';

/** A degradation of one direction: both terms come on top of the link's configuration. */
export interface LinkDegradation {
  /** Added to every crossing, in µs, >= 0. */
  addedLatencyUs: number;
  /** A second, independent loss in [0, 1] on every transmission. */
  addedLossRatio: number;
}

/** Random draws one `oneWayDelayUs` call consumes, whatever the link's state. */
export const LINK_DRAWS_PER_HOP = 2;

/**
 * A link at run time: the engine calls `oneWayDelayUs` on every hop, so that method allocates
 * nothing and builds no strings; per-direction state lives in typed arrays and everything
 * derived from it is recomputed only when a fault verb changes it.
 *
 * One crossing, when neither partitioned nor lost, takes
 *   rttUs / 2 + addedLatencyUs + sizeBytes · 8 / bandwidthBitsPerS + jitter + j · retransmitTimeoutUs
 * rounded to whole µs, where
 * - jitter is exponential with mean jitterUs. It stands for queueing in routers along the
 *   path: never negative, usually small, with the long right tail measured delays show, and it
 *   needs no second parameter. It is drawn once per message (for the delivered transmission).
 * - j, the retransmissions, is geometric: each transmission is lost independently with
 *   p = 1 - (1 - lossRatio)(1 - addedLossRatio), so P(j) = (1 - p) p^j. When j would exceed
 *   retransmitsMax the message is lost for good (-1), which happens with p^(retransmitsMax+1).
 * - serialization is paid once; the link does not model contention between messages.
 *
 * Both random terms come by inversion from exactly LINK_DRAWS_PER_HOP draws per call, also
 * when the direction is partitioned or the message is lost. So injecting a fault never shifts
 * later draws on the stream, and what-if runs that differ only in faults or parameters see
 * common random numbers: with the same draws a worse link never delivers a message sooner.
 */
export class Link {
  readonly between: readonly [string, string];
  readonly origin: LinkOrigin;
  readonly rttUs: number;
  readonly jitterUs: number;
  readonly lossRatio: number;
  readonly bandwidthBitsPerS: number;
  readonly retransmitTimeoutUs: number;
  readonly retransmitsMax: number;
  private readonly usPerByte: number;
  private readonly partitioned = new Uint8Array(2);
  private readonly addedLatencyUs = new Float64Array(2);
  private readonly addedLossRatio = new Float64Array(2);
  /** 1 when a direction delivers nothing: partitioned, or losing every transmission. */
  private readonly blocked = new Uint8Array(2);
  /** rttUs / 2 + addedLatencyUs, per direction. */
  private readonly baseUs = new Float64Array(2);
  /** The per-transmission loss p, per direction. */
  private readonly loss = new Float64Array(2);
  /** 1 / ln p for 0 < p < 1, else 0 (no loss draw is looked at). */
  private readonly inverseLogLoss = new Float64Array(2);

  constructor(config: LinkConfigWithRtt, origin: LinkOrigin = 'configured') {
    const name = `new Link: ${linkLabel(config)}`;
    const problems = validateLinkValues(config, name);
    const between = config.between as unknown;
    if (!(Array.isArray(between) && between.length === 2 && typeof between[0] === 'string' && typeof between[1] === 'string')) {
      problems.unshift(`${name}: between must be a pair of region ids, got ${describeValue(between)}`);
    }
    if (config.rttUs === undefined) problems.unshift(`${name}: rttUs is required (derive it with rttFromDistanceUs)`);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.between = [config.between[0], config.between[1]];
    this.origin = origin;
    this.rttUs = config.rttUs;
    this.jitterUs = config.jitterUs;
    this.lossRatio = config.lossRatio;
    this.bandwidthBitsPerS = config.bandwidthBitsPerS;
    this.retransmitTimeoutUs = config.retransmitTimeoutUs;
    this.retransmitsMax = config.retransmitsMax;
    this.usPerByte = 8e6 / config.bandwidthBitsPerS;
    this.refresh(0);
    this.refresh(1);
  }

  /**
   * The delay of one message crossing in `direction`, in whole µs, or -1 when it is lost for
   * good (partitioned, or lost more than retransmitsMax times). Hot path: allocation-free,
   * always LINK_DRAWS_PER_HOP draws. `sizeBytes` is not checked here; NaN would surface as a
   * NaN delay, which sim.schedule rejects.
   */
  oneWayDelayUs(direction: LinkDirection, rng: RandomStream, sizeBytes = 0): number {
    const uLoss = distributionUnitDraw(rng);
    const uJitter = distributionUnitDraw(rng);
    if (this.blocked[direction] !== 0) return -1;
    let retransmissions = 0;
    const inverseLogLoss = this.inverseLogLoss[direction];
    if (inverseLogLoss !== 0) {
      // Geometric by inversion: P(floor(ln u / ln p) >= j) = P(u <= p^j) = p^j.
      retransmissions = Math.floor(Math.log(uLoss) * inverseLogLoss);
      if (retransmissions > this.retransmitsMax) return -1;
    }
    // Exponential by inversion, the same quantile as distributionExponential(jitterUs).
    const jitterUs = -this.jitterUs * Math.log1p(-uJitter);
    return Math.round(this.baseUs[direction] + sizeBytes * this.usPerByte + jitterUs + retransmissions * this.retransmitTimeoutUs);
  }

  /** The condition of one direction. */
  state(direction: LinkDirection): LinkState {
    if (this.partitioned[direction] !== 0) return 'partitioned';
    return this.addedLatencyUs[direction] > 0 || this.addedLossRatio[direction] > 0 ? 'degraded' : 'up';
  }

  /** The probability that one transmission in `direction` is lost, degradation included. */
  transmissionLossRatio(direction: LinkDirection): number {
    return this.loss[direction];
  }

  /** The probability that a message in `direction` arrives at all: 1 - p^(retransmitsMax+1), 0 when partitioned. */
  deliveryRatio(direction: LinkDirection): number {
    return this.blocked[direction] !== 0 ? 0 : 1 - this.loss[direction] ** (this.retransmitsMax + 1);
  }

  /**
   * The mean delay of the messages that arrive in `direction`, in µs (before rounding), or
   * Infinity when none do. Retransmissions count as E[j | j <= retransmitsMax].
   */
  expectedOneWayUs(direction: LinkDirection, sizeBytes = 0): number {
    if (this.blocked[direction] !== 0) return Infinity;
    const p = this.loss[direction];
    let weighted = 0;
    let delivered = 0;
    for (let j = 0, pj = 1; j <= this.retransmitsMax; j++, pj *= p) {
      weighted += j * pj * (1 - p);
      delivered += pj * (1 - p);
    }
    return this.baseUs[direction] + sizeBytes * this.usPerByte + this.jitterUs + (this.retransmitTimeoutUs * weighted) / delivered;
  }

  /** expectedOneWayUs both ways: the mean round trip under the current faults. */
  expectedRttUs(): number {
    return this.expectedOneWayUs(0) + this.expectedOneWayUs(1);
  }

  /** Drops every message in the given directions until `repair`. A degradation is kept for after. */
  partition(directions: LinkDirections = 'both'): void {
    this.apply(directions, 'partition', (d) => (this.partitioned[d] = 1));
  }

  /** Ends a partition in the given directions; a degradation set before applies again. */
  repair(directions: LinkDirections = 'both'): void {
    this.apply(directions, 'repair', (d) => (this.partitioned[d] = 0));
  }

  /** Replaces (does not add to) the degradation of the given directions. */
  degrade(degradation: LinkDegradation, directions: LinkDirections = 'both'): void {
    const { addedLatencyUs, addedLossRatio } = degradation;
    if (!(typeof addedLatencyUs === 'number' && Number.isFinite(addedLatencyUs) && addedLatencyUs >= 0)) {
      throw new RangeError(`degrade: addedLatencyUs must be a finite number >= 0 µs, got ${describeValue(addedLatencyUs)}`);
    }
    if (!(typeof addedLossRatio === 'number' && addedLossRatio >= 0 && addedLossRatio <= 1)) {
      throw new RangeError(`degrade: addedLossRatio must be in [0, 1], got ${describeValue(addedLossRatio)}`);
    }
    this.apply(directions, 'degrade', (d) => {
      this.addedLatencyUs[d] = addedLatencyUs;
      this.addedLossRatio[d] = addedLossRatio;
    });
  }

  /** Removes the degradation of the given directions; a partition stays until `repair`. */
  restore(directions: LinkDirections = 'both'): void {
    this.apply(directions, 'restore', (d) => {
      this.addedLatencyUs[d] = 0;
      this.addedLossRatio[d] = 0;
    });
  }

  private apply(directions: LinkDirections, verb: string, change: (direction: LinkDirection) => void): void {
    if (directions !== 0 && directions !== 1 && directions !== 'both') {
      throw new RangeError(`${verb}: direction must be 0, 1 or 'both', got ${describeValue(directions)}`);
    }
    for (const d of directions === 'both' ? ([0, 1] as const) : [directions]) {
      change(d);
      this.refresh(d);
    }
  }

  /** Recomputes what the hot path reads for one direction. */
  private refresh(d: LinkDirection): void {
    // Without a degradation p is lossRatio exactly, not 1 - (1 - lossRatio), which rounds.
    const added = this.addedLossRatio[d];
    const p = added === 0 ? this.lossRatio : 1 - (1 - this.lossRatio) * (1 - added);
    this.loss[d] = p;
    this.baseUs[d] = this.rttUs / 2 + this.addedLatencyUs[d];
    this.blocked[d] = this.partitioned[d] !== 0 || p >= 1 ? 1 : 0;
    this.inverseLogLoss[d] = p > 0 && p < 1 ? 1 / Math.log(p) : 0;
  }
}
