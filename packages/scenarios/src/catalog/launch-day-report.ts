import type { EventKind, FailureReason, ModelResult, UserRequestSummary } from '@stormglass/sim-core';

/** User requests of one group (a users' region, an entry endpoint, or all), §5 definitions. */
export interface LaunchUserRow {
  started: number;
  succeeded: number;
  /** The part of `succeeded` answered by a fallback. */
  degraded: number;
  failed: number;
  /** Started and not completed when the run ended. */
  inFlight: number;
  /** succeeded / (succeeded + failed); null when none completed. */
  availability: number | null;
  failures: Record<FailureReason, number>;
  /** Latency of successful requests, first attempt to answer; null when none succeeded. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** One service in one region: its fleet over the run. */
export interface LaunchServiceRow {
  service: string;
  region: string;
  instances: { start: number; min: number; max: number; end: number };
  /** Autoscaler decisions that changed the fleet ('scaled' events in the log). */
  scalingActions: number;
  /** Requests turned away: no instance in service, or the queue was full. */
  rejected: number;
  utilisation: number | null;
  costUsd: number;
}

/** An infrastructure event worth a line on the timeline (faults, health, routing, breakers, crashes, alerts). */
export interface LaunchEvent {
  timeUs: number;
  kind: EventKind;
  subject: string;
  detail: string;
}

/** The launch-day report: plain data, deterministic (no wall-clock figure), the same for the CLI and the browser. */
export interface LaunchReport {
  schemaVersion: 1;
  scenario: 'launch-day';
  seed: number;
  durationUs: number;
  /** Kernel events handled. */
  events: number;
  digest: string;
  totals: LaunchUserRow;
  /** Per users' region, in the model's order. */
  regions: (LaunchUserRow & { region: string })[];
  /** Per entry endpoint. */
  endpoints: (LaunchUserRow & { endpoint: string })[];
  attempts: { started: number; retries: number; hedges: number; budgetAllowed: number | null; budgetRefused: number | null };
  services: LaunchServiceRow[];
  timeline: LaunchEvent[];
  /** Events the model's log had no room for (its `eventLogMax`); 0 when the timeline is complete. */
  eventLogDropped: number;
  /** Instances, storage and cross-region egress; `egressUsd` is the egress part (0 when endpoints carry no sizes). */
  cost: { totalUsd: number; egressUsd: number; byRegion: { region: string; usd: number; egressUsd: number }[]; perMillionRequestsUsd: number | null };
  /** Conservation violations of the run: empty when every request is accounted for. */
  conservation: string[];
}

/** Routine events summarised elsewhere: scaling as a count per group, instances becoming ready not at all. */
const ROUTINE: ReadonlySet<EventKind> = new Set<EventKind>(['scaled', 'instance-ready']);

/** The autoscaler logs its decisions with the subject "service@region". */
const groupKey = (service: string, region: string): string => `${service}@${region}`;

export function buildLaunchReport(result: ModelResult): LaunchReport {
  const entries = result.eventLog.entries;
  const scaling = new Map<string, number>();
  for (const e of entries) if (e.kind === 'scaled') scaling.set(e.subject, (scaling.get(e.subject) ?? 0) + 1);
  const budget = result.attempts.retryBudget;
  return {
    schemaVersion: 1,
    scenario: 'launch-day',
    seed: result.seed,
    durationUs: result.durationUs,
    events: result.events,
    digest: result.digest,
    totals: userRow(result.users),
    regions: result.regions.map((r) => ({ region: r.region, ...userRow(r) })),
    endpoints: result.endpoints.map((e) => ({ endpoint: e.endpoint, ...userRow(e) })),
    attempts: {
      started: result.attempts.started,
      retries: result.attempts.retries,
      hedges: result.attempts.hedges,
      budgetAllowed: budget?.allowed ?? null,
      budgetRefused: budget?.refused ?? null,
    },
    services: result.services.map((s) => ({
      service: s.service,
      region: s.region,
      instances: { start: s.instances.start, min: s.instances.min, max: s.instances.max, end: s.instances.end },
      scalingActions: scaling.get(groupKey(s.service, s.region)) ?? 0,
      rejected: s.rejected,
      utilisation: s.utilisation,
      costUsd: s.costUsd,
    })),
    timeline: entries.filter((e) => !ROUTINE.has(e.kind)).map(({ timeUs, kind, subject, detail }) => ({ timeUs, kind, subject, detail })),
    eventLogDropped: result.eventLog.dropped,
    cost: {
      totalUsd: result.cost.totalUsd,
      egressUsd: result.cost.egressUsd,
      byRegion: result.cost.byRegion.map((c) => ({ region: c.region, usd: c.usd, egressUsd: c.egressUsd })),
      perMillionRequestsUsd: result.cost.perMillionRequestsUsd,
    },
    conservation: [...result.conservation],
  };
}

function userRow(summary: UserRequestSummary): LaunchUserRow {
  const { started, succeeded, degraded, failed, inFlight, availability, latencyMs } = summary;
  return {
    started,
    succeeded,
    degraded,
    failed,
    inFlight,
    availability,
    failures: { ...summary.failures },
    p50Ms: latencyMs.p50,
    p95Ms: latencyMs.p95,
    p99Ms: latencyMs.p99,
  };
}
