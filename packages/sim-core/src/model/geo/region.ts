import { describeValue } from '../../assert.js';

/** A point on the Earth in degrees: longitude east of Greenwich, latitude north of the equator. */
export interface GeoPoint {
  /** Degrees in [-180, 180]. */
  lon: number;
  /** Degrees in [-90, 90]. */
  lat: number;
}

/**
 * One region of the modelled infrastructure, with every unit already resolved to a number.
 * The scenario language parses into exactly this shape, so the field names are a contract.
 */
export interface RegionConfig {
  /** A unique, non-empty id such as "us-east"; links and services refer to regions by it. */
  id: string;
  /** Where the region's data centres are, for deriving link round trips from distance. */
  location: GeoPoint;
  /** The region's availability zones, at least one, each id unique within the region. */
  zones: string[];
  /** The price of one instance-hour in this region, in US dollars. */
  instancePriceUsdPerHour: number;
  /** The price of one gigabyte (10^9 bytes) leaving this region, in US dollars. */
  egressPriceUsdPerGB: number;
  /** A data-residency tag (for example "eu"), for routing rules that keep data in a jurisdiction. */
  residency?: string;
}

/**
 * The problems in a list of regions, as sentences that name the region and the bad value; an
 * empty list means the regions are usable. The scenario layer maps each problem back to a
 * position in the source file, so every message starts with the region it concerns.
 */
export function validateRegions(regions: readonly RegionConfig[]): string[] {
  const problems: string[] = [];
  const firstIndexOfId = new Map<string, number>();
  regions.forEach((region, index) => {
    let name = regionLabel(region, index);
    if (!(typeof region.id === 'string' && region.id.length > 0)) {
      problems.push(`${name}: id must be a non-empty string, got ${describeValue(region.id)}`);
    } else {
      const first = firstIndexOfId.get(region.id);
      if (first === undefined) {
        firstIndexOfId.set(region.id, index);
      } else {
        // The id no longer identifies this region alone, so its problems also give its position.
        name = `${name} (regions[${index}])`;
        problems.push(`${name}: duplicate id, already used by regions[${first}]`);
      }
    }
    problems.push(...validateLocation(name, region.location));
    problems.push(...validateZones(name, region.zones));
    for (const field of ['instancePriceUsdPerHour', 'egressPriceUsdPerGB'] as const) {
      const value = region[field];
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        problems.push(`${name}: ${field} must be a finite number >= 0, got ${describeValue(value)}`);
      }
    }
    if (region.residency !== undefined && !(typeof region.residency === 'string' && region.residency.length > 0)) {
      problems.push(`${name}: residency, when given, must be a non-empty string, got ${describeValue(region.residency)}`);
    }
  });
  return problems;
}

/** How a problem names a region: by id when it has a usable one, else by position. */
function regionLabel(region: RegionConfig, index: number): string {
  return typeof region.id === 'string' && region.id.length > 0 ? `region "${region.id}"` : `regions[${index}]`;
}

function validateLocation(name: string, location: GeoPoint | undefined): string[] {
  if (typeof location !== 'object' || location === null) {
    return [`${name}: location must be an object { lon, lat }, got ${describeValue(location)}`];
  }
  const problems: string[] = [];
  if (!(typeof location.lon === 'number' && location.lon >= -180 && location.lon <= 180)) {
    problems.push(`${name}: location.lon must be in [-180, 180] degrees, got ${describeValue(location.lon)}`);
  }
  if (!(typeof location.lat === 'number' && location.lat >= -90 && location.lat <= 90)) {
    problems.push(`${name}: location.lat must be in [-90, 90] degrees, got ${describeValue(location.lat)}`);
  }
  return problems;
}

function validateZones(name: string, zones: readonly string[] | undefined): string[] {
  if (!Array.isArray(zones) || zones.length === 0) {
    return [`${name}: zones must list at least one zone, got ${Array.isArray(zones) ? 'an empty list' : describeValue(zones)}`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const zone of zones) {
    if (!(typeof zone === 'string' && zone.length > 0)) {
      problems.push(`${name}: a zone id must be a non-empty string, got ${describeValue(zone)}`);
    } else if (seen.has(zone)) {
      problems.push(`${name}: zone "${zone}" is listed twice`);
    } else {
      seen.add(zone);
    }
  }
  return problems;
}
