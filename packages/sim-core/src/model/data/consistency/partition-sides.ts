import { describeValue } from '../../../assert.js';
import { throwIfProblems } from '../../resilience/validate.js';
import { validateSplitBrain } from './split-brain-config.js';
import type { SplitBrainConfig } from './split-brain-config.js';

/** The write is accepted and survives. */
export const WRITE_ACCEPTED = 0;
/** The write is refused (its side is fenced off or has no quorum); the client sees an error. */
export const WRITE_REJECTED = 1;
/** The write is accepted and acknowledged now, and discarded at reconciliation (endUs): a lost write. */
export const WRITE_DOOMED = 2;
export type SplitBrainVerdict = typeof WRITE_ACCEPTED | typeof WRITE_REJECTED | typeof WRITE_DOOMED;

/** Side indices: side A is 0, side B is 1. */
export type PartitionSide = 0 | 1;

/**
 * What the policy makes of a partition, decided once from the config:
 * - `accepts[s]`: whether side s accepts writes during the partition;
 * - `winner`: the side whose history survives reconciliation, -1 when neither side accepts.
 *
 * `none`: both accept; the winner is the side with more votes, on a tie the side holding the
 * token (so with one vote per region, the side with more regions; on an even split, the
 * primary's side). `fencing`: only the token's side accepts and wins, whatever its size.
 * `quorum`: a side accepts when 2 × its votes > all votes; on an exact tie neither side has a
 * majority and BOTH reject (a quorum system stops rather than risk split brain).
 */
export interface SplitBrainPlan {
  readonly accepts: readonly [boolean, boolean];
  readonly winner: PartitionSide | -1;
}

/** The plan for a valid config (see SplitBrainPlan). */
export function planSplitBrain(config: SplitBrainConfig): SplitBrainPlan {
  const sides = sidesOf(config);
  const votes: [number, number] = [0, 0];
  for (let r = 0; r < config.regionCount; r++) votes[sides[r]] += config.votes === undefined ? 1 : config.votes[r];
  const tokenSide = sides[config.tokenRegion] as PartitionSide;
  if (config.fencing === 'fencing') {
    return { accepts: [tokenSide === 0, tokenSide === 1], winner: tokenSide };
  }
  if (config.fencing === 'quorum') {
    const total = votes[0] + votes[1];
    const a = 2 * votes[0] > total;
    const b = 2 * votes[1] > total;
    return { accepts: [a, b], winner: a ? 0 : b ? 1 : -1 };
  }
  const winner: PartitionSide = votes[0] === votes[1] ? tokenSide : votes[0] > votes[1] ? 0 : 1;
  return { accepts: [true, true], winner };
}

function sidesOf(config: SplitBrainConfig): Uint8Array {
  const sides = new Uint8Array(config.regionCount).fill(1);
  for (const region of config.sideA) sides[region] = 0;
  return sides;
}

/**
 * Split brain over one partition: decides, for each write the engine routes to a region that
 * believes it may write, whether it is accepted, rejected, or accepted and later lost.
 *
 * A write at time t from region r:
 * - outside [startUs, endUs): WRITE_ACCEPTED (the partition is not in force);
 * - inside, on a side that does not accept (see SplitBrainPlan): WRITE_REJECTED;
 * - inside, on an accepting side that loses reconciliation (only with `none`): WRITE_DOOMED —
 *   acknowledged now, discarded when the partition heals at endUs;
 * - inside, on the winning side: WRITE_ACCEPTED.
 *
 * So without fencing, lost writes = the writes the losing side accepted during the partition;
 * with fencing or quorum nothing is lost and the fenced side's attempts are all rejected. For
 * every side, attempts = accepted + rejected and accepted = durable + lost. Writes need not
 * come in time order. `write` is O(1) and allocates nothing.
 */
export class PartitionSides {
  readonly config: SplitBrainConfig;
  readonly plan: SplitBrainPlan;
  /** Per side (index 0 = A, 1 = B), writes made during the partition. */
  readonly attempts = new Float64Array(2);
  readonly accepted = new Float64Array(2);
  readonly rejected = new Float64Array(2);
  readonly lost = new Float64Array(2);
  private readonly sides: Uint8Array;
  private readonly verdicts: Uint8Array;
  private outside = 0;
  private firstLostUs = -1;
  private lastLostUs = -1;

  constructor(config: SplitBrainConfig) {
    throwIfProblems('PartitionSides', validateSplitBrain(config));
    this.config = config;
    this.plan = planSplitBrain(config);
    this.sides = sidesOf(config);
    this.verdicts = new Uint8Array(config.regionCount);
    for (let r = 0; r < config.regionCount; r++) {
      const side = this.sides[r];
      this.verdicts[r] = !this.plan.accepts[side] ? WRITE_REJECTED : this.plan.winner === side ? WRITE_ACCEPTED : WRITE_DOOMED;
    }
  }

  /** The side `region` is on during the partition. */
  sideOf(region: number): PartitionSide {
    this.checkRegion(region);
    return this.sides[region] as PartitionSide;
  }

  /** Whether the partition is in force at `nowUs`: startUs <= nowUs < endUs. */
  isPartitioned(nowUs: number): boolean {
    return nowUs >= this.config.startUs && nowUs < this.config.endUs;
  }

  /** Decides and counts a write from `region` at `nowUs` (see the class comment). */
  write(nowUs: number, region: number): SplitBrainVerdict {
    this.checkRegion(region);
    if (!this.isPartitioned(nowUs)) {
      this.outside++;
      return WRITE_ACCEPTED;
    }
    const side = this.sides[region];
    const verdict = this.verdicts[region] as SplitBrainVerdict;
    this.attempts[side]++;
    if (verdict === WRITE_REJECTED) {
      this.rejected[side]++;
      return verdict;
    }
    this.accepted[side]++;
    if (verdict === WRITE_DOOMED) {
      this.lost[side]++;
      if (this.firstLostUs < 0 || nowUs < this.firstLostUs) this.firstLostUs = nowUs;
      if (nowUs > this.lastLostUs) this.lastLostUs = nowUs;
    }
    return verdict;
  }

  /** Writes lost at reconciliation (both sides; only the loser's are). */
  get lostWrites(): number {
    return this.lost[0] + this.lost[1];
  }

  get rejectedWrites(): number {
    return this.rejected[0] + this.rejected[1];
  }

  /** Writes accepted during the partition, lost ones included. */
  get acceptedWrites(): number {
    return this.accepted[0] + this.accepted[1];
  }

  /** Writes made outside [startUs, endUs), all accepted. */
  get writesOutside(): number {
    return this.outside;
  }

  /** Acknowledgement times of the earliest and latest lost write, µs; -1 when none was lost. */
  get firstLostAckUs(): number {
    return this.firstLostUs;
  }

  get lastLostAckUs(): number {
    return this.lastLostUs;
  }

  private checkRegion(region: number): void {
    if (Number.isInteger(region) && region >= 0 && region < this.config.regionCount) return;
    throw new RangeError(`PartitionSides: region must be a whole number in [0, ${this.config.regionCount - 1}], got ${describeValue(region)}`);
  }
}
