import { describeValue } from '../../assert.js';

/** What happened to the infrastructure (as opposed to a request). */
export type EventKind =
  | 'fault-started'
  | 'fault-repaired'
  | 'health-changed'
  | 'routing-changed'
  | 'scaled'
  | 'breaker-transition'
  | 'instance-crashed'
  | 'instance-ready'
  | 'alert'
  | 'failover-detected'
  | 'failover-deciding'
  | 'failover-promoting'
  | 'failover-draining'
  | 'failover-drained'
  | 'failover-failed'
  | 'primary-lost'
  | 'primary-promoted'
  | 'primary-recovered'
  | 'store-member-lost'
  | 'split-brain'
  | 'split-brain-healed'
  | 'residency-violation'
  | 'data-deleted'
  | 'deletion-detected'
  | 'restore-step'
  | 'restored'
  | 'page'
  | 'deploy-started'
  | 'deploy-step'
  | 'deploy-completed'
  | 'rollback-started'
  | 'rolled-back'
  | 'migration-started'
  | 'migration-completed'
  | 'write-freeze-started'
  | 'write-freeze-ended';

/** Every event kind, for validation and for listing in a UI. */
export const EVENT_KINDS: readonly EventKind[] = Object.freeze([
  'fault-started',
  'fault-repaired',
  'health-changed',
  'routing-changed',
  'scaled',
  'breaker-transition',
  'instance-crashed',
  'instance-ready',
  'alert',
  'failover-detected',
  'failover-deciding',
  'failover-promoting',
  'failover-draining',
  'failover-drained',
  'failover-failed',
  'primary-lost',
  'primary-promoted',
  'primary-recovered',
  'store-member-lost',
  'split-brain',
  'split-brain-healed',
  'residency-violation',
  'data-deleted',
  'deletion-detected',
  'restore-step',
  'restored',
  'page',
  'deploy-started',
  'deploy-step',
  'deploy-completed',
  'rollback-started',
  'rolled-back',
  'migration-started',
  'migration-completed',
  'write-freeze-started',
  'write-freeze-ended',
]);

/** One logged event, a plain serialisable object. `correlationId` is absent when not given. */
export interface EventLogEntry {
  readonly timeUs: number;
  readonly kind: EventKind;
  /** What the event is about, e.g. "us-east/checkout". */
  readonly subject: string;
  /** Human-readable detail, e.g. "closed -> open". */
  readonly detail: string;
  /** Ties related events together, e.g. a fault and its repair. */
  readonly correlationId?: number;
}

export interface EventLogOptions {
  /** Most entries kept (a non-negative safe integer); later ones are only counted. */
  readonly eventLogMax: number;
}

export interface EventLogJSON {
  readonly eventLogMax: number;
  readonly dropped: number;
  readonly entries: EventLogEntry[];
}

const KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

/**
 * A bounded log of infrastructure events (faults, health and routing changes, scaling, breaker
 * transitions). Events are rare next to requests, so each entry is an object; the bound keeps a
 * flapping component from growing the log, and the first `eventLogMax` entries added are the
 * ones kept (the start of an incident explains the rest), later ones only counted in `dropped`.
 *
 * Entries may be added out of time order (components report independently); `entries` sorts
 * by time, ties kept in insertion order, so the output does not depend on the sort's stability.
 */
export class EventLog {
  readonly eventLogMax: number;
  private readonly stored: EventLogEntry[] = [];
  private droppedCount = 0;

  constructor(options: EventLogOptions) {
    const { eventLogMax } = options;
    if (!Number.isSafeInteger(eventLogMax) || eventLogMax < 0) {
      throw new RangeError(`EventLog: eventLogMax must be a non-negative safe integer, got ${describeValue(eventLogMax)}`);
    }
    this.eventLogMax = eventLogMax;
  }

  /** Entries added past the bound. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Number of entries kept. */
  get length(): number {
    return this.stored.length;
  }

  /** Logs an event; returns false (and counts it as dropped) when the log is full. */
  add(timeUs: number, kind: EventKind, subject: string, detail: string, correlationId?: number): boolean {
    if (!Number.isSafeInteger(timeUs) || timeUs < 0) {
      throw new RangeError(`EventLog.add: timeUs must be a non-negative safe integer, got ${describeValue(timeUs)}`);
    }
    if (!KIND_SET.has(kind)) {
      throw new RangeError(`EventLog.add: unknown kind ${describeValue(kind)}; expected one of ${EVENT_KINDS.join(', ')}`);
    }
    if (correlationId !== undefined && !Number.isSafeInteger(correlationId)) {
      throw new RangeError(`EventLog.add: correlationId must be a safe integer, got ${describeValue(correlationId)}`);
    }
    if (this.stored.length >= this.eventLogMax) {
      this.droppedCount += 1;
      return false;
    }
    // Leave the key out rather than storing undefined, so the entry survives a JSON round trip unchanged.
    const entry: EventLogEntry =
      correlationId === undefined ? { timeUs, kind, subject, detail } : { timeUs, kind, subject, detail, correlationId };
    this.stored.push(entry);
    return true;
  }

  /** The kept entries, sorted by time then insertion order (a fresh array of copies). */
  get entries(): EventLogEntry[] {
    const order = this.stored.map((_, i) => i);
    order.sort((a, b) => this.stored[a].timeUs - this.stored[b].timeUs || a - b);
    return order.map((i) => ({ ...this.stored[i] }));
  }

  toJSON(): EventLogJSON {
    return { eventLogMax: this.eventLogMax, dropped: this.droppedCount, entries: this.entries };
  }
}
