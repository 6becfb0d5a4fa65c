import type { Simulation } from '../../kernel/simulation.js';
import { OUT_DEGRADED, OUT_OK, R_BREAKER, R_ERROR, R_REJECTED, R_TIMEOUT, isOk, roundUs, statOfFailure } from './outcomes.js';
import { CALL_DEGRADING, CALL_PENDING, PARENT_CALL, PARENT_JOB, STAT_CALLS, STAT_DEGRADED, STAT_OK } from './tables.js';
import { DEP_CACHE, DEP_DATASTORE, DEP_THIRD_PARTY } from './compiled.js';
import type { EngineContext } from './context.js';
import { TimerFifo } from './timer-fifo.js';

/** Dependency calls: third-party APIs, caches and internal services, with breakers and fallbacks. */
export class DependencyCalls {
  private readonly ctx: EngineContext;

  readonly callTimers: TimerFifo[];

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.callTimers = ctx.config.dependencies.map(() => new TimerFifo(ctx.sim, this.onCallTimeout, this.callPending));
  }

  startCall(kind: number, parent: number, d: number, region: number, required: number, traceId: number, write: number): void {
    const sim = this.ctx.sim;
    const now = sim.nowUs;
    const calls = this.ctx.calls;
    const c = calls.allocate();
    calls.parentKind[c] = kind;
    calls.parent[c] = parent;
    calls.dependency[c] = d;
    calls.region[c] = region;
    calls.timer[c] = -1;
    calls.startUs[c] = now;
    calls.required[c] = required;
    calls.state[c] = CALL_PENDING;
    calls.traceId[c] = traceId;
    calls.write[c] = write;
    calls.member[c] = -1;
    calls.writeId[c] = -1;
    const handle = calls.handle(c);
    const dependency = this.ctx.compiled.dependencies[d];
    const k = d * this.ctx.n + region;
    this.ctx.dependencyStats[STAT_CALLS][k]++;
    // A fixed number of draws per call whatever happens next (common random numbers).
    const rng = this.ctx.dependencyRngs[d];
    const latencyUs = dependency.latency === null ? 0 : roundUs(dependency.latency.sample(rng)) + this.ctx.brownoutLatencyUs[k];
    const errorDraw = rng.float();
    const hitDraw = dependency.kind === DEP_CACHE ? rng.float() : 0;
    const timeoutUs = dependency.timeoutUs;
    const breaker = this.ctx.breakers[k];
    if (breaker !== null && !breaker.allow(now)) {
      calls.answer[c] = R_BREAKER;
      sim.schedule(0, this.onCallAnswer, handle);
      return;
    }
    if (this.ctx.outage[k] > 0) {
      // A dependency that is down does not answer: the caller waits out its timeout.
      this.setCallTimer(c, d, handle, timeoutUs);
      return;
    }
    const brownout = this.ctx.brownoutError[k];
    if (dependency.kind === DEP_DATASTORE) {
      if (errorDraw < brownout) {
        this.answerAfter(c, handle, this.ctx.brownoutLatencyUs[k], timeoutUs, R_ERROR);
        return;
      }
      this.setCallTimer(c, d, handle, timeoutUs);
      this.ctx.data.start(c, handle, dependency.store, region, this.ctx.brownoutLatencyUs[k]);
    } else if (dependency.kind === DEP_THIRD_PARTY) {
      const errorRatio = 1 - (1 - dependency.errorRatio) * (1 - brownout);
      this.answerAfter(c, handle, latencyUs, timeoutUs, errorDraw < errorRatio ? R_ERROR : OUT_OK);
    } else if (dependency.kind === DEP_CACHE) {
      if (errorDraw < brownout) {
        this.answerAfter(c, handle, latencyUs, timeoutUs, R_ERROR);
      } else if (hitDraw < this.hitRatioNow(k, dependency.hitRatio, now)) {
        this.answerAfter(c, handle, latencyUs, timeoutUs, OUT_OK);
      } else {
        this.setCallTimer(c, d, handle, timeoutUs);
        if (latencyUs < timeoutUs) sim.schedule(latencyUs, this.onCacheMiss, handle);
      }
    } else if (errorDraw < brownout) {
      this.answerAfter(c, handle, this.ctx.brownoutLatencyUs[k], timeoutUs, R_ERROR);
    } else {
      this.setCallTimer(c, d, handle, timeoutUs);
      // An internal call goes to the service in the caller's own region (onCallArrive), so its
      // egress is zero today; billing it here keeps the cost right if calls ever cross regions.
      this.ctx.egress.request(region, region, dependency.endpoint);
      const delay = this.ctx.network.oneWayDelayUs(region, region, this.ctx.networkRng);
      if (delay >= 0) sim.schedule(delay + this.ctx.brownoutLatencyUs[k], this.onCallArrive, handle);
    }
  }

  /** The call times out after `timeoutUs` unless resolved first (a FIFO timer: resolving it costs nothing). */
  setCallTimer(c: number, d: number, handle: number, timeoutUs: number): void {
    const dueUs = this.ctx.sim.nowUs + timeoutUs;
    this.ctx.calls.timer[c] = this.callTimers[d].add(dueUs, handle) ? -1 : this.ctx.sim.schedule(timeoutUs, this.onCallTimeout, handle);
  }

  /** An answer known when the call starts: it arrives after `latencyUs`, or the call times out first. */
  answerAfter(c: number, handle: number, latencyUs: number, timeoutUs: number, outcome: number): void {
    if (latencyUs >= timeoutUs) {
      this.ctx.calls.timer[c] = this.ctx.sim.schedule(timeoutUs, this.onCallTimeout, handle);
    } else {
      this.ctx.calls.answer[c] = outcome;
      this.ctx.sim.schedule(latencyUs, this.onCallAnswer, handle);
    }
  }

  /** A cache's hit ratio now: 0 right after a flush, warming back linearly over the flush fault's duration. */
  hitRatioNow(k: number, hitRatio: number, now: number): number {
    const start = this.ctx.flushStartUs[k];
    if (start < 0) return hitRatio;
    const end = this.ctx.flushEndUs[k];
    if (end === Number.POSITIVE_INFINITY) return 0;
    return now >= end ? hitRatio : (hitRatio * (now - start)) / (end - start);
  }

  readonly onCallAnswer = (sim: Simulation, handle: number): void => {
    const c = this.ctx.calls.resolve(handle);
    if (c >= 0 && this.ctx.calls.state[c] === CALL_PENDING) this.resolveCall(c, this.ctx.calls.answer[c]);
  };

  readonly onCallResponse = this.onCallAnswer;

  readonly callPending = (handle: number): boolean => {
    const c = this.ctx.calls.resolve(handle);
    return c >= 0 && this.ctx.calls.state[c] === CALL_PENDING;
  };

  readonly onCallTimeout = (sim: Simulation, handle: number): void => {
    const c = this.ctx.calls.resolve(handle);
    if (c < 0 || this.ctx.calls.state[c] !== CALL_PENDING) return;
    this.ctx.calls.timer[c] = -1;
    this.resolveCall(c, R_TIMEOUT);
  };

  readonly onCacheMiss = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    this.startCall(PARENT_CALL, handle, this.ctx.compiled.dependencies[calls.dependency[c]].miss, calls.region[c], 1, calls.traceId[c], calls.write[c]);
  };

  readonly onCallArrive = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    const region = calls.region[c];
    if (this.ctx.regionDark[region] > 0) return;
    const dependency = this.ctx.compiled.dependencies[calls.dependency[c]];
    const g = this.ctx.groupOf[dependency.service * this.ctx.n + region];
    if (g >= 0) this.ctx.groups[g].turnedAway += this.ctx.groups[g].pool.liveCount === 0 ? 1 : 0;
    if (g < 0 || this.ctx.groups[g].pool.liveCount === 0) {
      // Nothing runs the service here: the call fails fast.
      this.resolveCall(c, R_REJECTED);
      return;
    }
    const job = this.ctx.servers.newJob(PARENT_CALL, handle, g, dependency.endpoint, region, calls.traceId[c], true);
    this.ctx.jobs.write[job] = calls.write[c];
    this.ctx.servers.admit(job);
  };

  resolveCall(c: number, outcome: number): void {
    const calls = this.ctx.calls;
    const timer = calls.timer[c];
    if (timer >= 0) this.ctx.sim.cancel(timer);
    calls.timer[c] = -1;
    const d = calls.dependency[c];
    const k = d * this.ctx.n + calls.region[c];
    const ok = isOk(outcome);
    const breaker = this.ctx.breakers[k];
    if (breaker !== null && outcome !== R_BREAKER) breaker.record(this.ctx.sim.nowUs, ok);
    this.ctx.dependencyStats[ok ? STAT_OK : statOfFailure(outcome)][k]++;
    if (calls.traceId[c] >= 0) this.ctx.span(calls.traceId[c], `call ${this.ctx.compiled.dependencies[d].id}`, calls.region[c], calls.startUs[c], outcome);
    const fallback = this.ctx.compiled.dependencies[d].fallbackLatency;
    if (!ok && fallback !== null) {
      this.ctx.dependencyStats[STAT_DEGRADED][k]++;
      calls.state[c] = CALL_DEGRADING;
      this.ctx.sim.schedule(roundUs(fallback.sample(this.ctx.fallbackRng)), this.onDegradeDone, calls.handle(c));
      return;
    }
    this.deliver(c, outcome);
  }

  readonly onDegradeDone = (sim: Simulation, handle: number): void => {
    const c = this.ctx.calls.resolve(handle);
    if (c >= 0) this.deliver(c, OUT_DEGRADED);
  };

  /** Hands a call's final outcome to whoever made it. */
  deliver(c: number, outcome: number): void {
    const calls = this.ctx.calls;
    const kind = calls.parentKind[c];
    const parent = calls.parent[c];
    const required = calls.required[c];
    calls.free(c);
    if (kind === PARENT_JOB) {
      const j = this.ctx.servers.liveJob(parent);
      if (j < 0) return;
      const jobs = this.ctx.jobs;
      if (outcome === OUT_DEGRADED) jobs.degraded[j] = 1;
      else if (outcome !== OUT_OK) {
        if (required === 1) jobs.failed[j] = 1;
        else jobs.degraded[j] = 1;
      }
      if (--jobs.pending[j] > 0) return;
      if (jobs.failed[j] === 1) {
        this.ctx.servers.finishJob(j);
      } else {
        jobs.step[j]++;
        this.ctx.servers.runStep(j);
      }
      return;
    }
    // A cache's miss call answered: the cache call ends with it.
    const pc = calls.resolve(parent);
    if (pc < 0 || calls.state[pc] !== CALL_PENDING) return;
    this.resolveCall(pc, isOk(outcome) ? outcome : R_ERROR);
  }
}
