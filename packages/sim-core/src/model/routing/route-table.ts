import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import type { Network } from '../geo/network.js';
import type { RoutingConfig, RoutingPolicy } from '../routing.js';

/** The routing policies, in the order the docs list them. */
export const ROUTING_POLICIES: readonly RoutingPolicy[] = ['nearest-healthy', 'latency-based', 'weighted', 'failover-only'];

/** resolveRegion's answer when no candidate region is healthy: the request fails as 'no-healthy-region'. */
export const NO_HEALTHY_REGION = -1;

/** What a RouteTable needs from the routing config. */
export type RouteTableConfig = Pick<RoutingConfig, 'policy' | 'weights' | 'failoverOrder'>;

/**
 * Where requests from each user region go, for one routing policy.
 *
 * Candidates are the regions where the entry service is placed. Everything that depends only
 * on the topology is sorted once in the constructor; everything that depends on health is
 * recomputed by `update(healthyMask)`, which the engine calls when RegionHealth reports a
 * change (rare), so resolution on the request path is O(1) (nearest-healthy, failover-only),
 * O(log k) (weighted) or O(k) over the k healthy candidates (latency-based, whose estimates move
 * with every response). Nothing is allocated after construction.
 */
export class RouteTable {
  readonly policy: RoutingPolicy;
  readonly regionCount: number;
  /** Per source region, candidates by (rtt, index): row `from` at [from·k, from·k + k). */
  private readonly byDistance: Int32Array;
  private readonly candidates: Int32Array;
  /** Per source region, the nearest healthy candidate (or -1), after the last update. */
  private readonly nearest: Int32Array;
  /** Healthy candidates (latency-based, weighted), `healthyCount` of them. */
  private readonly healthy: Int32Array;
  private healthyCount = 0;
  /** Cumulative weights over `healthy` (weighted). */
  private readonly cumulative: Float64Array;
  /** Weight by region index (weighted); 0 for unlisted regions. */
  private readonly weightOf: Float64Array;
  private readonly failoverOrder: Int32Array;
  private failoverPick = NO_HEALTHY_REGION;
  private readonly rtt: Float64Array;
  private readonly latencyEstimateUs: Float64Array | undefined;

  /**
   * `placedRegionIds`: where the entry service runs. `latencyEstimateUs` (latency-based only):
   * a per-region recent response-time estimate, indexed like the network's regions, that the
   * engine keeps updating in place. Throws a RangeError for unknown regions or bad weights.
   */
  constructor(network: Network, config: RouteTableConfig, placedRegionIds: readonly string[], latencyEstimateUs?: Float64Array) {
    if (!ROUTING_POLICIES.includes(config.policy)) throw new RangeError(`RouteTable: unknown policy ${describeValue(config.policy)}`);
    const n = network.regionCount;
    this.policy = config.policy;
    this.regionCount = n;
    const placed = new Uint8Array(n);
    for (const id of placedRegionIds) placed[network.regionIndex(id)] = 1;
    this.candidates = new Int32Array(placed.reduce<number[]>((acc, p, i) => (p === 1 ? [...acc, i] : acc), []));
    const k = this.candidates.length;
    if (k === 0) throw new RangeError('RouteTable: the entry service is placed in no region');

    this.rtt = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) this.rtt[a * n + b] = network.rttAt(a, b);
    this.byDistance = new Int32Array(n * k);
    for (let from = 0; from < n; from++) {
      // Ties go to the lower index so the choice never depends on sort stability.
      const row = Array.from(this.candidates).sort((a, b) => this.rtt[from * n + a] - this.rtt[from * n + b] || a - b);
      this.byDistance.set(row, from * k);
    }
    this.nearest = new Int32Array(n);

    this.weightOf = new Float64Array(n);
    config.weights.forEach((w, i) => {
      const index = network.regionIndex(w.region);
      if (!(Number.isFinite(w.weight) && w.weight >= 0)) throw new RangeError(`RouteTable: weights[${i}].weight must be a finite number >= 0, got ${describeValue(w.weight)}`);
      if (this.weightOf[index] !== 0) throw new RangeError(`RouteTable: weights[${i}] repeats region "${w.region}"`);
      this.weightOf[index] = w.weight;
    });
    if (this.policy === 'weighted' && !config.weights.some((w) => w.weight > 0 && placed[network.regionIndex(w.region)] === 1)) {
      throw new RangeError('RouteTable: weighted routing needs a weight > 0 on a region where the entry service is placed');
    }
    this.failoverOrder = new Int32Array(config.failoverOrder.map((id) => network.regionIndex(id)));
    if (this.policy === 'failover-only' && this.failoverOrder.length === 0) throw new RangeError('RouteTable: failover-only routing needs a failoverOrder');

    if (this.policy === 'latency-based') {
      if (latencyEstimateUs === undefined || latencyEstimateUs.length !== n) {
        throw new RangeError(`RouteTable: latency-based routing needs a latencyEstimateUs Float64Array of length ${n}, got ${latencyEstimateUs === undefined ? 'none' : `length ${latencyEstimateUs.length}`}`);
      }
    }
    this.latencyEstimateUs = latencyEstimateUs;
    this.healthy = new Int32Array(k);
    this.cumulative = new Float64Array(k);
    this.update(new Uint8Array(n).fill(1));
  }

  /** Recomputes the health-dependent choices; call when RegionHealth.recordCheck returns true. */
  update(healthyMask: Uint8Array): void {
    const n = this.regionCount;
    const k = this.candidates.length;
    for (let from = 0; from < n; from++) {
      let pick = NO_HEALTHY_REGION;
      for (let j = from * k, end = j + k; j < end; j++) {
        if (healthyMask[this.byDistance[j]] === 1) {
          pick = this.byDistance[j];
          break;
        }
      }
      this.nearest[from] = pick;
    }
    let count = 0;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const region = this.candidates[j];
      if (healthyMask[region] !== 1) continue;
      // Weighted routing never sends to a zero-weight region, so it is not a candidate there.
      if (this.policy === 'weighted' && this.weightOf[region] === 0) continue;
      total += this.weightOf[region];
      this.healthy[count] = region;
      this.cumulative[count] = total;
      count++;
    }
    this.healthyCount = count;
    this.failoverPick = NO_HEALTHY_REGION;
    for (let j = 0; j < this.failoverOrder.length; j++) {
      if (healthyMask[this.failoverOrder[j]] === 1) {
        this.failoverPick = this.failoverOrder[j];
        break;
      }
    }
  }

  /** The region a request from region `fromRegion` goes to, or NO_HEALTHY_REGION (-1). */
  resolve(fromRegion: number, rng: RandomStream): number {
    switch (this.policy) {
      case 'nearest-healthy':
        return this.nearest[fromRegion];
      case 'failover-only':
        return this.failoverPick;
      case 'weighted': {
        // Always exactly one draw, even with nothing to choose, so a health change never shifts the stream.
        const u = rng.float() * (this.healthyCount === 0 ? 0 : this.cumulative[this.healthyCount - 1]);
        if (this.healthyCount === 0) return NO_HEALTHY_REGION;
        let lo = 0;
        let hi = this.healthyCount - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (this.cumulative[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        return this.healthy[lo];
      }
      case 'latency-based': {
        const estimate = this.latencyEstimateUs as Float64Array;
        const row = fromRegion * this.regionCount;
        let best = NO_HEALTHY_REGION;
        let bestUs = Infinity;
        // `healthy` is in index order, so strict < keeps the lower index on ties.
        for (let j = 0; j < this.healthyCount; j++) {
          const region = this.healthy[j];
          const us = this.rtt[row + region] + estimate[region];
          if (us < bestUs) {
            bestUs = us;
            best = region;
          }
        }
        return best;
      }
    }
  }
}

/** The region a request from `fromRegion` goes to under `table`'s policy, or -1 when no region is healthy. */
export function resolveRegion(table: RouteTable, fromRegion: number, rng: RandomStream): number {
  return table.resolve(fromRegion, rng);
}
