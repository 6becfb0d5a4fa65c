import type { Simulation } from '../../kernel/simulation.js';
import type { StoreBackupConfig } from '../model-config.js';
import { latestRecoverableUs } from '../ops/backup/snapshot-schedule.js';
import { restorePlan } from '../ops/backup/restore-plan.js';
import type { RestorePlan } from '../ops/backup/restore-plan.js';
import type { EngineContext } from './context.js';
import type { StoreState } from './store-state.js';

/** One data-deletion fault and its restore, as the run saw them. */
export interface DeletionRecord {
  readonly fault: number;
  readonly store: number;
  readonly deletionUs: number;
  /**
   * The instant the backups can restore the store to (ops/backup latestRecoverableUs at the
   * deletion), µs; null when the store has no backups. Known before the run: it depends only on
   * the schedule and the deletion time, so writes can be judged lost as they are made.
   */
  readonly restoredToUs: number | null;
  detectedUs: number | null;
  plan: RestorePlan | null;
  /** Acknowledged writes the deletion took for good: made before it, acknowledged at or after restoredToUs (every one without backups). */
  lostWrites: number;
  /** Operations answered with an error because the data was gone. */
  failedOperations: number;
  /** Another deletion of the same store was being restored when this one came: it is restored with that one. */
  absorbed: boolean;
  /**
   * The ids (multi-writer: sequence numbers) of the first and last write counted in lostWrites,
   * -1 before any. Writes get ids in the order they are made and are acknowledged in that order,
   * so the counted writes are exactly the acknowledged ones in this range.
   */
  firstLostId: number;
  lastLostId: number;
}

/**
 * Data deletions and restores from backups (ops/backup). At the deletion D every member's
 * data is gone (the deletion replicated); every operation on the store is answered with an
 * error until the restore completes. The restore starts at the detection d (an alert firing,
 * or a fixed delay) and follows `restorePlan`: the fixed steps, the copy of the snapshot, the
 * log replay; at `restoredAtUs` the store serves again with its data as of `restoredToUs`.
 *
 * Lost writes (ARCHITECTURE §5): the writes made before D and acknowledged at or after
 * restoredToUs — the restored data holds exactly the writes acknowledged before it (the part's
 * snapshot contract), and a write made before D but acknowledged after it (sync) was committed
 * and then deleted. RPO = D − restoredToUs. Writes made after D fail; they are not lost. The
 * replication log is left as it stood: the restore rebuilds every member, and replication
 * resumes from there.
 */
export class Restores {
  private readonly ctx: EngineContext;
  readonly records: DeletionRecord[] = [];
  /** Per store: its backups, or null. */
  private readonly backups: (StoreBackupConfig | null)[];
  /** Per store: its deletion records in time order. */
  private readonly upcoming: DeletionRecord[][];
  /** Per store: writes made but not yet acknowledged (id, made, ack), in log order. */
  private readonly pending: AckFifo[];
  /** Per store: the record whose restore is running (the first unrestored deletion), or null. */
  private readonly active: (DeletionRecord | null)[];

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const stores = ctx.config.dataStores ?? [];
    this.backups = stores.map((store) => (ctx.config.backups ?? []).find((b) => b.store === store.id) ?? null);
    this.upcoming = stores.map(() => []);
    ctx.config.faults.forEach((fault, i) => {
      if (fault.kind !== 'data-deletion') return;
      const s = stores.findIndex((store) => store.id === fault.store);
      const backup = this.backups[s];
      const record: DeletionRecord = {
        fault: i,
        store: s,
        deletionUs: fault.startUs,
        restoredToUs: backup === null ? null : latestRecoverableUs(backup, fault.startUs),
        detectedUs: null,
        plan: null,
        lostWrites: 0,
        failedOperations: 0,
        absorbed: false,
        firstLostId: -1,
        lastLostId: -1,
      };
      this.records.push(record);
      this.upcoming[s].push(record);
    });
    for (const list of this.upcoming) list.sort((a, b) => a.deletionUs - b.deletionUs || a.fault - b.fault);
    this.pending = stores.map(() => new AckFifo());
    this.active = stores.map(() => null);
    ctx.data.stores.forEach((st, s) => {
      if (this.upcoming[s].length > 0) st.onWriteLost = (id) => this.lostElsewhere(s, id);
    });
  }

  /**
   * A promotion or a writer region's loss took write `id` before a deletion could: it was
   * counted for the deletion after it, but it is not there to lose twice.
   */
  private lostElsewhere(s: number, id: number): void {
    for (const record of this.upcoming[s]) {
      if (record.firstLostId >= 0 && id >= record.firstLostId && id <= record.lastLostId) record.lostWrites--;
    }
  }

  /**
   * A write was made (durable on its member) at `madeUs` and is acknowledged at `ackUs`
   * (Infinity: blocked, never acknowledged). It is lost to the first deletion after it when its
   * acknowledgement is not in the backup that deletion restores. A write acknowledged later
   * than it is made (sync, semi-sync) waits in a FIFO until its acknowledgement is in the past:
   * a primary failure before then fails it instead (`writesFailed`). `id`: the write's id
   * (multi-writer: its sequence number). O(1) amortised; nothing happens for a store that is
   * never deleted.
   */
  onWrite(st: StoreState, madeUs: number, ackUs: number, id: number): void {
    const s = st.index;
    if (this.upcoming[s].length === 0) return;
    this.drain(s, madeUs);
    if (ackUs === Number.POSITIVE_INFINITY) return;
    if (ackUs <= madeUs) this.count(s, madeUs, ackUs, id);
    else this.pending[s].push(id, madeUs, ackUs);
  }

  /** The primary of store s failed at `faultUs`: the writes it had not acknowledged by then failed, they are not the deletion's. */
  writesFailed(s: number, faultUs: number): void {
    if (this.upcoming[s].length === 0) return;
    this.drain(s, faultUs);
    this.pending[s].clear();
  }

  /** Counts the waiting writes acknowledged by `nowUs` (acknowledgements come in log order). */
  private drain(s: number, nowUs: number): void {
    const fifo = this.pending[s];
    while (fifo.length > 0 && fifo.headAckUs() <= nowUs) {
      this.count(s, fifo.headMadeUs(), fifo.headAckUs(), fifo.headId());
      fifo.shift();
    }
  }

  private count(s: number, madeUs: number, ackUs: number, id: number): void {
    const record = this.upcoming[s].find((r) => r.deletionUs > madeUs);
    if (record === undefined || (record.restoredToUs !== null && ackUs < record.restoredToUs)) return;
    record.lostWrites++;
    if (record.firstLostId < 0) record.firstLostId = id;
    record.lastLostId = id;
  }

  /** Brings the counts up to `nowUs` (for the result). */
  settle(nowUs: number): void {
    for (let s = 0; s < this.pending.length; s++) this.drain(s, nowUs);
  }

  /** An operation met the deleted data: counted on the deletion being restored. */
  onFailedOperation(st: StoreState): void {
    const record = this.active[st.index];
    if (record !== null) record.failedOperations++;
  }

  deletionStarted(fault: number): void {
    const record = this.recordOf(fault);
    const st = this.ctx.data.stores[record.store];
    const now = this.ctx.sim.nowUs;
    const label = st.config.id;
    if (this.active[record.store] !== null) {
      record.absorbed = true;
      this.ctx.eventLog.add(now, 'data-deleted', label, 'during a restore: restored with it', fault);
      return;
    }
    st.deleted = 1;
    this.active[record.store] = record;
    const backup = this.backups[record.store];
    this.ctx.eventLog.add(now, 'data-deleted', label, backup === null ? 'no backups: the data will not come back' : `backups restore it to ${record.restoredToUs} µs`, fault);
    if (backup === null) return;
    if (backup.detection === 'after') {
      this.ctx.sim.schedule(backup.detectAfterUs as number, this.onDetected, fault);
      return;
    }
    // A rule already firing (for another cause) fires no more: the people it paged see the
    // deletion now.
    if (this.ruleFiring(backup.alert as string)) this.detect(record);
  }

  private ruleFiring(rule: string): boolean {
    const evaluator = this.ctx.ops.evaluator;
    if (evaluator === null) return false;
    return (this.ctx.config.alerting?.rules ?? []).some((r, i) => r.name === rule && evaluator.firingOf(i) !== null);
  }

  /** An alert fired: it starts the restore of every deletion waiting for that rule. */
  alertFired(rule: string): void {
    this.active.forEach((record, s) => {
      const backup = this.backups[s];
      if (record === null || record.detectedUs !== null || backup === null || backup.detection !== 'alert' || backup.alert !== rule) return;
      this.detect(record);
    });
  }

  private readonly onDetected = (_sim: Simulation, fault: number): void => {
    this.detect(this.recordOf(fault));
  };

  private detect(record: DeletionRecord): void {
    const now = this.ctx.sim.nowUs;
    const backup = this.backups[record.store] as StoreBackupConfig;
    const plan = restorePlan(backup, record.deletionUs, now);
    record.detectedUs = now;
    record.plan = plan;
    const label = this.ctx.data.stores[record.store].config.id;
    this.ctx.eventLog.add(now, 'deletion-detected', label, `restore to ${plan.restoredToUs} µs (RPO ${plan.rpoUs} µs), back at ${plan.restoredAtUs} µs`, record.fault);
    for (const step of plan.steps) {
      if (step.startUs <= this.ctx.config.durationUs) this.ctx.eventLog.add(step.startUs, 'restore-step', label, step.step, record.fault);
    }
    if (plan.restoredAtUs <= this.ctx.config.durationUs) this.ctx.sim.schedule(plan.restoredAtUs - now, this.onRestored, record.fault);
  }

  private readonly onRestored = (sim: Simulation, fault: number): void => {
    const record = this.recordOf(fault);
    const st = this.ctx.data.stores[record.store];
    st.deleted = 0;
    this.active[record.store] = null;
    this.ctx.eventLog.add(sim.nowUs, 'restored', st.config.id, `${record.lostWrites} acknowledged write(s) lost`, fault);
  };

  private recordOf(fault: number): DeletionRecord {
    const record = this.records.find((r) => r.fault === fault);
    if (record === undefined) throw new RangeError(`engine: fault ${fault} is not a data deletion`);
    return record;
  }
}

/** A FIFO of (id, made, ack) triples in growable typed arrays: writes awaiting their acknowledgement. */
class AckFifo {
  private ids = new Float64Array(64);
  private made = new Float64Array(64);
  private acks = new Float64Array(64);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  headId(): number {
    return this.ids[this.head];
  }

  headMadeUs(): number {
    return this.made[this.head];
  }

  headAckUs(): number {
    return this.acks[this.head];
  }

  push(id: number, madeUs: number, ackUs: number): void {
    if (this.tail === this.ids.length) this.compact();
    this.ids[this.tail] = id;
    this.made[this.tail] = madeUs;
    this.acks[this.tail] = ackUs;
    this.tail++;
  }

  shift(): void {
    this.head++;
    if (this.head === this.tail) this.clear();
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
  }

  /** Moves the live entries to the front, doubling the arrays when they are more than half full. */
  private compact(): void {
    const live = this.length;
    const size = live * 2 > this.ids.length ? this.ids.length * 2 : this.ids.length;
    for (const field of ['ids', 'made', 'acks'] as const) {
      const next = new Float64Array(size);
      next.set(this[field].subarray(this.head, this.tail));
      this[field] = next;
    }
    this.head = 0;
    this.tail = live;
  }
}
