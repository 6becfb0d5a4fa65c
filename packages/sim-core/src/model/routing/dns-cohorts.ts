import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';

/**
 * When the last client that resolved before a routing change at `changeUs` has re-resolved:
 * a cohort's cached answer expires at most one TTL after it was resolved, and every cached
 * answer from before the change was resolved before it, so by changeUs + ttlUs none is left.
 */
export function drainCompleteAtUs(changeUs: number, ttlUs: number): number {
  return changeUs + ttlUs;
}

/**
 * DNS caching by client cohorts. Each user population is split into `cohortsPerPopulation`
 * cohorts; a cohort keeps the region it resolved until its TTL expires. Cohort c expires on
 * its own fixed grid, first at ⌊(c + ½)/C · ttl⌋ and then every ttl, rather than one TTL after
 * whenever a request happened to arrive: with the grid the expiries stay evenly staggered
 * forever, so under steady traffic the share of a population still sent to the old region
 * after a routing change falls linearly from 1 to 0 over one TTL, as it does across the many
 * resolvers of a real population. Under sparse traffic a cohort found expired re-resolves at
 * once (as a real client whose cache lapsed does), so the drain can only be faster.
 *
 * A failed resolution (-1, no healthy region) is not cached: the next request tries again, as
 * resolvers cache a lack of answer only briefly. State is two typed arrays; nothing is
 * allocated per request.
 */
export class DnsCohorts {
  readonly populationCount: number;
  readonly cohortsPerPopulation: number;
  readonly ttlUs: number;
  /** The region each cohort holds, -1 when it has none yet. */
  private readonly cached: Int32Array;
  private readonly expiresAtUs: Float64Array;
  /** Cohort c's grid offset in [0, ttl). */
  private readonly offsetUs: Float64Array;

  /** Throws a RangeError for bad counts or TTL. A TTL of 0 disables caching. */
  constructor(populationCount: number, cohortsPerPopulation: number, ttlUs: number) {
    if (!(Number.isSafeInteger(populationCount) && populationCount >= 1)) {
      throw new RangeError(`DnsCohorts: populationCount must be an integer >= 1, got ${describeValue(populationCount)}`);
    }
    if (!(Number.isSafeInteger(cohortsPerPopulation) && cohortsPerPopulation >= 1 && cohortsPerPopulation <= 65_536)) {
      throw new RangeError(`DnsCohorts: cohortsPerPopulation must be an integer in [1, 65536], got ${describeValue(cohortsPerPopulation)}`);
    }
    if (!(Number.isSafeInteger(ttlUs) && ttlUs >= 0)) throw new RangeError(`DnsCohorts: dnsTtlUs must be a whole number of microseconds >= 0, got ${describeValue(ttlUs)}`);
    this.populationCount = populationCount;
    this.cohortsPerPopulation = cohortsPerPopulation;
    this.ttlUs = ttlUs;
    this.cached = new Int32Array(populationCount * cohortsPerPopulation).fill(-1);
    this.expiresAtUs = new Float64Array(populationCount * cohortsPerPopulation);
    this.offsetUs = new Float64Array(cohortsPerPopulation);
    for (let c = 0; c < cohortsPerPopulation; c++) this.offsetUs[c] = Math.floor(((2 * c + 1) * ttlUs) / (2 * cohortsPerPopulation));
  }

  /** A uniformly drawn cohort (one draw), for the next request of a population. */
  cohortOf(rng: RandomStream): number {
    return Math.floor(rng.float() * this.cohortsPerPopulation);
  }

  /**
   * The region cohort `cohort` of population `population` sends its request to at `nowUs`:
   * the cached one, or — when the cache is empty or expired (now >= expiry) — `resolve()`'s
   * answer, cached until the cohort's next grid expiry after now.
   */
  regionFor(population: number, cohort: number, nowUs: number, resolve: () => number): number {
    if (!((cohort | 0) === cohort && cohort >= 0 && cohort < this.cohortsPerPopulation && (population | 0) === population && population >= 0 && population < this.populationCount)) {
      throw new RangeError(`DnsCohorts: no cohort ${describeValue(cohort)} of population ${describeValue(population)} (${this.populationCount} populations × ${this.cohortsPerPopulation} cohorts)`);
    }
    if (this.ttlUs === 0) return resolve();
    const slot = population * this.cohortsPerPopulation + cohort;
    const held = this.cached[slot];
    if (held >= 0 && nowUs < this.expiresAtUs[slot]) return held;
    const region = resolve();
    if (region < 0) {
      this.cached[slot] = -1;
      return region;
    }
    const offset = this.offsetUs[cohort];
    // The first grid point offset + m·ttl strictly after now.
    const m = nowUs < offset ? 0 : Math.floor((nowUs - offset) / this.ttlUs) + 1;
    this.cached[slot] = region;
    this.expiresAtUs[slot] = offset + m * this.ttlUs;
    return region;
  }

  /** When cohort `cohort` of `population` next re-resolves, µs (-1 if it holds no region). */
  expiresAtOf(population: number, cohort: number): number {
    const slot = population * this.cohortsPerPopulation + cohort;
    return this.cached[slot] < 0 ? -1 : this.expiresAtUs[slot];
  }
}
