import type { RunResult } from '../../kernel/simulation.js';
import type { ModelConfig } from '../model-config.js';
import { validateModel } from '../validate-model.js';
import { Autoscaling } from './autoscaling.js';
import { buildResult } from './build-result.js';
import { ClientSide } from './client.js';
import { DataStores } from './data-stores.js';
import { EngineContext } from './context.js';
import { DependencyCalls } from './dependency-calls.js';
import { Deployments } from './deployments.js';
import { FaultInjector } from './fault-injector.js';
import { InstanceLifecycle } from './instance-lifecycle.js';
import { MetricsTicks } from './metrics-ticks.js';
import { EngineMigration } from './migration.js';
import { Operations } from './operations.js';
import { RegionProbes } from './region-probes.js';
import { ResidencyChecks } from './residency.js';
import { Restores } from './restores.js';
import type { ModelResult } from './result.js';
import { ServerSide } from './servers.js';
import { StoreFaults } from './store-faults.js';
import type { EngineOptions, StoreWriteTrace } from './write-trace.js';

/** A config that fails validation: every problem, with its path. */
export class ModelConfigError extends Error {
  readonly problems: readonly { path: string; message: string }[];
  constructor(problems: readonly { path: string; message: string }[]) {
    super(`the model config has ${problems.length} problem(s):\n${problems.map((p) => `- ${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('\n')}`);
    this.name = 'ModelConfigError';
    this.problems = problems;
  }
}

/**
 * The request-level engine (ARCHITECTURE.md §4): it turns a ModelConfig into kernel events and
 * a ModelResult. Every request, attempt, server job and dependency call is a row of a typed
 * table; handlers are bound once and receive a row handle as event data, so the request path
 * allocates nothing. The work is split into parts that share an EngineContext; this class
 * wires them, starts the run and reports. `docs/request-model.md` gives the semantics.
 */
export class ModelEngine {
  readonly config: ModelConfig;
  readonly ctx: EngineContext;
  private lastRun: RunResult = { events: 0, nowUs: 0, stoppedBy: 'until' };
  private eventsTotal = 0;

  /** Throws ModelConfigError listing every problem of a config validateModel rejects. */
  constructor(config: ModelConfig, options: EngineOptions = {}) {
    const problems = validateModel(config);
    if (problems.length > 0) throw new ModelConfigError(problems);
    this.config = config;
    const ctx = new EngineContext(config, options);
    this.ctx = ctx;
    ctx.client = new ClientSide(ctx);
    ctx.servers = new ServerSide(ctx);
    ctx.dependencyCalls = new DependencyCalls(ctx);
    ctx.instances = new InstanceLifecycle(ctx);
    ctx.autoscaler = new Autoscaling(ctx);
    ctx.probes = new RegionProbes(ctx);
    ctx.ticks = new MetricsTicks(ctx);
    ctx.faults = new FaultInjector(ctx);
    ctx.data = new DataStores(ctx);
    ctx.storeFaults = new StoreFaults(ctx);
    ctx.ops = new Operations(ctx);
    ctx.restores = new Restores(ctx);
    ctx.residency = new ResidencyChecks(ctx);
    if ((config.deployments ?? []).length > 0) ctx.deploys = new Deployments(ctx);
    if (config.migration !== undefined) ctx.migration = new EngineMigration(ctx, config.migration);
    this.start();
  }

  /** The kernel (clock, digest, streams). */
  get sim(): EngineContext['sim'] {
    return this.ctx.sim;
  }

  /** The users' metrics: per users' region × entry endpoint. */
  get users(): EngineContext['users'] {
    return this.ctx.users;
  }

  /** The servers' metrics: per serving region × service endpoint. */
  get services(): EngineContext['services'] {
    return this.ctx.services;
  }

  get network(): EngineContext['network'] {
    return this.ctx.network;
  }

  get eventLog(): EngineContext['eventLog'] {
    return this.ctx.eventLog;
  }

  /** The write trace of every store (EngineOptions.writeTrace), or null when it is off. */
  writeTrace(): StoreWriteTrace[] | null {
    return this.ctx.options.writeTrace === true ? this.ctx.data.stores.map((st) => st.trace as StoreWriteTrace) : null;
  }

  /** Runs to `untilUs` (default: the end of the run) or the config's event limit; returns the kernel's report. */
  runUntil(untilUs: number = this.config.durationUs): RunResult {
    const target = Math.min(untilUs, this.config.durationUs);
    const eventsMax = this.config.limits.eventsMax - this.eventsTotal;
    const run = this.ctx.sim.run({ untilUs: target, eventsMax: Math.max(0, eventsMax) });
    this.eventsTotal += run.events;
    this.lastRun = run;
    return run;
  }

  /** Runs the whole configured duration and returns the result. */
  run(): ModelResult {
    this.runUntil();
    return this.result();
  }

  /** The result so far; after the full run it covers the whole duration. */
  result(): ModelResult {
    const ctx = this.ctx;
    if (ctx.sim.nowUs >= this.config.durationUs) {
      ctx.users.finish();
      ctx.services.finish();
    }
    ctx.restores.settle(ctx.sim.nowUs);
    return buildResult(ctx, { events: this.eventsTotal, stoppedBy: this.lastRun.stoppedBy, requestsLive: ctx.requests.live, attemptsLive: ctx.attempts.live });
  }

  /** Places the initial instances and schedules the periodic work, the faults and the first arrivals. */
  // ---------------------------------------------------------------- set-up

  private start(): void {
    const ctx = this.ctx;
    const config = ctx.config;
    const sim = ctx.sim;
    for (const group of ctx.groups) {
      const placement = config.services[group.service].placements.find((p) => ctx.network.regionIndex(p.region) === group.region);
      for (let k = 0; k < (placement?.instances ?? 0); k++) {
        const i = group.addInstance(false);
        group.up[i] = ctx.instances.isUpNow(group, i) ? 1 : 0;
        group.ready[i] = 1;
        if (group.up[i] === 1) group.readyUp++;
        group.applyService(i);
      }
      group.instancesStart = group.pool.liveCount;
      group.instancesMin = group.pool.liveCount;
      group.instancesMax = group.pool.liveCount;
    }
    ctx.groups.forEach((group, g) => {
      sim.schedule(group.config.balancer.healthCheck.intervalUs, ctx.instances.onBalancerCheck, g);
      const autoscaling = group.config.autoscaling;
      if (autoscaling !== undefined) sim.schedule(autoscaling.evaluationIntervalUs, ctx.autoscaler.onEvaluate, g);
    });
    ctx.ops.start();
    ctx.deploys?.start();
    ctx.migration?.start();
    sim.schedule(0, ctx.probes.onProbeRound, 0);
    sim.schedule(ctx.ticks.sampleTimeUs(0), ctx.ticks.onSample, 0);
    config.faults.forEach((fault, i) => {
      sim.schedule(fault.startUs, ctx.faults.onFaultStart, i);
      if (fault.durationUs !== undefined && fault.startUs + fault.durationUs <= config.durationUs) sim.schedule(fault.startUs + fault.durationUs, ctx.faults.onFaultRepair, i);
    });
    ctx.arrivals.forEach((arrivals, p) => {
      const at = arrivals.nextArrivalUs(0);
      if (at >= 0) sim.schedule(at, ctx.client.onArrival, p);
    });
  }
}

/** Runs a model config from start to end and returns its result. Throws ModelConfigError for a bad config. */
export function runModel(config: ModelConfig): ModelResult {
  return new ModelEngine(config).run();
}
