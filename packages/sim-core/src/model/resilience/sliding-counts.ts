/**
 * How many slices a resilience window is cut into. Finagle's retry budget and Resilience4j's
 * time-based breaker window both keep a ring of partial sums like this; ten slices make a
 * window forget its oldest tenth at a time, which is fine-grained enough for rates and
 * thresholds while keeping every update O(1).
 */
export const RESILIENCE_WINDOW_SLICES = 10;

/**
 * Counts over a sliding window of simulated time, kept as a ring of per-slice sums in a
 * Float64Array, with one running total per channel so a read is O(1).
 *
 * Exact membership: time is cut into slices, slice k covering the µs t with
 * floor(t * slices / windowUs) = k. At time `now` the window holds the current slice and the
 * `slices - 1` before it, so an amount added at time e still counts at time t exactly when
 * floor(e * slices / windowUs) > floor(t * slices / windowUs) - slices. An amount therefore
 * lives for between windowUs * (1 - 1 / slices) and windowUs.
 *
 * The counts are whole numbers, so the totals stay exact (no floating-point drift from
 * adding and subtracting). Time may stand still but never go backwards; nothing is allocated
 * after construction.
 */
export class SlidingCounts {
  private readonly owner: string;
  private readonly windowUs: number;
  private readonly slices: number;
  private readonly channels: number;
  /** slices x channels partial sums; row `ring` is the current slice. */
  private readonly counts: Float64Array;
  private readonly totals: Float64Array;
  /** The absolute index of the current slice and its row in the ring. */
  private slice = 0;
  private ring = 0;
  private lastUs = Number.NEGATIVE_INFINITY;

  /** `owner` names the user of the window in the error for time running backwards. */
  constructor(owner: string, windowUs: number, channels: number, slices: number = RESILIENCE_WINDOW_SLICES) {
    this.owner = owner;
    this.windowUs = windowUs;
    this.slices = slices;
    this.channels = channels;
    this.counts = new Float64Array(slices * channels);
    this.totals = new Float64Array(channels);
  }

  /** Moves the window to `nowUs`, dropping the slices that left it. */
  advance(nowUs: number): void {
    if (!(nowUs >= this.lastUs)) {
      throw new RangeError(`${this.owner}: time went backwards from ${this.lastUs} µs to ${nowUs} µs`);
    }
    if (this.lastUs === Number.NEGATIVE_INFINITY) {
      // The first call fixes the current slice; the ring is empty, so nothing has to leave it.
      this.slice = Math.floor((nowUs * this.slices) / this.windowUs);
      this.lastUs = nowUs;
      return;
    }
    this.lastUs = nowUs;
    const slice = Math.floor((nowUs * this.slices) / this.windowUs);
    if (slice === this.slice) return;
    // Clearing more than one full turn of the ring would only clear the same rows again.
    const steps = Math.min(slice - this.slice, this.slices);
    const counts = this.counts;
    const totals = this.totals;
    const channels = this.channels;
    let ring = this.ring;
    for (let step = 0; step < steps; step++) {
      ring = ring + 1 === this.slices ? 0 : ring + 1;
      const row = ring * channels;
      for (let c = 0; c < channels; c++) {
        totals[c] -= counts[row + c];
        counts[row + c] = 0;
      }
    }
    // After a jump of a whole window or more every row is clear, so the row the loop stopped
    // at serves as the current slice as well as any other would.
    this.ring = ring;
    this.slice = slice;
  }

  /** Adds `amount` to `channel` in the current slice; call advance(nowUs) first. */
  add(channel: number, amount: number): void {
    this.counts[this.ring * this.channels + channel] += amount;
    this.totals[channel] += amount;
  }

  /** The sum of `channel` over the window as of the last advance(). */
  total(channel: number): number {
    return this.totals[channel];
  }

  /** Forgets every count (the window position stays). */
  reset(): void {
    this.counts.fill(0);
    this.totals.fill(0);
  }
}
