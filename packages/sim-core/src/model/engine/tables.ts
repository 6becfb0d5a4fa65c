import { SlotTable, widen } from './slot-table.js';

/** A user request, from arrival to its outcome (client side). */
export class RequestTable extends SlotTable {
  population = new Int32Array(this.capacity);
  cohort = new Int32Array(this.capacity);
  /** Index among the entry service's endpoints (the user metrics' endpoint axis). */
  endpoint = new Int32Array(this.capacity);
  /** The user metrics cell (population region × endpoint). */
  cell = new Int32Array(this.capacity);
  firstUs = new Float64Array(this.capacity);
  retries = new Int32Array(this.capacity);
  hedges = new Int32Array(this.capacity);
  /** Attempts sent so far (first, retries, hedges). */
  attempts = new Int32Array(this.capacity);
  /** Attempts sent and not yet ended. */
  outstanding = new Int32Array(this.capacity);
  lastAttemptUs = new Float64Array(this.capacity);
  /** The pending hedge timer's event id, or -1. */
  hedgeTimer = new Float64Array(this.capacity);
  /** The request's sequence number when its spans are traced, else -1. */
  traceId = new Float64Array(this.capacity);
  write = new Uint8Array(this.capacity);
  /** First outstanding attempt (a list through AttemptTable.next), -1 when none. */
  head = new Int32Array(this.capacity);
  /** 1 + the rollout whose bad version served one of the request's jobs while the fault was active; 0: none (deployments.ts). */
  deployMark = new Int32Array(this.capacity);
  /** The request's uniform draw for the migration's traffic shift (migration.ts). */
  migrationDraw = new Float64Array(this.capacity);

  constructor() {
    super('user requests');
  }

  protected growFields(capacity: number): void {
    this.population = widen(this.population, capacity);
    this.cohort = widen(this.cohort, capacity);
    this.endpoint = widen(this.endpoint, capacity);
    this.cell = widen(this.cell, capacity);
    this.firstUs = widen(this.firstUs, capacity);
    this.retries = widen(this.retries, capacity);
    this.hedges = widen(this.hedges, capacity);
    this.attempts = widen(this.attempts, capacity);
    this.outstanding = widen(this.outstanding, capacity);
    this.lastAttemptUs = widen(this.lastAttemptUs, capacity);
    this.hedgeTimer = widen(this.hedgeTimer, capacity);
    this.traceId = widen(this.traceId, capacity);
    this.write = widen(this.write, capacity);
    this.head = widen(this.head, capacity);
    this.deployMark = widen(this.deployMark, capacity);
    this.migrationDraw = widen(this.migrationDraw, capacity);
  }
}

/** One try of a user request: the client's side of it (its timer and where it went). */
export class AttemptTable extends SlotTable {
  /** The request's handle. */
  request = new Float64Array(this.capacity);
  /** The serving region, -1 when none resolved. */
  region = new Int32Array(this.capacity);
  /** The timeout event's id, -1 once it fired. */
  timer = new Float64Array(this.capacity);
  startUs = new Float64Array(this.capacity);
  /** 1 when the request message was lost on the way: the timeout then reports network-lost. */
  lost = new Uint8Array(this.capacity);
  /** The answer on its way back (an outcome code), read when it arrives. */
  answer = new Int32Array(this.capacity);
  /** 1-based attempt number within the request. */
  number = new Int32Array(this.capacity);
  /** Next outstanding attempt of the same request, -1 at the end. */
  next = new Int32Array(this.capacity);

  constructor() {
    super('attempts');
  }

  protected growFields(capacity: number): void {
    this.request = widen(this.request, capacity);
    this.region = widen(this.region, capacity);
    this.timer = widen(this.timer, capacity);
    this.startUs = widen(this.startUs, capacity);
    this.lost = widen(this.lost, capacity);
    this.answer = widen(this.answer, capacity);
    this.number = widen(this.number, capacity);
    this.next = widen(this.next, capacity);
  }
}

/** Who is waiting for a job's answer. */
export const PARENT_ATTEMPT = 0;
export const PARENT_CALL = 1;
export const PARENT_PROBE = 2;
export const PARENT_JOB = 3;

/** Work on one instance of a service: a user attempt, an internal call or a deep health check. */
export class JobTable extends SlotTable {
  parentKind = new Uint8Array(this.capacity);
  /** The parent's handle (attempt or call), or the probe's key. */
  parent = new Float64Array(this.capacity);
  /** Service × region group. */
  group = new Int32Array(this.capacity);
  instance = new Int32Array(this.capacity);
  /** The instance's epoch at admission: a crash, outage or removal changes it and kills the job. */
  epoch = new Int32Array(this.capacity);
  /** Global endpoint index. */
  endpoint = new Int32Array(this.capacity);
  /** The dependency step running. */
  step = new Int32Array(this.capacity);
  /** Calls of the step not yet resolved. */
  pending = new Int32Array(this.capacity);
  /** A required call failed: the job answers with an error. */
  failed = new Uint8Array(this.capacity);
  /** A call fell back or an optional one failed: the answer is degraded. */
  degraded = new Uint8Array(this.capacity);
  /** Arrival at the balancer. */
  startUs = new Float64Array(this.capacity);
  /** Next job in the instance's queue, -1 at the end. */
  next = new Int32Array(this.capacity);
  /** The region the answer travels to. */
  origin = new Int32Array(this.capacity);
  traceId = new Float64Array(this.capacity);
  /** The service metrics cell, -1 for health-check jobs (not counted as requests). */
  cell = new Int32Array(this.capacity);
  /** 1 when the user request behind the job is a write (its data store calls write). */
  write = new Uint8Array(this.capacity);
  /** Which version serves the job: VERSION_* flags of deployments.ts, set at admission (0: the old version). */
  version = new Uint8Array(this.capacity);

  constructor() {
    super('server jobs');
  }

  protected growFields(capacity: number): void {
    this.parentKind = widen(this.parentKind, capacity);
    this.parent = widen(this.parent, capacity);
    this.group = widen(this.group, capacity);
    this.instance = widen(this.instance, capacity);
    this.epoch = widen(this.epoch, capacity);
    this.endpoint = widen(this.endpoint, capacity);
    this.step = widen(this.step, capacity);
    this.pending = widen(this.pending, capacity);
    this.failed = widen(this.failed, capacity);
    this.degraded = widen(this.degraded, capacity);
    this.startUs = widen(this.startUs, capacity);
    this.next = widen(this.next, capacity);
    this.origin = widen(this.origin, capacity);
    this.traceId = widen(this.traceId, capacity);
    this.cell = widen(this.cell, capacity);
    this.write = widen(this.write, capacity);
    this.version = widen(this.version, capacity);
  }
}

export const CALL_PENDING = 0;
export const CALL_DEGRADING = 1;

/** One dependency call made by a job (or by a cache on a miss). */
export class CallTable extends SlotTable {
  parentKind = new Uint8Array(this.capacity);
  parent = new Float64Array(this.capacity);
  dependency = new Int32Array(this.capacity);
  /** The calling region (dependency state is per calling region). */
  region = new Int32Array(this.capacity);
  /** The timeout event's id, -1 when the call has none pending. */
  timer = new Float64Array(this.capacity);
  startUs = new Float64Array(this.capacity);
  required = new Uint8Array(this.capacity);
  /** The answer scheduled to arrive (an outcome code). */
  answer = new Int32Array(this.capacity);
  state = new Uint8Array(this.capacity);
  traceId = new Float64Array(this.capacity);
  /** 1 for a write (inherited from the user request). */
  write = new Uint8Array(this.capacity);
  /** Data store calls: the store (a partitioned store's call: its zone's), the member serving it, and the write's id in the store (-1 for reads). */
  store = new Int32Array(this.capacity);
  member = new Int32Array(this.capacity);
  writeId = new Float64Array(this.capacity);
  /** Data store calls: the answer's one-way delay back to the caller, drawn at the start. */
  backUs = new Float64Array(this.capacity);

  constructor() {
    super('dependency calls');
  }

  protected growFields(capacity: number): void {
    this.parentKind = widen(this.parentKind, capacity);
    this.parent = widen(this.parent, capacity);
    this.dependency = widen(this.dependency, capacity);
    this.region = widen(this.region, capacity);
    this.timer = widen(this.timer, capacity);
    this.startUs = widen(this.startUs, capacity);
    this.required = widen(this.required, capacity);
    this.answer = widen(this.answer, capacity);
    this.state = widen(this.state, capacity);
    this.traceId = widen(this.traceId, capacity);
    this.write = widen(this.write, capacity);
    this.store = widen(this.store, capacity);
    this.member = widen(this.member, capacity);
    this.writeId = widen(this.writeId, capacity);
    this.backUs = widen(this.backUs, capacity);
  }
}

// Per dependency × calling region counters: indices into the engine's dependencyStats.
export const STAT_CALLS = 0;
export const STAT_OK = 1;
export const STAT_ERRORS = 2;
export const STAT_TIMEOUTS = 3;
export const STAT_REJECTED = 4;
export const STAT_BREAKER_OPEN = 5;
export const STAT_DEGRADED = 6;
export const STAT_COUNT = 7;
