import type { Simulation } from '../../kernel/simulation.js';
import type { HedgingConfig } from '../resilience/hedging.js';
import { nextAttemptDecision } from '../resilience/retry-policy.js';
import { RESILIENCE_WINDOW_SLICES } from '../resilience/sliding-counts.js';
import type { RetryDecision, RetryFailure } from '../resilience/retry-policy.js';
import { DIGEST_FAILURE, DIGEST_SUCCESS, OUT_DEGRADED, R_DEADLINE, R_LOST, R_NO_REGION, R_TIMEOUT, isOk, retryFailureOf } from './outcomes.js';
import { PARENT_ATTEMPT } from './tables.js';
import type { EngineContext } from './context.js';
import { TimerFifo } from './timer-fifo.js';

/** User requests and their attempts: arrivals, routing, timeouts, retries, hedges, outcomes. */
export class ClientSide {
  private readonly ctx: EngineContext;
  readonly decision: RetryDecision = { retry: false, delayUs: 0, reason: 'retry' };
  resolvingFrom = 0;
  requestSeq = 0;
  retriesSent = 0;
  hedgesSent = 0;
  attemptsCancelled = 0;
  /** Attempts that found no healthy region: demand an entry group scaled to zero cannot see. */
  noRegionAttempts = 0;
  /** Reused for every retry decision, so deciding allocates nothing. */
  readonly retryState = { retriesUsed: 0, firstAttemptStartUs: 0, nowUs: 0, failure: 'error' as RetryFailure };

  readonly attemptTimers: TimerFifo;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.attemptTimers = new TimerFifo(ctx.sim, this.onAttemptTimeout, (handle) => ctx.attempts.resolve(handle) >= 0);
  }

  readonly onArrival = (sim: Simulation, p: number): void => {
    const now = sim.nowUs;
    const next = this.ctx.arrivals[p].nextArrivalUs(now);
    if (next >= 0) sim.schedule(next - now, this.onArrival, p);
    const requests = this.ctx.requests;
    const picker = this.ctx.pickers[p];
    const entry = this.ctx.compiled.populationEndpoints[p][picker.pick(this.ctx.mixRng)];
    const req = requests.allocate();
    const seq = this.requestSeq++;
    requests.population[req] = p;
    requests.cohort[req] = this.ctx.dns.cohortOf(this.ctx.cohortRng);
    requests.endpoint[req] = entry;
    requests.cell[req] = this.ctx.compiled.populationRegion[p] * this.ctx.compiled.entryEndpoints.length + entry;
    requests.firstUs[req] = now;
    requests.retries[req] = 0;
    requests.hedges[req] = 0;
    requests.attempts[req] = 0;
    requests.outstanding[req] = 0;
    requests.hedgeTimer[req] = -1;
    requests.traceId[req] = this.ctx.sampler.sample(this.ctx.traceRng) ? seq : -1;
    requests.write[req] = picker.lastWrite ? 1 : 0;
    requests.head[req] = -1;
    requests.deployMark[req] = 0;
    if (this.ctx.migration !== null) requests.migrationDraw[req] = this.ctx.migration.draw();
    this.ctx.users.started(requests.cell[req], now);
    this.ctx.userCounters.start(requests.cell[req], now);
    const budget = this.ctx.budgets[p];
    if (budget !== null) budget.deposit(now);
    this.startAttempt(req);
  };

  readonly resolveRegion = (): number => this.ctx.routeTable.resolve(this.resolvingFrom, this.ctx.routingRng);

  startAttempt(req: number): void {
    const sim = this.ctx.sim;
    const now = sim.nowUs;
    const requests = this.ctx.requests;
    const attempts = this.ctx.attempts;
    const a = attempts.allocate();
    const p = requests.population[req];
    const from = this.ctx.compiled.populationRegion[p];
    attempts.request[a] = requests.handle(req);
    attempts.startUs[a] = now;
    attempts.lost[a] = 0;
    attempts.number[a] = ++requests.attempts[req];
    attempts.next[a] = requests.head[req];
    requests.head[req] = a;
    requests.outstanding[req]++;
    requests.lastAttemptUs[req] = now;
    this.ctx.users.attemptStarted(requests.cell[req]);
    this.resolvingFrom = from;
    const resolved = this.ctx.dns.regionFor(p, requests.cohort[req], now, this.resolveRegion);
    const region = this.ctx.migration === null || resolved < 0 ? resolved : this.ctx.migration.route(resolved, requests.migrationDraw[req], now);
    attempts.region[a] = region;
    const handle = attempts.handle(a);
    const timeoutAt = Math.min(now + this.ctx.retry.attemptTimeoutUs, requests.firstUs[req] + this.ctx.retry.deadlineUs);
    attempts.timer[a] = this.attemptTimers.add(timeoutAt, handle) ? -1 : sim.schedule(timeoutAt - now, this.onAttemptTimeout, handle);
    if (region < 0) {
      this.noRegionAttempts++;
      attempts.answer[a] = R_NO_REGION;
      sim.schedule(0, this.onAttemptAnswer, handle);
    } else {
      const delay = this.ctx.network.oneWayDelayUs(from, region, this.ctx.networkRng);
      this.ctx.egress.request(from, region, this.ctx.compiled.entryEndpoints[requests.endpoint[req]]);
      if (delay < 0) attempts.lost[a] = 1;
      else sim.schedule(delay, this.onAttemptArrive, handle);
    }
    const hedging = this.ctx.hedging;
    if (hedging !== null && requests.hedges[req] < hedging.hedgesMax && requests.hedgeTimer[req] < 0) {
      requests.hedgeTimer[req] = sim.schedule(hedging.delayUs, this.onHedge, requests.handle(req));
    }
  }

  readonly onAttemptArrive = (sim: Simulation, handle: number): void => {
    const a = this.ctx.attempts.resolve(handle);
    // A client that gave up has closed the connection: the server never sees the request.
    if (a < 0) return;
    const region = this.ctx.attempts.region[a];
    if (this.ctx.regionDark[region] > 0) return;
    const req = this.ctx.requests.resolve(this.ctx.attempts.request[a]);
    const endpoint = this.ctx.compiled.entryEndpoints[this.ctx.requests.endpoint[req]];
    const origin = this.ctx.compiled.populationRegion[this.ctx.requests.population[req]];
    const job = this.ctx.servers.newJob(PARENT_ATTEMPT, handle, this.ctx.entryGroupOf[region], endpoint, origin, this.ctx.requests.traceId[req], true);
    this.ctx.jobs.write[job] = this.ctx.requests.write[req];
    this.ctx.servers.admit(job);
  };

  readonly onAttemptAnswer = (sim: Simulation, handle: number): void => {
    const a = this.ctx.attempts.resolve(handle);
    if (a < 0) return;
    const timer = this.ctx.attempts.timer[a];
    if (timer >= 0) sim.cancel(timer);
    this.ctx.attempts.timer[a] = -1;
    this.endAttempt(a, this.ctx.attempts.answer[a]);
  };

  readonly onAttemptTimeout = (sim: Simulation, handle: number): void => {
    const a = this.ctx.attempts.resolve(handle);
    if (a < 0) return;
    this.ctx.attempts.timer[a] = -1;
    this.endAttempt(a, this.ctx.attempts.lost[a] === 1 ? R_LOST : R_TIMEOUT);
  };

  endAttempt(a: number, outcome: number): void {
    const now = this.ctx.sim.nowUs;
    const requests = this.ctx.requests;
    const attempts = this.ctx.attempts;
    const req = requests.resolve(attempts.request[a]);
    this.unlinkAttempt(req, a);
    requests.outstanding[req]--;
    const cell = requests.cell[req];
    this.ctx.users.attemptEnded(cell);
    const traceId = requests.traceId[req];
    if (traceId >= 0) this.ctx.span(traceId, `attempt ${attempts.number[a]}`, attempts.region[a], attempts.startUs[a], outcome);
    const servedBy = attempts.region[a];
    attempts.free(a);
    const deadlineAt = requests.firstUs[req] + this.ctx.retry.deadlineUs;
    if (isOk(outcome)) {
      this.ctx.userCounters.served(cell, servedBy);
      if (now < deadlineAt) this.completeRequest(req, outcome);
      else this.failRequest(req, R_DEADLINE);
      return;
    }
    const failure = retryFailureOf(outcome);
    const hedging = this.ctx.hedging;
    if (hedging !== null) {
      if (!this.ctx.retry.retryOn.includes(failure)) {
        this.failRequest(req, outcome);
        return;
      }
      if (requests.hedges[req] < hedging.hedgesMax && now < deadlineAt) {
        this.cancelHedgeTimer(req);
        if (this.sendHedge(req)) return;
      }
      if (requests.outstanding[req] === 0) this.failRequest(req, outcome);
      return;
    }
    const state = this.retryState;
    state.retriesUsed = requests.retries[req];
    state.firstAttemptStartUs = requests.firstUs[req];
    state.nowUs = now;
    state.failure = failure;
    const decision = nextAttemptDecision(this.ctx.retry, state, this.ctx.retryRng, this.decision);
    if (!decision.retry) {
      this.failRequest(req, decision.reason === 'deadline' ? R_DEADLINE : outcome);
      return;
    }
    const budget = this.ctx.budgets[requests.population[req]];
    if (budget !== null && !budget.tryWithdraw(now)) {
      this.failRequest(req, outcome);
      return;
    }
    requests.retries[req]++;
    this.retriesSent++;
    this.ctx.sim.schedule(decision.delayUs, this.onRetry, requests.handle(req));
  }

  readonly onRetry = (sim: Simulation, handle: number): void => {
    const req = this.ctx.requests.resolve(handle);
    if (req >= 0) this.startAttempt(req);
  };

  readonly onHedge = (sim: Simulation, handle: number): void => {
    const req = this.ctx.requests.resolve(handle);
    if (req < 0) return;
    const requests = this.ctx.requests;
    requests.hedgeTimer[req] = -1;
    if (sim.nowUs >= requests.firstUs[req] + this.ctx.retry.deadlineUs) return;
    if (requests.hedges[req] >= (this.ctx.hedging as HedgingConfig).hedgesMax) return;
    this.sendHedge(req);
  };

  /**
   * Sends a hedge if the retry budget (when there is one) allows it. A refused hedge is
   * skipped, not abandoned: while attempts are still out, the next one is due delayUs later.
   */
  sendHedge(req: number): boolean {
    const requests = this.ctx.requests;
    const budget = this.ctx.budgets[requests.population[req]];
    if (budget !== null && !budget.tryWithdraw(this.ctx.sim.nowUs)) {
      if (requests.outstanding[req] > 0 && requests.hedgeTimer[req] < 0) {
        // No sooner than one slice of the budget's window, the step in which its balance moves:
        // with delayUs 0 a refused hedge was retried at the same instant, for ever.
        const retryUs = Math.max((this.ctx.hedging as HedgingConfig).delayUs, Math.ceil(budget.config.windowUs / RESILIENCE_WINDOW_SLICES));
        requests.hedgeTimer[req] = this.ctx.sim.schedule(retryUs, this.onHedge, requests.handle(req));
      }
      return false;
    }
    this.ctx.requests.hedges[req]++;
    this.hedgesSent++;
    this.startAttempt(req);
    return true;
  }

  cancelHedgeTimer(req: number): void {
    const timer = this.ctx.requests.hedgeTimer[req];
    if (timer >= 0) this.ctx.sim.cancel(timer);
    this.ctx.requests.hedgeTimer[req] = -1;
  }

  unlinkAttempt(req: number, a: number): void {
    const requests = this.ctx.requests;
    const next = this.ctx.attempts.next;
    if (requests.head[req] === a) {
      requests.head[req] = next[a];
      return;
    }
    for (let at = requests.head[req]; at >= 0; at = next[at]) {
      if (next[at] === a) {
        next[at] = next[a];
        return;
      }
    }
  }

  completeRequest(req: number, outcome: number): void {
    const now = this.ctx.sim.nowUs;
    const requests = this.ctx.requests;
    const cell = requests.cell[req];
    this.ctx.users.succeeded(cell, now, now - requests.firstUs[req], outcome === OUT_DEGRADED);
    this.ctx.userCounters.succeed(cell, requests.firstUs[req]);
    const latency = this.ctx.latency;
    if (latency !== null) latency.record(cell, now - requests.firstUs[req]);
    this.ctx.sim.trace(DIGEST_SUCCESS, cell);
    this.endRequest(req, outcome);
  }

  failRequest(req: number, reason: number): void {
    const cell = this.ctx.requests.cell[req];
    if (this.ctx.deploys !== null) this.ctx.deploys.requestFailed(req);
    this.ctx.users.failed(cell, this.ctx.sim.nowUs, reason);
    this.ctx.userCounters.fail(cell, this.ctx.requests.firstUs[req]);
    this.ctx.sim.trace(DIGEST_FAILURE + reason * 16, cell);
    this.endRequest(req, reason);
  }

  /** Cancels what is still outstanding (hedges), records the trace, frees the request. */
  endRequest(req: number, outcome: number): void {
    const requests = this.ctx.requests;
    const attempts = this.ctx.attempts;
    this.cancelHedgeTimer(req);
    for (let a = requests.head[req]; a >= 0; ) {
      const next = attempts.next[a];
      const timer = attempts.timer[a];
      if (timer >= 0) this.ctx.sim.cancel(timer);
      this.ctx.users.attemptEnded(requests.cell[req]);
      this.attemptsCancelled++;
      attempts.free(a);
      a = next;
    }
    const traceId = requests.traceId[req];
    if (traceId >= 0) {
      const region = this.ctx.compiled.populationRegion[requests.population[req]];
      this.ctx.span(traceId, `request ${this.ctx.compiled.endpoints[this.ctx.compiled.entryEndpoints[requests.endpoint[req]]].name}`, region, requests.firstUs[req], outcome);
    }
    requests.free(req);
  }
}
