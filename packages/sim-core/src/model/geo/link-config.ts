import { describeValue } from '../../assert.js';
import { closestSpelling } from '../../units/levenshtein.js';
import type { RegionConfig } from './region.js';

/**
 * One network link between two regions, with every unit already resolved to a number. The
 * scenario language parses into exactly this shape, so the field names are a contract. One
 * link carries both directions: `between[0]` -> `between[1]` is direction 0, the reverse is 1.
 */
export interface LinkConfig {
  /** The two region ids the link joins, different from each other. */
  between: [string, string];
  /**
   * The round-trip time without jitter, loss or serialization, in µs. Absent: derived from the
   * great-circle distance between the two regions (see rttFromDistanceUs).
   */
  rttUs?: number;
  /** The mean of the random extra delay of one crossing, in µs (the jitter is exponential). */
  jitterUs: number;
  /** The probability in [0, 1) that one transmission is lost. */
  lossRatio: number;
  /** The bandwidth one message is serialized at, in bits per second, > 0. */
  bandwidthBitsPerS: number;
  /** The time from sending a transmission that is lost to sending it again, in µs. */
  retransmitTimeoutUs: number;
  /** The retransmissions allowed after the first transmission before the message is lost. */
  retransmitsMax: number;
}

/** A LinkConfig whose round trip is known, as a runtime Link needs it. */
export type LinkConfigWithRtt = LinkConfig & { rttUs: number };

/** How problems name a link: by its two ends when they are strings, else by position (if known). */
export function linkLabel(link: LinkConfig, index?: number): string {
  const between = link.between as unknown;
  if (Array.isArray(between) && between.length === 2 && typeof between[0] === 'string' && typeof between[1] === 'string') {
    return `link "${between[0]}" <-> "${between[1]}"`;
  }
  return index === undefined ? 'a link' : `links[${index}]`;
}

/**
 * The problems in a link's numeric fields, each prefixed with `name`. `rttUs` is checked only
 * when present; the Link constructor requires it separately.
 */
export function validateLinkValues(link: LinkConfig, name: string): string[] {
  const problems: string[] = [];
  const nonNegative = (field: 'rttUs' | 'jitterUs' | 'retransmitTimeoutUs', value: unknown): void => {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      problems.push(`${name}: ${field} must be a finite number >= 0 µs, got ${describeValue(value)}`);
    }
  };
  if (link.rttUs !== undefined) nonNegative('rttUs', link.rttUs);
  nonNegative('jitterUs', link.jitterUs);
  if (!(typeof link.lossRatio === 'number' && link.lossRatio >= 0 && link.lossRatio < 1)) {
    problems.push(`${name}: lossRatio must be in [0, 1) (a link that loses everything is a partition), got ${describeValue(link.lossRatio)}`);
  }
  if (!(typeof link.bandwidthBitsPerS === 'number' && Number.isFinite(link.bandwidthBitsPerS) && link.bandwidthBitsPerS > 0)) {
    problems.push(`${name}: bandwidthBitsPerS must be a finite number > 0, got ${describeValue(link.bandwidthBitsPerS)}`);
  }
  nonNegative('retransmitTimeoutUs', link.retransmitTimeoutUs);
  if (!(Number.isSafeInteger(link.retransmitsMax) && link.retransmitsMax >= 0)) {
    problems.push(`${name}: retransmitsMax must be a whole number >= 0, got ${describeValue(link.retransmitsMax)}`);
  }
  return problems;
}

/**
 * The problems in a list of links against the regions they join, as sentences that name the
 * link and the bad value; an empty list means the links are usable. Checked: the shape of
 * `between`, unknown region ids (with a spelling suggestion), self-links, duplicates in either
 * order, and every numeric field.
 */
export function validateLinks(links: readonly LinkConfig[], regions: readonly Pick<RegionConfig, 'id'>[]): string[] {
  const problems: string[] = [];
  const knownSet = new Set(regions.map((region) => region.id));
  const known = [...knownSet];
  const firstIndexOfPair = new Map<string, number>();
  links.forEach((link, index) => {
    let name = linkLabel(link, index);
    const between = link.between as unknown;
    if (!(Array.isArray(between) && between.length === 2 && typeof between[0] === 'string' && typeof between[1] === 'string')) {
      problems.push(`${name}: between must be a pair of region ids, got ${describeValue(between)}`);
    } else {
      const [a, b] = link.between;
      let endsKnown = true;
      for (const end of a === b ? [a] : [a, b]) {
        if (!knownSet.has(end)) {
          endsKnown = false;
          problems.push(`${name}: unknown region "${end}"${unknownHint(end, known)}`);
        }
      }
      if (a === b) {
        problems.push(`${name}: a link must join two different regions (traffic inside a region uses the intra-region link)`);
      } else if (endsKnown) {
        // A link serves both directions, so a->b and b->a are the same link.
        const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
        const first = firstIndexOfPair.get(key);
        if (first === undefined) {
          firstIndexOfPair.set(key, index);
        } else {
          // The ends no longer identify this link alone, so its problems also give its position.
          name = `${name} (links[${index}])`;
          problems.push(`${name}: duplicates links[${first}] (one link carries both directions)`);
        }
      }
    }
    problems.push(...validateLinkValues(link, name));
  });
  return problems;
}

function unknownHint(id: string, known: readonly string[]): string {
  const suggestion = closestSpelling(id, known);
  if (suggestion !== undefined) return ` (did you mean "${suggestion}"?)`;
  return known.length === 0 ? ' (no regions are defined)' : ` (known: ${known.map((k) => `"${k}"`).join(', ')})`;
}
