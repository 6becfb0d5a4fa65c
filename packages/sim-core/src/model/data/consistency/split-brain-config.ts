import { describeValue } from '../../../assert.js';
import { checkOneOf, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';

/**
 * How the two sides of a partition decide whether to keep accepting writes:
 * - `none`: both sides accept (split brain); when the partition heals, the losing side's
 *   divergent writes are discarded (as pg_rewind or a MongoDB rollback does).
 * - `fencing`: a lease / fencing token is held by the side of `tokenRegion`; only that side
 *   accepts, the other rejects (a storage layer that checks the token refuses it).
 * - `quorum`: a side accepts only while it holds a strict majority of the votes.
 */
export type FencingPolicy = 'none' | 'fencing' | 'quorum';
export const FENCING_POLICIES: readonly FencingPolicy[] = ['none', 'fencing', 'quorum'];

/**
 * One partition of the regions into two sides over [startUs, endUs), every unit resolved.
 * Regions are the engine's indices 0..regionCount-1; side A is `sideA`, side B every other region.
 */
export interface SplitBrainConfig {
  /** The regions, a whole number >= 2. */
  readonly regionCount: number;
  /** The regions on side A: distinct indices, at least one, not all. */
  readonly sideA: readonly number[];
  /** The partition starts here, µs (a whole number >= 0). */
  readonly startUs: number;
  /** ... and heals here, µs (> startUs): reconciliation happens at this instant. */
  readonly endUs: number;
  readonly fencing: FencingPolicy;
  /**
   * The region that holds the lease / fencing token when the partition starts (the primary's
   * region). `fencing`: its side accepts. `none`: its side wins reconciliation on a vote tie.
   */
  readonly tokenRegion: number;
  /**
   * The voting weight of each region (whole numbers >= 0, at least one > 0), regionCount long;
   * absent: one vote each. `quorum`: a side accepts when 2 × its votes > all votes. `none`: the
   * side with more votes wins reconciliation (ties go to the token's side).
   */
  readonly votes?: readonly number[];
}

/**
 * The problems in a split-brain config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws; checks types too. `name` prefixes each sentence.
 */
export function validateSplitBrain(config: SplitBrainConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a split-brain config must be an object { regionCount, sideA, startUs, endUs, fencing, tokenRegion, votes? }, got ${describeValue(config)}`);
    return problems;
  }
  const count: unknown = config.regionCount;
  const countOk = Number.isSafeInteger(count) && (count as number) >= 2;
  if (!countOk) problems.push(`${prefix}regionCount must be a whole number >= 2 (a partition needs two sides), got ${describeValue(count)}`);
  const regions = countOk ? (count as number) : Number.POSITIVE_INFINITY;
  validateSideA(problems, prefix, config.sideA, regions);
  const startOk = checkWholeUs(problems, prefix, 'startUs', config.startUs, 0);
  if (checkWholeUs(problems, prefix, 'endUs', config.endUs, 1) && startOk && !(config.endUs > config.startUs)) {
    problems.push(`${prefix}endUs (${config.endUs}) must be after startUs (${config.startUs})`);
  }
  checkOneOf(problems, prefix, 'fencing', config.fencing, FENCING_POLICIES);
  if (!isRegion(config.tokenRegion, regions)) {
    problems.push(`${prefix}tokenRegion must be a region index in [0, regionCount), got ${describeValue(config.tokenRegion)}`);
  }
  if (config.votes !== undefined) validateVotes(problems, prefix, config.votes, countOk ? regions : -1);
  return problems;
}

function isRegion(value: unknown, regions: number): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < regions;
}

function validateSideA(problems: string[], prefix: string, sideA: unknown, regions: number): void {
  if (!Array.isArray(sideA) || sideA.length === 0) {
    problems.push(`${prefix}sideA must be a non-empty list of region indices, got ${describeValue(sideA)}`);
    return;
  }
  const seen = new Set<number>();
  sideA.forEach((region: unknown, i) => {
    if (!isRegion(region, regions)) {
      problems.push(`${prefix}sideA[${i}] must be a region index in [0, regionCount), got ${describeValue(region)}`);
    } else if (seen.has(region as number)) {
      problems.push(`${prefix}sideA[${i}] repeats region ${region as number}`);
    } else {
      seen.add(region as number);
    }
  });
  if (seen.size >= regions) problems.push(`${prefix}sideA holds every region, so side B is empty: a partition needs two sides`);
}

function validateVotes(problems: string[], prefix: string, votes: unknown, regions: number): void {
  if (!Array.isArray(votes) || (regions >= 0 && votes.length !== regions)) {
    problems.push(`${prefix}votes, when given, must be a list of one whole number >= 0 per region${regions >= 0 ? ` (${regions})` : ''}, got ${describeValue(votes)}${Array.isArray(votes) ? ` of length ${votes.length}` : ''}`);
    return;
  }
  let total = 0;
  let allWhole = true;
  votes.forEach((vote: unknown, i) => {
    if (Number.isSafeInteger(vote) && (vote as number) >= 0) {
      total += vote as number;
    } else {
      allWhole = false;
      problems.push(`${prefix}votes[${i}] must be a whole number >= 0, got ${describeValue(vote)}`);
    }
  });
  if (total === 0 && allWhole) problems.push(`${prefix}votes must give at least one region a vote, got all zeros`);
}
