import type { Simulation } from '../../kernel/simulation.js';
import { pick } from '../balancing/pick.js';
import type { InstanceGroup } from './instance-group.js';
import { LATENCY_ESTIMATE_WEIGHT, OUT_DEGRADED, OUT_OK, R_ERROR, R_REJECTED, isOk, roundUs } from './outcomes.js';
import { CALL_PENDING, PARENT_ATTEMPT, PARENT_CALL, PARENT_JOB, PARENT_PROBE } from './tables.js';
import type { EngineContext } from './context.js';

/** Server jobs: the regional balancer, instance queues, work, dependency steps and answers. */
export class ServerSide {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  newJob(kind: number, parent: number, group: number, endpoint: number, origin: number, traceId: number, counted: boolean): number {
    const jobs = this.ctx.jobs;
    const j = jobs.allocate();
    const now = this.ctx.sim.nowUs;
    jobs.parentKind[j] = kind;
    jobs.parent[j] = parent;
    jobs.group[j] = group;
    jobs.instance[j] = -1;
    jobs.endpoint[j] = endpoint;
    jobs.step[j] = 0;
    jobs.pending[j] = 0;
    jobs.failed[j] = 0;
    jobs.degraded[j] = 0;
    jobs.startUs[j] = now;
    jobs.next[j] = -1;
    jobs.origin[j] = origin;
    jobs.traceId[j] = traceId;
    jobs.write[j] = 0;
    const cell = counted ? this.ctx.groups[group].region * this.ctx.compiled.metricsEndpoints.length + endpoint : -1;
    jobs.cell[j] = cell;
    if (cell >= 0) this.ctx.services.started(cell, now);
    return j;
  }

  /** The regional balancer picks an instance; the instance works, queues, or rejects. */
  admit(j: number): void {
    const jobs = this.ctx.jobs;
    const g = jobs.group[j];
    const group = this.ctx.groups[g];
    const i = pick(group.pool, group.config.balancer.policy, this.ctx.balancerRngs[g], group.cursor);
    if (i < 0) {
      group.turnedAway++;
      if (jobs.cell[j] >= 0) group.rejected++;
      this.respond(j, R_REJECTED);
      return;
    }
    if (group.up[i] === 0) {
      // The connection hangs: a load-aware balancer counts it as active until the instance is back or removed.
      group.pool.active[i]++;
      // The balancer still believes in a dead instance: the request vanishes, the caller times out.
      this.dropJob(j);
      return;
    }
    jobs.instance[j] = i;
    jobs.epoch[j] = group.epoch[i];
    group.pool.active[i]++;
    if (group.busy[i] < group.concurrency) {
      this.startWork(j, group, i);
    } else if (group.queueLength[i] < group.queueCapacity) {
      const tail = group.queueTail[i];
      if (tail < 0) group.queueHead[i] = j;
      else jobs.next[tail] = j;
      group.queueTail[i] = j;
      group.queueLength[i]++;
      group.queuedTotal++;
    } else {
      group.pool.active[i]--;
      if (jobs.cell[j] >= 0) group.rejected++;
      this.respond(j, R_REJECTED);
    }
  }

  startWork(j: number, group: InstanceGroup, i: number): void {
    group.integrate(this.ctx.sim.nowUs);
    group.busy[i]++;
    group.busyTotal++;
    const endpoint = this.ctx.compiled.endpoints[this.ctx.jobs.endpoint[j]];
    const delay = roundUs(endpoint.serviceTime.sample(this.ctx.serviceRngs[group.service]));
    if (this.ctx.deploys !== null && this.ctx.deploys.startWork(j, this.ctx.jobs.group[j], delay)) return;
    this.ctx.sim.schedule(delay, this.onWorkDone, this.ctx.jobs.handle(j));
  }

  readonly onWorkDone = (sim: Simulation, handle: number): void => {
    const j = this.liveJob(handle);
    if (j >= 0) this.runStep(j);
  };

  /** The job a handle names if it is still alive on a live instance; a job whose instance died is ended here. */
  liveJob(handle: number): number {
    const jobs = this.ctx.jobs;
    const j = jobs.resolve(handle);
    if (j < 0) return -1;
    const group = this.ctx.groups[jobs.group[j]];
    if (group.epoch[jobs.instance[j]] !== jobs.epoch[j]) {
      this.dropJob(j);
      return -1;
    }
    return j;
  }

  runStep(j: number): void {
    const jobs = this.ctx.jobs;
    const endpoint = this.ctx.compiled.endpoints[jobs.endpoint[j]];
    const step = jobs.step[j];
    if (step >= endpoint.steps.length) {
      this.finishJob(j);
      return;
    }
    const dependencies = endpoint.steps[step];
    const required = endpoint.required[step];
    const region = this.ctx.groups[jobs.group[j]].region;
    const handle = jobs.handle(j);
    const traceId = jobs.traceId[j];
    jobs.pending[j] = dependencies.length;
    for (let k = 0; k < dependencies.length; k++) this.ctx.dependencyCalls.startCall(PARENT_JOB, handle, dependencies[k], region, required[k], traceId, jobs.write[j]);
  }

  /** The instance is done with the job: free the worker, take the next queued job, answer. */
  finishJob(j: number): void {
    const jobs = this.ctx.jobs;
    const group = this.ctx.groups[jobs.group[j]];
    const i = jobs.instance[j];
    group.integrate(this.ctx.sim.nowUs);
    group.busy[i]--;
    group.busyTotal--;
    group.pool.active[i]--;
    const head = group.queueHead[i];
    if (head >= 0) {
      group.queueHead[i] = jobs.next[head];
      if (jobs.next[head] < 0) group.queueTail[i] = -1;
      jobs.next[head] = -1;
      group.queueLength[i]--;
      group.queuedTotal--;
      this.startWork(head, group, i);
    } else if (group.draining[i] === 1 && group.busy[i] === 0) {
      this.ctx.instances.removeInstance(group, i);
    }
    const outcome = jobs.failed[j] === 1 ? R_ERROR : jobs.degraded[j] === 1 ? OUT_DEGRADED : OUT_OK;
    if (jobs.parentKind[j] === PARENT_ATTEMPT && group.service === this.ctx.compiled.entryService) {
      group.latencyEstimateUs += LATENCY_ESTIMATE_WEIGHT * (this.ctx.sim.nowUs - jobs.startUs[j] - group.latencyEstimateUs);
      this.ctx.latencyEstimateUs[group.region] = group.latencyEstimateUs;
    }
    this.respond(j, outcome);
  }

  /** Records the job's end, frees it, and sends its answer back over the network. */
  respond(j: number, outcome: number): void {
    const sim = this.ctx.sim;
    const jobs = this.ctx.jobs;
    const group = this.ctx.groups[jobs.group[j]];
    const cell = jobs.cell[j];
    const now = sim.nowUs;
    if (cell >= 0) {
      if (isOk(outcome)) this.ctx.services.succeeded(cell, now, now - jobs.startUs[j], outcome === OUT_DEGRADED);
      else this.ctx.services.failed(cell, now, outcome);
    }
    if (jobs.traceId[j] >= 0) this.ctx.span(jobs.traceId[j], this.ctx.endpointLabel(jobs.endpoint[j]), group.region, jobs.startUs[j], outcome);
    const kind = jobs.parentKind[j];
    const parent = jobs.parent[j];
    const origin = jobs.origin[j];
    const endpoint = jobs.endpoint[j];
    jobs.free(j);
    if (kind !== PARENT_PROBE && isOk(outcome)) this.ctx.egress.response(group.region, origin, endpoint);
    const delay = this.ctx.network.oneWayDelayUs(group.region, origin, this.ctx.networkRng);
    if (kind === PARENT_ATTEMPT) {
      const a = this.ctx.attempts.resolve(parent);
      if (a < 0) return;
      if (delay < 0) {
        this.ctx.attempts.lost[a] = 1;
        return;
      }
      this.ctx.attempts.answer[a] = outcome;
      sim.schedule(delay, this.ctx.client.onAttemptAnswer, parent);
    } else if (kind === PARENT_CALL) {
      const c = this.ctx.calls.resolve(parent);
      if (c < 0 || this.ctx.calls.state[c] !== CALL_PENDING || delay < 0) return;
      this.ctx.calls.answer[c] = outcome;
      sim.schedule(delay, this.ctx.dependencyCalls.onCallResponse, parent);
    } else {
      const r = parent % this.ctx.n;
      if (delay < 0 || this.ctx.probes.probeSeq[r] * this.ctx.n + r !== parent) return;
      this.ctx.probes.probeAnswer[r] = outcome;
      sim.schedule(delay, this.ctx.probes.onProbeAnswer, parent);
    }
  }

  /** A job that will never answer (lost in a dead instance): it ends as an error on the server side. */
  dropJob(j: number): void {
    const jobs = this.ctx.jobs;
    const cell = jobs.cell[j];
    if (cell >= 0) {
      this.ctx.groups[jobs.group[j]].lostToDeadInstances++;
      this.ctx.services.failed(cell, this.ctx.sim.nowUs, R_ERROR);
    }
    jobs.free(j);
  }
}
