import type { RandomStream } from '../../kernel/random-stream.js';
import type { Simulation } from '../../kernel/simulation.js';
import { MigrationPlan } from '../ops/deploy/migration-plan.js';
import type { MigrationConfig } from '../ops/deploy/migration-config.js';
import type { EngineContext } from './context.js';

/** What the migration did, per metrics tick: the run's figures of `MigrationResultJSON`. */
export interface MigrationSeries {
  readonly intervalUs: number;
  readonly requestsFrom: number[];
  readonly requestsTo: number[];
  readonly writesRejected: number[];
}

/**
 * A phased migration between two regions through the engine (docs/notes-deploy.md). Every user
 * request draws once from `ops/migration` when it arrives; an attempt whose route resolves to
 * `from` goes to `to` instead when that draw is below the plan's share at the attempt's start,
 * so a request keeps its side across retries while the share holds. Every data store write
 * that reaches its store during the write freeze is rejected after the round trip (as
 * throttling is). Capacity is not resized: each side keeps its placement (see the notes on
 * dualRunning).
 */
export class EngineMigration {
  private readonly ctx: EngineContext;
  readonly plan: MigrationPlan;
  readonly from: number;
  readonly to: number;
  private readonly rng: RandomStream;
  requestsFrom = 0;
  requestsTo = 0;
  writesRejected = 0;
  private readonly intervalUs: number;
  private readonly fromPerTick: Float64Array;
  private readonly toPerTick: Float64Array;
  private readonly rejectedPerTick: Float64Array;

  constructor(ctx: EngineContext, config: MigrationConfig) {
    this.ctx = ctx;
    this.plan = new MigrationPlan(config);
    this.from = ctx.network.regionIndex(config.from);
    this.to = ctx.network.regionIndex(config.to);
    this.rng = ctx.sim.stream('ops/migration');
    this.intervalUs = ctx.config.metrics.intervalUs;
    const ticks = Math.ceil(ctx.config.durationUs / this.intervalUs);
    this.fromPerTick = new Float64Array(ticks);
    this.toPerTick = new Float64Array(ticks);
    this.rejectedPerTick = new Float64Array(ticks);
  }

  /** Logs the cutover's start and end and the write freeze's, when they fall inside the run. */
  start(): void {
    const plan = this.plan;
    const freeze = plan.config.writeFreeze;
    const marks: [number, number][] = [
      [plan.startUs, 0],
      [plan.endUs, 1],
    ];
    if (freeze !== undefined) marks.push([freeze.startUs, 2], [freeze.startUs + freeze.durationUs, 3]);
    for (const [atUs, what] of marks) if (atUs <= this.ctx.config.durationUs) this.ctx.sim.schedule(atUs, this.onMark, what);
  }

  private readonly onMark = (sim: Simulation, what: number): void => {
    const config = this.plan.config;
    const subject = `${config.from} -> ${config.to}`;
    if (what === 0) this.ctx.eventLog.add(sim.nowUs, 'migration-started', subject, `dual running: ${config.dualRunning}`);
    else if (what === 1) this.ctx.eventLog.add(sim.nowUs, 'migration-completed', subject, `share on ${config.to}: ${this.plan.finalShare}`);
    else if (what === 2) this.ctx.eventLog.add(sim.nowUs, 'write-freeze-started', subject, `writes rejected for ${this.plan.downtimeUs} µs`);
    else this.ctx.eventLog.add(sim.nowUs, 'write-freeze-ended', subject, `${this.writesRejected} write(s) rejected`);
  };

  /** The user request's draw (one per request, whatever its route). */
  draw(): number {
    return this.rng.float();
  }

  /** The region an attempt goes to: `to` instead of `from` while the request's draw is below the share now. */
  route(region: number, draw: number, nowUs: number): number {
    if (region !== this.from) return region;
    const tick = this.tickOf(nowUs);
    if (draw < this.plan.shareAt(nowUs)) {
      this.requestsTo++;
      this.toPerTick[tick]++;
      return this.to;
    }
    this.requestsFrom++;
    this.fromPerTick[tick]++;
    return region;
  }

  /** Whether a data store write reaching its store now is rejected (the write freeze); counts it. */
  rejectsWrite(nowUs: number): boolean {
    if (!this.plan.isWriteFrozen(nowUs)) return false;
    this.writesRejected++;
    this.rejectedPerTick[this.tickOf(nowUs)]++;
    return true;
  }

  series(): MigrationSeries {
    return { intervalUs: this.intervalUs, requestsFrom: Array.from(this.fromPerTick), requestsTo: Array.from(this.toPerTick), writesRejected: Array.from(this.rejectedPerTick) };
  }

  private tickOf(nowUs: number): number {
    const tick = Math.floor(nowUs / this.intervalUs);
    return tick < this.fromPerTick.length ? tick : this.fromPerTick.length - 1;
  }
}
