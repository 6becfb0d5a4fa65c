import { ResidencyGuard } from '../data/consistency/residency-guard.js';
import type { ResidencyViolation } from '../data/consistency/residency-guard.js';
import type { EngineContext } from './context.js';
import type { StoreState } from './store-state.js';

/** Residency as the run saw it (null in the result when the model has no residency section). */
export interface ResidencyResultJSON {
  zones: string[];
  storedViolations: number;
  servedViolations: number;
  /** Per zone and region with a violation: how many of each reason. */
  byZoneRegion: { zone: string; region: string; stored: number; served: number }[];
  /** The first violations in time order (at most VIOLATIONS_SHOWN); `unlisted` counts the rest. */
  violations: ResidencyViolation[];
  unlisted: number;
}

const VIOLATIONS_SHOWN = 200;

/**
 * Residency checked as an invariant (ARCHITECTURE §4; ops via data/consistency ResidencyGuard):
 * a store with a zone (a partitioned store's zone stores, or a store's `zone`) records a
 * 'stored' violation for each member placed outside the zone's allowed regions at the start and
 * each promotion that moves its primary outside, and a 'served' violation for each read a
 * member outside answers. Nothing is prevented: the run shows what the design would do.
 */
export class ResidencyChecks {
  private readonly ctx: EngineContext;
  readonly guard: ResidencyGuard | null;
  /** Per store: its zone's index in the guard, -1 when the store is not checked. */
  private readonly zoneOf: Int32Array;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const residency = ctx.config.residency;
    this.guard = residency === undefined ? null : new ResidencyGuard(residency, ctx.compiled.regionIds);
    const guard = this.guard;
    this.zoneOf = Int32Array.from(ctx.data.stores, (st) => (guard === null || st.config.zone === undefined ? -1 : guard.zoneIndex(st.config.zone)));
    ctx.data.stores.forEach((st) => {
      const zone = this.zoneOf[st.index];
      if (guard !== null && zone >= 0) for (const r of st.regions) guard.stored(0, zone, r);
    });
  }

  /** Member m of the store answered a read at nowUs. O(1); allocates nothing. */
  served(st: StoreState, m: number, nowUs: number): void {
    const zone = this.zoneOf[st.index];
    if (zone >= 0) (this.guard as ResidencyGuard).served(nowUs, zone, st.regions[m]);
  }

  /** A promotion made member m the store's primary at nowUs. */
  moved(st: StoreState, m: number, nowUs: number): void {
    const zone = this.zoneOf[st.index];
    if (zone < 0) return;
    const guard = this.guard as ResidencyGuard;
    if (!guard.stored(nowUs, zone, st.regions[m])) {
      this.ctx.eventLog.add(nowUs, 'residency-violation', st.config.id, `zone ${guard.zoneNames[zone]}'s primary moved to ${this.ctx.compiled.regionIds[st.regions[m]]}, outside its regions`);
    }
  }

  /** Violations recorded in [fromUs, toUs) (those beyond the guard's log limit are not seen). */
  violationsBetween(fromUs: number, toUs: number): number {
    if (this.guard === null) return 0;
    return this.guard.violations().filter((v) => v.atUs >= fromUs && v.atUs < toUs).length;
  }

  result(): ResidencyResultJSON | null {
    const guard = this.guard;
    if (guard === null) return null;
    const byZoneRegion: ResidencyResultJSON['byZoneRegion'] = [];
    guard.zoneNames.forEach((zone, z) =>
      guard.regionIds.forEach((region, r) => {
        const stored = guard.countFor(z, r, 'stored');
        const served = guard.countFor(z, r, 'served');
        if (stored + served > 0) byZoneRegion.push({ zone, region, stored, served });
      }),
    );
    const logged = guard.violations();
    return {
      zones: [...guard.zoneNames],
      storedViolations: guard.storedViolations,
      servedViolations: guard.servedViolations,
      byZoneRegion,
      violations: logged.slice(0, VIOLATIONS_SHOWN),
      unlisted: guard.violationCount - Math.min(logged.length, VIOLATIONS_SHOWN),
    };
  }
}
