import type { EventKind, FailureReason, MetricsRecorderJSON, MetricsSeriesJSON, ModelResult } from '@stormglass/sim-core';

/**
 * What the charts draw, taken from one run's metrics and event log: per-interval series per
 * users' region and per serving region, the faults' windows, and the events worth a marker.
 * Plain data (it is embedded in the HTML report as JSON, and the visualizer can draw it).
 */
export interface Timeline {
  /** Width of one bucket, ms (the engine's metrics interval, or a multiple of it for long runs). */
  stepMs: number;
  durationMs: number;
  /** Start of each bucket, ms. */
  timesMs: number[];
  /** Per users' region, summed over its entry endpoints. */
  users: UserSeries[];
  /** Every user request in each bucket: succeeded ÷ completed (null: none completed). */
  availability: (number | null)[];
  /** Per serving region: instances of every service (the last reading in each bucket). */
  serving: ServingSeries[];
  faults: TimelineFault[];
  /** Events worth a marker, in time order (at most MARKERS_MAX; see `markersDropped`). */
  markers: TimelineEvent[];
  markersDropped: number;
  /** Every logged event (as the engine kept them), for the report's event table. */
  events: TimelineEvent[];
  /** Events the engine's log did not keep (its bound, eventLogMax). */
  eventsDropped: number;
}

export interface UserSeries {
  region: string;
  /** User requests started per second. */
  ratePerS: number[];
  /** Failed ÷ completed (null: none completed). */
  failureRatio: (number | null)[];
  /** The worst p99 over the region's endpoints (successful requests), ms. */
  p99Ms: (number | null)[];
}

export interface ServingSeries {
  region: string;
  instances: (number | null)[];
}

export interface TimelineFault {
  index: number;
  kind: string;
  target: string;
  startMs: number;
  /** When the fault was repaired; null when it lasted to the end of the run. */
  repairedMs: number | null;
  /** When the service recovered (ARCHITECTURE §5); null when it did not, or there was no impact. */
  recoveredMs: number | null;
  rtoMs: number | null;
  rtoStatus: string;
}

export interface TimelineEvent {
  timeMs: number;
  kind: EventKind;
  subject: string;
  detail: string;
}

/** Most buckets a chart draws: longer runs merge neighbouring metrics intervals. */
export const BUCKETS_MAX = 600;
/** Most event markers drawn on the timeline; the event table lists the rest. */
export const MARKERS_MAX = 40;

/** Kinds drawn as markers, most telling first: when there are too many, the later kinds go. */
const MARKER_KINDS: readonly EventKind[] = [
  'fault-started', 'fault-repaired', 'failover-detected', 'primary-promoted', 'failover-drained', 'failover-failed',
  'data-deleted', 'deletion-detected', 'restored', 'split-brain', 'split-brain-healed', 'page', 'alert',
  'deploy-started', 'rollback-started', 'rolled-back', 'deploy-completed', 'migration-started', 'migration-completed',
  'write-freeze-started', 'write-freeze-ended', 'primary-lost', 'health-changed', 'routing-changed',
];

const ms = (us: number): number => us / 1000;

function sumFailures(failures: Record<FailureReason, number[]>, tick: number): number {
  let total = 0;
  for (const values of Object.values(failures)) total += values[tick] ?? 0;
  return total;
}

/** Merges `factor` neighbouring ticks: counts add up, quantiles take the worst, gauges the last reading. */
function buckets(ticks: number, factor: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < ticks; from += factor) out.push([from, Math.min(ticks, from + factor)]);
  return out;
}

function worst(values: readonly (number | null)[], from: number, to: number): number | null {
  let best: number | null = null;
  for (let t = from; t < to; t++) {
    const v = values[t];
    if (v !== null && v !== undefined && (best === null || v > best)) best = v;
  }
  return best;
}

function last(values: readonly (number | null)[], from: number, to: number): number | null {
  for (let t = to - 1; t >= from; t--) {
    const v = values[t];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

function userSeries(metrics: MetricsRecorderJSON, region: string, ranges: [number, number][], stepS: number[]): UserSeries {
  const cells = metrics.series.filter((s) => s.region === region);
  const ratePerS: number[] = [];
  const failureRatio: (number | null)[] = [];
  const p99Ms: (number | null)[] = [];
  ranges.forEach(([from, to], k) => {
    let started = 0;
    let ok = 0;
    let failed = 0;
    let p99: number | null = null;
    for (const cell of cells) {
      for (let t = from; t < to; t++) {
        started += cell.requests[t] ?? 0;
        ok += cell.successes[t] ?? 0;
        failed += sumFailures(cell.failures, t);
      }
      const w = worst(cell.p99Ms, from, to);
      if (w !== null && (p99 === null || w > p99)) p99 = w;
    }
    ratePerS.push(started / stepS[k]);
    failureRatio.push(ok + failed === 0 ? null : failed / (ok + failed));
    p99Ms.push(p99);
  });
  return { region, ratePerS, failureRatio, p99Ms };
}

/** Instances per serving region: each service's group counted once (its first endpoint's gauge). */
function servingSeries(metrics: MetricsRecorderJSON, region: string, ranges: [number, number][]): ServingSeries {
  const seen = new Set<string>();
  const groups: MetricsSeriesJSON[] = [];
  for (const cell of metrics.series) {
    if (cell.region !== region || seen.has(cell.service)) continue;
    seen.add(cell.service);
    groups.push(cell);
  }
  const instances = ranges.map(([from, to]) => {
    let total: number | null = null;
    for (const g of groups) {
      const v = last(g.instances, from, to);
      if (v !== null) total = (total ?? 0) + v;
    }
    return total;
  });
  return { region, instances };
}

/** The timeline of one run. */
export function timelineOf(result: ModelResult): Timeline {
  const users = result.metrics.users;
  const factor = Math.max(1, Math.ceil(users.ticks / BUCKETS_MAX));
  const ranges = buckets(users.ticks, factor);
  const intervalMs = ms(users.intervalUs);
  const durationMs = ms(result.durationUs);
  const timesMs = ranges.map(([from]) => from * intervalMs);
  const stepS = ranges.map(([from, to]) => (Math.min(durationMs, to * intervalMs) - from * intervalMs) / 1000);
  const availability = ranges.map(([from, to]) => {
    let ok = 0;
    let failed = 0;
    for (const cell of users.series) {
      for (let t = from; t < to; t++) {
        ok += cell.successes[t] ?? 0;
        failed += sumFailures(cell.failures, t);
      }
    }
    return ok + failed === 0 ? null : ok / (ok + failed);
  });
  const entries = result.eventLog.entries;
  const repairs = new Map<number, number>();
  for (const e of entries) if (e.kind === 'fault-repaired' && e.correlationId !== undefined && !repairs.has(e.correlationId)) repairs.set(e.correlationId, ms(e.timeUs));
  const faults = result.operations.faults.map((f) => ({
    index: f.fault,
    kind: f.kind,
    target: f.subject,
    startMs: ms(f.startUs),
    repairedMs: repairs.get(f.fault) ?? null,
    recoveredMs: f.rto.status === 'recovered' && f.rto.recoveredAtUs !== null ? ms(f.rto.recoveredAtUs) : null,
    rtoMs: f.rto.rtoUs === null ? null : ms(f.rto.rtoUs),
    rtoStatus: f.rto.status,
  }));
  const events = entries.map((e) => ({ timeMs: ms(e.timeUs), kind: e.kind, subject: e.subject, detail: e.detail }));
  const rank = (kind: EventKind): number => MARKER_KINDS.indexOf(kind);
  const candidates = events.filter((e) => rank(e.kind) >= 0);
  // Keep the most telling kinds (stable: within a kind, the earliest), then restore time order.
  const kept = candidates
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e.kind) - rank(b.e.kind) || a.i - b.i)
    .slice(0, MARKERS_MAX)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.e);
  return {
    stepMs: factor * intervalMs,
    durationMs,
    timesMs,
    users: users.regions.map((region) => userSeries(users, region, ranges, stepS)),
    availability,
    serving: result.metrics.services.regions.map((region) => servingSeries(result.metrics.services, region, ranges)).filter((s) => s.instances.some((v) => v !== null)),
    faults,
    markers: kept,
    markersDropped: candidates.length - kept.length,
    events,
    eventsDropped: result.eventLog.dropped,
  };
}
