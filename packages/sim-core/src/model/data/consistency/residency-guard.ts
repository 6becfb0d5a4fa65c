import { describeValue } from '../../../assert.js';
import { validateResidency } from './residency-config.js';
import type { ResidencyConfig } from './residency-config.js';

/** Why a region broke a zone's residency: it holds the zone's data, or it answered a read of it. */
export type ResidencyReason = 'stored' | 'served';
export const RESIDENCY_REASONS: readonly ResidencyReason[] = ['stored', 'served'];
const STORED = 0;
const SERVED = 1;

/** One recorded violation. */
export interface ResidencyViolation {
  readonly atUs: number;
  readonly zone: string;
  readonly region: string;
  readonly reason: ResidencyReason;
}

export interface ResidencyGuardOptions {
  /** Violations logged one by one (later ones are only counted), a whole number >= 0; default 65,536. */
  readonly recordLimit?: number;
}

const RECORD_LIMIT_DEFAULT = 65_536;

/**
 * Checks residency as an invariant. Zones and regions are indices fixed at construction (zones
 * in config order, regions in `regionIds` order, the engine's region indices); `zoneIndex` and
 * `regionIndex` translate names once, at setup.
 *
 * `stored(nowUs, zone, region)` is called when a region comes to hold a zone's data (a replica
 * placed at start, a primary moved by a failover), `served(...)` for every read a region answers
 * for a zone's data. Each call whose region is not among the zone's allowed regions records ONE
 * violation (time, zone, region, reason) and returns false; an allowed one records nothing and
 * returns true. The first `recordLimit` violations are logged in order; all are counted, per
 * (zone, region, reason). Both calls are O(1); they allocate nothing beyond the log's
 * amortised growth, and build no strings.
 */
export class ResidencyGuard {
  readonly zoneNames: readonly string[];
  readonly regionIds: readonly string[];
  private readonly allowed: Uint8Array;
  private readonly counts: Float64Array;
  private readonly recordLimit: number;
  private logged = 0;
  private logUs = new Float64Array(64);
  private logZone = new Int32Array(64);
  private logRegion = new Int32Array(64);
  private logReason = new Uint8Array(64);
  private readonly totals = new Float64Array(2);

  constructor(config: ResidencyConfig, regionIds: readonly string[], options: ResidencyGuardOptions = {}) {
    const problems = validateRegionIds(regionIds);
    if (problems.length === 0) problems.push(...validateResidency(config, regionIds));
    const limit: unknown = options.recordLimit ?? RECORD_LIMIT_DEFAULT;
    if (!(Number.isSafeInteger(limit) && (limit as number) >= 0)) problems.push(`recordLimit must be a whole number >= 0, got ${describeValue(limit)}`);
    if (problems.length > 0) throw new RangeError(`ResidencyGuard: invalid config: ${problems.join('; ')}`);
    this.recordLimit = limit as number;
    this.zoneNames = config.zones.map((z) => z.zone);
    this.regionIds = [...regionIds];
    const regions = regionIds.length;
    this.allowed = new Uint8Array(config.zones.length * regions);
    config.zones.forEach((z, zone) => {
      for (const id of z.regions) this.allowed[zone * regions + regionIds.indexOf(id)] = 1;
    });
    this.counts = new Float64Array(config.zones.length * regions * 2);
  }

  /** The index of a zone by name, -1 when there is no such zone. */
  zoneIndex(zone: string): number {
    return this.zoneNames.indexOf(zone);
  }

  /** The index of a region by id, -1 when there is no such region. */
  regionIndex(region: string): number {
    return this.regionIds.indexOf(region);
  }

  /** Whether `region` may store and serve the data of `zone`. */
  isAllowed(zone: number, region: number): boolean {
    this.check(zone, region);
    return this.allowed[zone * this.regionIds.length + region] === 1;
  }

  /** `region` holds data of `zone` from `nowUs`; records a 'stored' violation unless allowed. */
  stored(nowUs: number, zone: number, region: number): boolean {
    return this.observe(nowUs, zone, region, STORED);
  }

  /** `region` serves a read of `zone`'s data at `nowUs`; records a 'served' violation unless allowed. */
  served(nowUs: number, zone: number, region: number): boolean {
    return this.observe(nowUs, zone, region, SERVED);
  }

  get storedViolations(): number {
    return this.totals[STORED];
  }

  get servedViolations(): number {
    return this.totals[SERVED];
  }

  get violationCount(): number {
    return this.totals[STORED] + this.totals[SERVED];
  }

  /** Violations counted but not logged, beyond recordLimit. */
  get unlogged(): number {
    return this.violationCount - this.logged;
  }

  /** Violations of one (zone, region, reason). */
  countFor(zone: number, region: number, reason: ResidencyReason): number {
    this.check(zone, region);
    return this.counts[(zone * this.regionIds.length + region) * 2 + (reason === 'stored' ? STORED : SERVED)];
  }

  /** The logged violations, in the order they were recorded (allocates; for reports). */
  violations(): ResidencyViolation[] {
    const out: ResidencyViolation[] = [];
    for (let i = 0; i < this.logged; i++) {
      out.push({
        atUs: this.logUs[i],
        zone: this.zoneNames[this.logZone[i]],
        region: this.regionIds[this.logRegion[i]],
        reason: RESIDENCY_REASONS[this.logReason[i]],
      });
    }
    return out;
  }

  private observe(nowUs: number, zone: number, region: number, reason: number): boolean {
    this.check(zone, region);
    const cell = zone * this.regionIds.length + region;
    if (this.allowed[cell] === 1) return true;
    this.totals[reason]++;
    this.counts[cell * 2 + reason]++;
    if (this.logged < this.recordLimit) this.log(nowUs, zone, region, reason);
    return false;
  }

  private log(nowUs: number, zone: number, region: number, reason: number): void {
    if (this.logged === this.logUs.length) {
      const size = Math.min(this.logUs.length * 2, Math.max(this.recordLimit, 64));
      this.logUs = grow(this.logUs, new Float64Array(size));
      this.logZone = grow(this.logZone, new Int32Array(size));
      this.logRegion = grow(this.logRegion, new Int32Array(size));
      this.logReason = grow(this.logReason, new Uint8Array(size));
    }
    const i = this.logged++;
    this.logUs[i] = nowUs;
    this.logZone[i] = zone;
    this.logRegion[i] = region;
    this.logReason[i] = reason;
  }

  private check(zone: number, region: number): void {
    if (Number.isInteger(zone) && zone >= 0 && zone < this.zoneNames.length && Number.isInteger(region) && region >= 0 && region < this.regionIds.length) return;
    throw new RangeError(
      `ResidencyGuard: zone must be an index in [0, ${this.zoneNames.length - 1}] and region in [0, ${this.regionIds.length - 1}], got zone ${describeValue(zone)}, region ${describeValue(region)}`,
    );
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function validateRegionIds(regionIds: unknown): string[] {
  if (!Array.isArray(regionIds) || regionIds.length === 0) return [`regionIds must be a non-empty list of the model's region ids, got ${describeValue(regionIds)}`];
  const problems: string[] = [];
  regionIds.forEach((id: unknown, i) => {
    if (!(typeof id === 'string' && id.length > 0)) problems.push(`regionIds[${i}] must be a non-empty string, got ${describeValue(id)}`);
    else if (regionIds.indexOf(id) !== i) problems.push(`regionIds[${i}] repeats "${id}"`);
  });
  return problems;
}
