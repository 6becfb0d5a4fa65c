import { describeValue } from '../../../assert.js';
import { closestSpelling } from '../../../units/levenshtein.js';
import { isRecord, prefixOf } from '../../resilience/validate.js';
import type { ResidencyGuard } from './residency-guard.js';

/** Where each zone's records have their primary in `partitioned` mode, at the start. */
export interface PartitionedHomesConfig {
  /** One entry per zone that holds data (zones are the residency zones, by name); no zone twice. */
  readonly homes: readonly { readonly zone: string; readonly region: string }[];
}

/**
 * The extra latency of reaching a record from `fromRegion` when its home is `homeRegion`: none
 * at home, one round trip (`rttUs`, which the engine takes from the network) otherwise — a
 * foreign read or write is forwarded to the home and answered from there.
 */
export function foreignAccessExtraUs(fromRegion: number, homeRegion: number, rttUs: number): number {
  return fromRegion === homeRegion ? 0 : rttUs;
}

/**
 * The problems in a homes config, as sentences; empty when usable. Zones must be zones of the
 * guard, regions its regions (misspellings get a suggestion). A home outside its zone's allowed
 * regions is NOT a problem here: it is a residency violation, which `PartitionedHomes` records.
 */
export function validatePartitionedHomes(config: PartitionedHomesConfig, guard: ResidencyGuard, name?: string): string[] {
  const prefix = prefixOf(name);
  if (!isRecord(config) || !Array.isArray(config.homes)) {
    return [`${prefix}partitioned homes must be an object { homes: [{ zone, region }] }, got ${describeValue(isRecord(config) ? config.homes : config)}`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  config.homes.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) {
      problems.push(`${prefix}homes[${i}] must be an object { zone, region }, got ${describeValue(entry)}`);
      return;
    }
    const zone: unknown = entry.zone;
    if (typeof zone !== 'string' || guard.zoneIndex(zone) < 0) {
      problems.push(`${prefix}homes[${i}].zone must be a residency zone, got ${describeValue(zone)}${hint(zone, guard.zoneNames)}`);
    } else if (seen.has(zone)) {
      problems.push(`${prefix}homes[${i}].zone "${zone}" already has a home`);
    } else {
      seen.add(zone);
    }
    const region: unknown = entry.region;
    if (typeof region !== 'string' || guard.regionIndex(region) < 0) {
      problems.push(`${prefix}homes[${i}].region must be a region of the model, got ${describeValue(region)}${hint(region, guard.regionIds)}`);
    }
  });
  return problems;
}

function hint(value: unknown, candidates: readonly string[]): string {
  const suggestion = typeof value === 'string' ? closestSpelling(value, candidates) : undefined;
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

/**
 * `partitioned` mode: every record belongs to a residency zone (the engine decides which, for
 * instance the zone of the user's region), and each zone's records have one HOME region where
 * their primary lives and where every read and write of them is served.
 *
 * - At construction (time `startUs`), each home outside its zone's allowed regions records one
 *   'stored' violation.
 * - `move(nowUs, zone, region)`: a failover moves the zone's primary; a move to a region that is
 *   not allowed records exactly one 'stored' violation, whatever reads follow. Moving to the
 *   current home is a no-op and records nothing.
 * - `read(nowUs, zone)`: a read of one of the zone's records is served at the home; while the
 *   home is not allowed, each read records one 'served' violation. Writes are served at
 *   `homeOf(zone)` and record nothing more: the data being there is the move's violation.
 * - `extraUs(fromRegion, zone, rttUs)`: a request in another region than the home pays one
 *   round trip to it (foreignAccessExtraUs).
 *
 * read, homeOf and extraUs are O(1) and allocate nothing.
 */
export class PartitionedHomes {
  private readonly guard: ResidencyGuard;
  private readonly homes: Int32Array;
  private moveCount = 0;

  constructor(config: PartitionedHomesConfig, guard: ResidencyGuard, startUs = 0) {
    const problems = validatePartitionedHomes(config, guard);
    if (problems.length > 0) throw new RangeError(`PartitionedHomes: invalid config: ${problems.join('; ')}`);
    this.guard = guard;
    this.homes = new Int32Array(guard.zoneNames.length).fill(-1);
    for (const { zone, region } of config.homes) {
      const z = guard.zoneIndex(zone);
      this.homes[z] = guard.regionIndex(region);
      guard.stored(startUs, z, this.homes[z]);
    }
  }

  /** The zone's home region index, -1 when the zone has no data here. */
  homeOf(zone: number): number {
    this.checkZone(zone);
    return this.homes[zone];
  }

  /** Failovers that changed a home. */
  get moves(): number {
    return this.moveCount;
  }

  /** Moves the zone's primary to `region` at `nowUs`; false when that breaks residency (recorded). */
  move(nowUs: number, zone: number, region: number): boolean {
    this.checkZone(zone);
    if (this.homes[zone] === region) return this.guard.isAllowed(zone, region);
    const allowed = this.guard.stored(nowUs, zone, region);
    this.homes[zone] = region;
    this.moveCount++;
    return allowed;
  }

  /** Serves a read of the zone's data at its home; returns the home (a 'served' violation is recorded when it is not allowed). */
  read(nowUs: number, zone: number): number {
    const home = this.homeOf(zone);
    if (home < 0) throw new RangeError(`PartitionedHomes: zone "${this.guard.zoneNames[zone]}" has no home, so none of its records can be read`);
    this.guard.served(nowUs, zone, home);
    return home;
  }

  /** The extra latency for a request in `fromRegion` to reach a record of `zone`, µs. */
  extraUs(fromRegion: number, zone: number, rttUs: number): number {
    return foreignAccessExtraUs(fromRegion, this.homeOf(zone), rttUs);
  }

  private checkZone(zone: number): void {
    if (Number.isInteger(zone) && zone >= 0 && zone < this.homes.length) return;
    throw new RangeError(`PartitionedHomes: zone must be an index in [0, ${this.homes.length - 1}], got ${describeValue(zone)}`);
  }
}
