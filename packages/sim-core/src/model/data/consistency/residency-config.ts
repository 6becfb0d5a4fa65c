import { describeValue } from '../../../assert.js';
import { closestSpelling } from '../../../units/levenshtein.js';
import { isRecord, prefixOf } from '../../resilience/validate.js';

/** One residency zone: the regions its data may be stored in or served from. */
export interface ResidencyZone {
  /** A unique, non-empty name such as "eu" (a region's `residency` tag names its zone). */
  readonly zone: string;
  /** The region ids allowed to store or serve the zone's data: at least one, no repeats. */
  readonly regions: readonly string[];
}

/** The residency rules: data of a zone may live and be served only in the zone's regions. */
export interface ResidencyConfig {
  readonly zones: readonly ResidencyZone[];
}

/**
 * The problems in residency rules, as sentences naming the field and the bad value; empty when
 * they are usable. Never throws; checks types too (YAML through a cast). With `regionIds`
 * (the model's regions), every region a zone names must be one of them (a misspelling gets a
 * suggestion). `name` prefixes each sentence.
 */
export function validateResidency(config: ResidencyConfig, regionIds?: readonly string[], name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config) || !Array.isArray(config.zones)) {
    problems.push(`${prefix}residency must be an object { zones: [{ zone, regions }] }, got ${describeValue(isRecord(config) ? config.zones : config)}`);
    return problems;
  }
  const firstIndex = new Map<string, number>();
  config.zones.forEach((entry: unknown, i) => {
    const at = `zones[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${prefix}${at} must be an object { zone, regions }, got ${describeValue(entry)}`);
      return;
    }
    const zone: unknown = entry.zone;
    if (!(typeof zone === 'string' && zone.length > 0)) {
      problems.push(`${prefix}${at}.zone must be a non-empty string, got ${describeValue(zone)}`);
    } else if (firstIndex.has(zone)) {
      problems.push(`${prefix}${at}.zone "${zone}" is already used by zones[${firstIndex.get(zone)}]`);
    } else {
      firstIndex.set(zone, i);
    }
    validateZoneRegions(problems, `${prefix}${at}.regions`, entry.regions, regionIds);
  });
  return problems;
}

function validateZoneRegions(problems: string[], at: string, regions: unknown, regionIds: readonly string[] | undefined): void {
  if (!Array.isArray(regions) || regions.length === 0) {
    problems.push(`${at} must be a non-empty list of region ids, got ${describeValue(regions)}`);
    return;
  }
  const seen = new Set<string>();
  regions.forEach((region: unknown, j) => {
    if (!(typeof region === 'string' && region.length > 0)) {
      problems.push(`${at}[${j}] must be a region id (a non-empty string), got ${describeValue(region)}`);
    } else if (seen.has(region)) {
      problems.push(`${at}[${j}] repeats region "${region}"`);
    } else {
      seen.add(region);
      if (regionIds !== undefined && !regionIds.includes(region)) {
        const suggestion = closestSpelling(region, regionIds);
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        problems.push(`${at}[${j}] is not a region of the model, got ${describeValue(region)}${hint}`);
      }
    }
  });
}
