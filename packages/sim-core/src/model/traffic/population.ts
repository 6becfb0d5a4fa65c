import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import { checkPositive, checkRatio, isRecord } from './checks.js';
import { validateRateProfile } from './rate-profile.js';
import type { RateProfileConfig } from './rate-profile.js';

/**
 * One entry of a population's endpoint mix: requests go to `endpoint` in proportion to
 * `weight`, and a share `writeRatio` of them are writes (which, for example, must go to a
 * database primary). The scenario language resolves `write: true` to writeRatio 1.
 */
export interface EndpointMixEntry {
  readonly endpoint: string;
  /** Relative weight, > 0; weights need not sum to 1. */
  readonly weight: number;
  /** Share of this endpoint's requests that are writes, in [0, 1]; default 0. */
  readonly writeRatio?: number;
}

/**
 * The users in one region: their own request-rate profile (rates are per region, not a
 * share of a global rate, so each region can peak at its own local time) and what they ask
 * for. Faults that multiply the rate are overlays applied at run time, not part of this.
 */
export interface PopulationConfig {
  readonly region: string;
  readonly profile: RateProfileConfig;
  readonly mix: readonly EndpointMixEntry[];
}

/** Problems with an endpoint mix, one message each; empty when the mix is valid. */
export function validateMix(mix: readonly EndpointMixEntry[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(mix) || mix.length === 0) {
    problems.push(`mix must be a non-empty array of { endpoint, weight, writeRatio? }, got ${Array.isArray(mix) ? 'an empty array' : describeValue(mix)}`);
    return problems;
  }
  for (let i = 0; i < mix.length; i++) {
    const entry: unknown = mix[i];
    if (!isRecord(entry)) {
      problems.push(`mix[${i}] must be an object { endpoint, weight, writeRatio? }, got ${describeValue(entry)}`);
      continue;
    }
    const endpoint = entry.endpoint;
    if (typeof endpoint !== 'string' || endpoint.length === 0) {
      problems.push(`mix[${i}].endpoint must be a non-empty string, got ${describeValue(endpoint)}`);
    } else {
      // A mix lists a handful of endpoints, so a backwards scan beats building a set.
      for (let j = 0; j < i; j++) {
        const earlier: unknown = mix[j];
        if (isRecord(earlier) && earlier.endpoint === endpoint) {
          problems.push(`mix[${i}].endpoint "${endpoint}" repeats mix[${j}]; list each endpoint once`);
          break;
        }
      }
    }
    checkPositive(problems, 'mix', 'weight', entry.weight, i);
    if (entry.writeRatio !== undefined) checkRatio(problems, 'mix', 'writeRatio', entry.writeRatio, i);
  }
  return problems;
}

/** Problems with a population: its region, its profile and its mix. */
export function validatePopulation(population: PopulationConfig): string[] {
  const p: unknown = population;
  if (!isRecord(p)) return [`population must be an object { region, profile, mix }, got ${describeValue(p)}`];
  const problems: string[] = [];
  if (typeof p.region !== 'string' || p.region.length === 0) problems.push(`region must be a non-empty string, got ${describeValue(p.region)}`);
  for (const problem of validateRateProfile(p.profile as RateProfileConfig)) problems.push(`profile: ${problem}`);
  for (const problem of validateMix(p.mix as readonly EndpointMixEntry[])) problems.push(problem);
  return problems;
}

/**
 * Draws which endpoint a request goes to and whether it is a write, by inversion: one
 * uniform against the cumulative weights (binary search, O(log k)), then one uniform against
 * the endpoint's write ratio. Always exactly two draws per pick, and inversion maps nearby
 * uniforms to the same endpoint, so a what-if run that nudges one weight or ratio keeps the
 * other requests' choices (common random numbers), which an alias table would scramble.
 */
export class EndpointPicker {
  /** The endpoint names, in mix order; pick returns an index into this. */
  readonly endpoints: readonly string[];
  /** Whether the last pick was a write. */
  lastWrite = false;
  /** cumulative[i] = weight[0] + … + weight[i]. */
  private readonly cumulative: Float64Array;
  private readonly writeRatios: Float64Array;
  private readonly total: number;

  constructor(mix: readonly EndpointMixEntry[]) {
    const problems = validateMix(mix);
    if (problems.length > 0) throw new RangeError(`EndpointPicker: ${problems.join('; ')}`);
    this.endpoints = mix.map((entry) => entry.endpoint);
    this.cumulative = new Float64Array(mix.length);
    this.writeRatios = new Float64Array(mix.length);
    let sum = 0;
    for (let i = 0; i < mix.length; i++) {
      sum += mix[i].weight;
      this.cumulative[i] = sum;
      this.writeRatios[i] = mix[i].writeRatio ?? 0;
    }
    this.total = sum;
  }

  /** The number of endpoints. */
  get size(): number {
    return this.cumulative.length;
  }

  /** The probability of endpoint i (its weight over the total). */
  probability(i: number): number {
    return (this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total;
  }

  /** The write ratio of endpoint i. */
  writeRatio(i: number): number {
    return this.writeRatios[i];
  }

  /** Draws an endpoint index and sets lastWrite; exactly two draws from rng. */
  pick(rng: RandomStream): number {
    const u = rng.float() * this.total;
    const cumulative = this.cumulative;
    // The first i with cumulative[i] > u; u < total, so the last index always qualifies.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    this.lastWrite = rng.float() < this.writeRatios[lo];
    return lo;
  }
}
