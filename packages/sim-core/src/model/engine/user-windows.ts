import { EVALUATION_WINDOW_US_DEFAULT } from '../ops/measure/rto.js';
import type { WindowSeries } from '../ops/measure/window-series.js';

/**
 * User request counts for operations and for ARCHITECTURE §5's RTO: per users' region and per
 * user cell (users' region × entry endpoint: started, succeeded, failed; what alert rules
 * read), per user cell and evaluation window of the request's START (so a request counts in the window
 * it started in, wherever it ends), and which serving regions answered each cell (to find a
 * fault's affected population). Typed arrays, allocation-free updates.
 */
export class UserWindows {
  readonly windowUs = EVALUATION_WINDOW_US_DEFAULT;
  readonly windows: number;
  readonly endUs: number;
  readonly started: Float64Array;
  readonly succeeded: Float64Array;
  readonly failed: Float64Array;
  /** The same per user cell (what alert rules scoped to an entry endpoint read). */
  readonly startedByCell: Float64Array;
  readonly succeededByCell: Float64Array;
  readonly failedByCell: Float64Array;
  /** [cell * windows + w] */
  readonly startedIn: Float64Array;
  readonly succeededIn: Float64Array;
  readonly failedIn: Float64Array;
  /** [cell * regions + serving region]: successful attempts. */
  readonly servedBy: Float64Array;
  private readonly regions: number;
  private readonly endpoints: number;

  constructor(regions: number, endpoints: number, durationUs: number) {
    this.regions = regions;
    this.endpoints = endpoints;
    this.endUs = durationUs;
    this.windows = Math.max(1, Math.ceil(durationUs / this.windowUs));
    const cells = regions * endpoints;
    this.started = new Float64Array(regions);
    this.succeeded = new Float64Array(regions);
    this.failed = new Float64Array(regions);
    this.startedByCell = new Float64Array(cells);
    this.succeededByCell = new Float64Array(cells);
    this.failedByCell = new Float64Array(cells);
    this.startedIn = new Float64Array(cells * this.windows);
    this.succeededIn = new Float64Array(cells * this.windows);
    this.failedIn = new Float64Array(cells * this.windows);
    this.servedBy = new Float64Array(cells * regions);
  }

  get cells(): number {
    return this.regions * this.endpoints;
  }

  start(cell: number, nowUs: number): void {
    this.started[Math.floor(cell / this.endpoints)]++;
    this.startedByCell[cell]++;
    this.startedIn[cell * this.windows + this.windowOf(nowUs)]++;
  }

  succeed(cell: number, firstUs: number): void {
    this.succeeded[Math.floor(cell / this.endpoints)]++;
    this.succeededByCell[cell]++;
    this.succeededIn[cell * this.windows + this.windowOf(firstUs)]++;
  }

  fail(cell: number, firstUs: number): void {
    this.failed[Math.floor(cell / this.endpoints)]++;
    this.failedByCell[cell]++;
    this.failedIn[cell * this.windows + this.windowOf(firstUs)]++;
  }

  served(cell: number, region: number): void {
    if (region >= 0) this.servedBy[cell * this.regions + region]++;
  }

  /** Cells a serving region answered so far (a snapshot at a fault's start: its affected population). */
  cellsServedBy(region: number): boolean[] {
    return Array.from({ length: this.cells }, (_, cell) => this.servedBy[cell * this.regions + region] > 0);
  }

  /** Whether any request of the cell has started so far. */
  hasStarted(cell: number): boolean {
    for (let w = 0; w < this.windows; w++) if (this.startedIn[cell * this.windows + w] > 0) return true;
    return false;
  }

  /**
   * The summed window series of the chosen cells, at the run's end. A window's requests are those
   * that started in it and completed (succeeded or failed): one still in flight when the run ends
   * has neither succeeded nor failed, so it is left out, as the run's availability leaves it out
   * (counting it would read the last windows as an outage that never happened).
   */
  series(cells: readonly boolean[]): WindowSeries {
    const startedPerWindow = new Array<number>(this.windows).fill(0);
    const succeededPerWindow = new Array<number>(this.windows).fill(0);
    cells.forEach((chosen, cell) => {
      if (!chosen) return;
      for (let w = 0; w < this.windows; w++) {
        startedPerWindow[w] += this.succeededIn[cell * this.windows + w] + this.failedIn[cell * this.windows + w];
        succeededPerWindow[w] += this.succeededIn[cell * this.windows + w];
      }
    });
    return { startedPerWindow, succeededPerWindow, windowUs: this.windowUs, endUs: this.endUs };
  }

  private windowOf(us: number): number {
    const w = Math.floor(us / this.windowUs);
    return w < this.windows ? w : this.windows - 1;
  }
}
