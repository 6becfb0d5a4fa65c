import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import { closestSpelling } from '../../units/levenshtein.js';
import { greatCircleKm, rttFromDistanceUs } from './great-circle.js';
import { Link } from './link.js';
import type { LinkDirection } from './link.js';
import { validateLinks } from './link-config.js';
import type { LinkConfig } from './link-config.js';
import { localLink } from './local-link.js';
import { NETWORK_DEFAULTS } from './network-defaults.js';
import { validateNetworkOptions } from './network-options.js';
import type { NetworkOptions } from './network-options.js';
import { validateRegions } from './region.js';
import type { RegionConfig } from './region.js';

/**
 * The regions and the links between them, with O(1) lookup on the hot path.
 *
 * Region ids are interned to indices 0..n-1 in the order given; `linkAt(from, to)` reads a
 * dense n·n matrix at `from * n + to`, and `directionAt` says which way that hop crosses the
 * link. The matrix is complete:
 * - the diagonal holds one `localLink` per region, for hops that stay inside it;
 * - every pair the scenario does not link gets a derived link: its round trip from the
 *   great-circle distance (rttFromDistanceUs with the options' fibre settings), and jitter,
 *   loss, bandwidth and retransmission settings from NETWORK_DEFAULTS. Every region can reach
 *   every other, as over the public internet; a scenario that wants a pair cut partitions it.
 * A configured link without `rttUs` gets its round trip from distance the same way.
 */
export class Network {
  /** The number of regions, n. */
  readonly regionCount: number;
  /** The inter-region links, configured ones in the order given, then derived ones by region order. */
  readonly links: readonly Link[];
  private readonly ids: readonly string[];
  private readonly indexById = new Map<string, number>();
  private readonly matrix: Link[];
  /** 0 when the hop from -> to crosses its link in direction 0 (from is between[0]), else 1. */
  private readonly directions: Uint8Array;

  /** Throws a RangeError listing every problem validateRegions, validateLinks and validateNetworkOptions find. */
  constructor(regions: readonly RegionConfig[], links: readonly LinkConfig[] = [], options: NetworkOptions = {}) {
    const problems = [...validateRegions(regions), ...validateLinks(links, regions), ...validateNetworkOptions(options)];
    if (problems.length > 0) throw new RangeError(`Network: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    const n = regions.length;
    this.regionCount = n;
    this.ids = regions.map((region) => region.id);
    this.ids.forEach((id, index) => this.indexById.set(id, index));
    this.matrix = new Array<Link>(n * n);
    this.directions = new Uint8Array(n * n);
    const distinct: Link[] = [];
    const place = (link: Link): void => {
      const a = this.regionIndex(link.between[0]);
      const b = this.regionIndex(link.between[1]);
      this.matrix[a * n + b] = link;
      this.matrix[b * n + a] = link;
      this.directions[a * n + b] = 0;
      this.directions[b * n + a] = 1;
    };
    const rttOf = (a: number, b: number): number => rttFromDistanceUs(greatCircleKm(regions[a].location, regions[b].location), options);
    for (const config of links) {
      const rttUs = config.rttUs ?? rttOf(this.regionIndex(config.between[0]), this.regionIndex(config.between[1]));
      const link = new Link({ ...config, between: [config.between[0], config.between[1]], rttUs }, 'configured');
      place(link);
      distinct.push(link);
    }
    for (let a = 0; a < n; a++) {
      place(localLink(this.ids[a], { rttUs: options.intraRegionRttUs, jitterUs: options.intraRegionJitterUs }));
      for (let b = a + 1; b < n; b++) {
        if (this.matrix[a * n + b] !== undefined) continue;
        const link = new Link(
          {
            between: [this.ids[a], this.ids[b]],
            rttUs: rttOf(a, b),
            jitterUs: NETWORK_DEFAULTS.jitterUs,
            lossRatio: NETWORK_DEFAULTS.lossRatio,
            bandwidthBitsPerS: NETWORK_DEFAULTS.bandwidthBitsPerS,
            retransmitTimeoutUs: NETWORK_DEFAULTS.retransmitTimeoutUs,
            retransmitsMax: NETWORK_DEFAULTS.retransmitsMax,
          },
          'derived',
        );
        place(link);
        distinct.push(link);
      }
    }
    this.links = distinct;
  }

  /** The region ids, in index order. */
  get regionIds(): readonly string[] {
    return this.ids;
  }

  /** The index of a region id; resolve ids once, outside the hot path. Throws for an unknown id. */
  regionIndex(id: string): number {
    const index = this.indexById.get(id);
    if (index === undefined) {
      const suggestion = closestSpelling(String(id), this.ids);
      throw new RangeError(`Network: unknown region ${describeValue(id)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`);
    }
    return index;
  }

  /** The id of the region at `index`. */
  regionId(index: number): string {
    this.checkIndex(index);
    return this.ids[index];
  }

  /** The link a hop from region `a` to region `b` crosses (the local link when a === b). */
  linkBetween(a: string, b: string): Link {
    return this.matrix[this.regionIndex(a) * this.regionCount + this.regionIndex(b)];
  }

  /**
   * The direction a hop from region `from` to region `to` crosses linkBetween(from, to) in, so
   * a fault stated as "from -> to" (in either order of the link's `between`) hits the right way.
   */
  directionBetween(from: string, to: string): LinkDirection {
    return this.directionAt(this.regionIndex(from), this.regionIndex(to));
  }

  /** The link between region indices; hot path, unchecked beyond what the array gives. */
  linkAt(from: number, to: number): Link {
    return this.matrix[from * this.regionCount + to];
  }

  /** The direction a hop from `from` to `to` crosses linkAt(from, to) in. */
  directionAt(from: number, to: number): LinkDirection {
    return this.directions[from * this.regionCount + to] as LinkDirection;
  }

  /** One message's delay from region index `from` to `to`, in whole µs, or -1 if lost: see Link.oneWayDelayUs. */
  oneWayDelayUs(from: number, to: number, rng: RandomStream, sizeBytes = 0): number {
    const cell = from * this.regionCount + to;
    return this.matrix[cell].oneWayDelayUs(this.directions[cell] as LinkDirection, rng, sizeBytes);
  }

  /**
   * The nominal round trip between two regions, in µs: the link's configured or derived rttUs,
   * for latency-based routing. It ignores faults and jitter on purpose, as the latency tables
   * of real routers are measured ahead of time; routing learns of a fault through timeouts and
   * health checks. Link.expectedRttUs() gives the mean under the current faults.
   */
  rttUs(a: string, b: string): number {
    return this.linkBetween(a, b).rttUs;
  }

  /** rttUs by region indices. */
  rttAt(from: number, to: number): number {
    return this.matrix[from * this.regionCount + to].rttUs;
  }

  private checkIndex(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.regionCount)) {
      throw new RangeError(`Network: region index must be an integer in [0, ${this.regionCount - 1}], got ${describeValue(index)}`);
    }
  }
}
