import { InstancePool } from '../balancing/instance-pool.js';
import { createBalancerCursor } from '../balancing/pick.js';
import type { BalancerCursor } from '../balancing/pick.js';
import type { ServiceConfig } from '../service.js';
import { widen } from './slot-table.js';

/**
 * One service in one region: the instances behind its regional load balancer and everything
 * the engine tracks per instance, in arrays parallel to the pool's (indexed by instance).
 *
 * An instance is *up* when it answers (not crashed, its zone and region not out). The balancer
 * does not know that directly: it serves an instance while it is *ready* (started), judged
 * healthy by its own checks (`verdict`) and not draining — so a dead instance keeps receiving
 * requests until the checks and the removal delay take it out, as in production.
 *
 * Each instance has an *epoch*: a crash, an outage or a removal increments it, and every job
 * admitted under the old epoch is dead (it never answers; its caller times out).
 */
export class InstanceGroup {
  readonly service: number;
  readonly region: number;
  readonly config: ServiceConfig;
  readonly pool: InstancePool;
  readonly cursor: BalancerCursor = createBalancerCursor();
  readonly concurrency: number;
  readonly queueCapacity: number;
  /** Zone indices (into the region's zones) new instances are placed in, round-robin. */
  readonly zones: readonly number[];
  private zoneCursor = 0;

  epoch: Int32Array;
  /** Incremented when an index is (re)used by a new instance: lifecycle timers carry it. */
  life: Int32Array;
  up: Uint8Array;
  crashed: Uint8Array;
  ready: Uint8Array;
  verdict: Uint8Array;
  /** Consecutive balancer checks disagreeing with the verdict. */
  streak: Int32Array;
  draining: Uint8Array;
  busy: Int32Array;
  queueHead: Int32Array;
  queueTail: Int32Array;
  queueLength: Int32Array;
  zone: Int32Array;

  /** Requests being worked on across the group, and waiting. */
  busyTotal = 0;
  queuedTotal = 0;
  /** Instances ready and up: the group's serving capacity is this × concurrency. */
  readyUp = 0;
  /** Launched by the autoscaler, not yet added (provisioning), and how many of those are cancelled. */
  provisioning = 0;
  provisionCancelled = 0;
  /** Live instances that are draining. */
  drainingCount = 0;

  // Time integrals, µs-weighted, brought up to `integralsUs` by `integrate`.
  integralsUs = 0;
  busyArea = 0;
  queuedArea = 0;
  capacityArea = 0;
  billedArea = 0;

  // Autoscaler state.
  lastScaleUpUs = Number.NEGATIVE_INFINITY;
  lastScaleDownUs = Number.NEGATIVE_INFINITY;
  evaluatedBusyArea = 0;
  evaluatedQueuedArea = 0;
  evaluatedUs = 0;
  /** The last evaluation found the region dark: the next one only restarts the averages (its window saw the dark). */
  evaluatedDark = false;
  /** Requests the balancer turned away for want of an instance, and the counts at the last evaluation. */
  turnedAway = 0;
  turnedAwaySeen = 0;
  noRegionSeen = 0;
  /** The lowest active capacity-quota fault's instances (Infinity: none). */
  faultQuota = Number.POSITIVE_INFINITY;

  // Counters for the result.
  rejected = 0;
  lostToDeadInstances = 0;
  launches = 0;
  stops = 0;
  crashes = 0;
  shortfallTotal = 0;
  shortfallMax = 0;
  instancesStart = 0;
  instancesMin: number;
  instancesMax: number;
  /** Sum of instances observed at metrics ticks, and how many ticks, for the mean. */
  instancesTickSum = 0;
  ticks = 0;
  latencyEstimateUs = 0;

  constructor(service: number, region: number, config: ServiceConfig, zones: readonly number[]) {
    this.service = service;
    this.region = region;
    this.config = config;
    this.concurrency = config.instance.concurrency;
    this.queueCapacity = config.instance.queueCapacity;
    this.zones = zones;
    this.pool = new InstancePool();
    const n = this.pool.capacity;
    this.epoch = new Int32Array(n);
    this.life = new Int32Array(n);
    this.up = new Uint8Array(n);
    this.crashed = new Uint8Array(n);
    this.ready = new Uint8Array(n);
    this.verdict = new Uint8Array(n);
    this.streak = new Int32Array(n);
    this.draining = new Uint8Array(n);
    this.busy = new Int32Array(n);
    this.queueHead = new Int32Array(n);
    this.queueTail = new Int32Array(n);
    this.queueLength = new Int32Array(n);
    this.zone = new Int32Array(n);
    this.instancesMin = Number.POSITIVE_INFINITY;
    this.instancesMax = 0;
  }

  /** Adds an instance (not ready, not in service) in the next zone; returns its index. */
  addInstance(upNow: boolean): number {
    const index = this.pool.add();
    if (this.pool.capacity > this.epoch.length) this.grow(this.pool.capacity);
    this.epoch[index]++;
    this.life[index]++;
    this.up[index] = upNow ? 1 : 0;
    this.crashed[index] = 0;
    this.ready[index] = 0;
    this.verdict[index] = 1;
    this.streak[index] = 0;
    this.draining[index] = 0;
    this.busy[index] = 0;
    this.queueHead[index] = -1;
    this.queueTail[index] = -1;
    this.queueLength[index] = 0;
    this.zone[index] = this.zones[this.zoneCursor % this.zones.length];
    this.zoneCursor++;
    return index;
  }

  /** Whether the balancer should send the instance requests now. */
  shouldServe(index: number): boolean {
    return this.ready[index] === 1 && this.verdict[index] === 1 && this.draining[index] === 0;
  }

  /** Brings the balancer's view in line with the instance's state. */
  applyService(index: number): void {
    if (this.pool.isLive(index)) this.pool.setInService(index, this.shouldServe(index));
  }

  /** Live instances that count towards the autoscaler's `current`: not draining. */
  get activeInstances(): number {
    return this.pool.liveCount - this.drainingCount;
  }

  /** Advances the time integrals to `nowUs`. Call before any change to what they integrate. */
  integrate(nowUs: number): void {
    const dt = nowUs - this.integralsUs;
    if (dt > 0) {
      this.busyArea += this.busyTotal * dt;
      this.queuedArea += this.queuedTotal * dt;
      this.capacityArea += this.readyUp * this.concurrency * dt;
      this.billedArea += this.pool.liveCount * dt;
      this.integralsUs = nowUs;
    }
  }

  private grow(capacity: number): void {
    this.epoch = widen(this.epoch, capacity);
    this.life = widen(this.life, capacity);
    this.up = widen(this.up, capacity);
    this.crashed = widen(this.crashed, capacity);
    this.ready = widen(this.ready, capacity);
    this.verdict = widen(this.verdict, capacity);
    this.streak = widen(this.streak, capacity);
    this.draining = widen(this.draining, capacity);
    this.busy = widen(this.busy, capacity);
    this.queueHead = widen(this.queueHead, capacity);
    this.queueTail = widen(this.queueTail, capacity);
    this.queueLength = widen(this.queueLength, capacity);
    this.zone = widen(this.zone, capacity);
  }
}
