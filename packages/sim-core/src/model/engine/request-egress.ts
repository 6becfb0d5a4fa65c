import type { ModelConfig } from '../model-config.js';
import { BYTES_PER_GB } from '../ops/backup/backup-cost.js';

/**
 * Bytes of request traffic that leave a region (ARCHITECTURE §4's cost: cross-region egress ×
 * price), counted per sending region. Every network hop between two different regions bills
 * the sending region:
 * - a user's attempt sent to a serving region outside the users' region: the entry endpoint's
 *   `requestBytes`, from the users' region (billed when sent, so a message lost on the way or
 *   an attempt to a dark region still costs it);
 * - a server's answer to a caller in another region: the endpoint's `responseBytes` when the
 *   answer is OK or degraded (an error or a rejection carries no payload), from the serving
 *   region, whether or not the caller still waits (the server cannot know it gave up);
 * - an internal-service call and its answer, the same way with the called endpoint's sizes.
 *   Internal calls go to the service in the caller's own region today, so they bill nothing
 *   until calls can cross regions; the hook is in place.
 * - a data store call to a member in another region (engine/data-stores.ts): a write carries
 *   its record (the store's writeSizeBytes) from the caller's region, a read's OK answer one
 *   record back from the member's region. Replication is billed apart, per write shipped.
 * Health probes carry no size.
 *
 * Sizes are per global endpoint index (absent: 0). Billing is one comparison and one add per
 * hop, allocation-free; dollars are computed once, at the end, as bytes / 10⁹ × the sending
 * region's `egressPriceUsdPerGB`.
 */
export class RequestEgress {
  /** Per global endpoint: bytes of one request, and of one successful answer. */
  readonly requestBytes: Float64Array;
  readonly responseBytes: Float64Array;
  /** Per sending region: bytes sent to other regions. */
  readonly bytesFrom: Float64Array;
  private readonly prices: Float64Array;

  constructor(config: ModelConfig) {
    const endpoints = config.services.flatMap((service) => service.endpoints);
    this.requestBytes = Float64Array.from(endpoints, (endpoint) => endpoint.requestBytes ?? 0);
    this.responseBytes = Float64Array.from(endpoints, (endpoint) => endpoint.responseBytes ?? 0);
    this.bytesFrom = new Float64Array(config.regions.length);
    this.prices = Float64Array.from(config.regions, (region) => region.egressPriceUsdPerGB);
  }

  /** A request for global endpoint `e` sent from region `from` to region `to`. */
  request(from: number, to: number, e: number): void {
    if (from !== to) this.bytesFrom[from] += this.requestBytes[e];
  }

  /** A successful answer of global endpoint `e` sent from region `from` back to region `to`. */
  response(from: number, to: number, e: number): void {
    if (from !== to) this.bytesFrom[from] += this.responseBytes[e];
  }

  /**
   * `bytes` sent from region `from` to region `to` by something without an endpoint: data
   * store calls and their answers (engine/data-stores.ts).
   */
  send(from: number, to: number, bytes: number): void {
    if (from !== to) this.bytesFrom[from] += bytes;
  }

  /** Dollars of region r's request egress so far. */
  usdFrom(r: number): number {
    return (this.bytesFrom[r] / BYTES_PER_GB) * this.prices[r];
  }
}
