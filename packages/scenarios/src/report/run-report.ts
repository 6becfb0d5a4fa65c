import type { FaultImpact, LatencySummaryMs, ModelResult, StoreResultJSON, UserRequestSummary } from '@stormglass/sim-core';
import { evaluateInvariants, evaluateTargets } from '../check/evaluate.js';
import type { Evaluation } from '../check/evaluate.js';
import type { Scenario } from '../language/scenario-types.js';

/**
 * The JSON report of one run (issue 6's stable contract, schemaVersion 1): other tools read it,
 * so these keys are fixed (more may be added). Milliseconds and dollars are numbers; a figure
 * that does not exist is null (`rtoMs` of a fault never recovered). Everything outside `run` is
 * identical between identical runs: `run` holds the wall-clock figures.
 */
export interface RunReport {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  fidelity: 'request';
  durationMs: number;
  digest: string;
  requests: { started: number; succeeded: number; degraded: number; failed: number; inFlight: number };
  latencyMs: LatencySummaryMs;
  availability: number | null;
  regions: RegionRow[];
  endpoints: EndpointRow[];
  faults: FaultRow[];
  stores: StoreRow[];
  costUsd: number;
  cost: { perMillionRequestsUsd: number | null; egressUsd: number; byRegion: { region: string; usd: number }[] };
  targets: Evaluation[];
  invariants: Evaluation[];
  /** Every target and invariant passed. */
  pass: boolean;
  run: { wallMs: number; events: number; stoppedBy: string };
}

export interface RegionRow {
  /** The users' region. */
  region: string;
  started: number;
  succeeded: number;
  failed: number;
  availability: number | null;
  latencyMs: LatencySummaryMs;
}

export interface EndpointRow {
  endpoint: string;
  started: number;
  succeeded: number;
  failed: number;
  availability: number | null;
  latencyMs: LatencySummaryMs;
}

export interface FaultRow {
  kind: string;
  /** The faulted part: a region, `service@region`, a dependency, a link `a<->b`, a store. */
  target: string;
  startMs: number;
  /** `recovered`, `not-recovered` or `no-impact` (ARCHITECTURE §5). */
  rtoStatus: string;
  /** null when not recovered within the run; 0 without impact. */
  rtoMs: number | null;
  /** The failover's parts when one ran for this fault. */
  rtoParts: { detectMs: number; decideMs: number; promoteMs: number; redirectMs: number } | null;
  /** 0 when no acknowledged write was lost. */
  rpoMs: number;
  lostWrites: number;
  /** First alert naming the faulted part; null when none did. */
  timeToDetectMs: number | null;
  availabilityDuringImpact: number | null;
  splitBrainWrites: number;
  fencedWrites: number;
  residencyViolations: number;
  staleReads: number;
  pages: number;
}

/** A store's figures over the run, as the engine reports them. */
export type StoreRow = Pick<StoreResultJSON, 'store' | 'mode' | 'primaryAtEnd' | 'reads' | 'writes' | 'staleReads' | 'lostWrites'>;

const ms = (us: number): number => us / 1000;

function requestRow(summary: UserRequestSummary): Omit<RegionRow, 'region'> {
  return { started: summary.started, succeeded: summary.succeeded, failed: summary.failed, availability: summary.availability, latencyMs: summary.latencyMs };
}

function faultRow(impact: FaultImpact): FaultRow {
  const parts = impact.rtoParts;
  return {
    kind: impact.kind,
    target: impact.subject,
    startMs: ms(impact.startUs),
    rtoStatus: impact.rto.status,
    rtoMs: impact.rto.rtoUs === null ? null : ms(impact.rto.rtoUs),
    rtoParts: parts === null ? null : { detectMs: ms(parts.detectUs), decideMs: ms(parts.decideUs), promoteMs: ms(parts.promoteUs), redirectMs: ms(parts.redirectUs) },
    rpoMs: ms(impact.rpoUs ?? 0),
    lostWrites: impact.lostWrites ?? 0,
    timeToDetectMs: impact.timeToDetectUs === null ? null : ms(impact.timeToDetectUs),
    availabilityDuringImpact: impact.rto.availabilityDuringImpact,
    splitBrainWrites: impact.splitBrainWrites,
    fencedWrites: impact.fencedWrites,
    residencyViolations: impact.residencyViolations,
    staleReads: impact.window.staleReads,
    pages: impact.pages,
  };
}

/** The report of `result`, a run of `scenario`, with its targets and invariants evaluated. */
export function buildRunReport(scenario: Scenario, result: ModelResult, wallMs: number): RunReport {
  const targets = evaluateTargets(scenario.targets, result);
  const invariants = evaluateInvariants(scenario.invariants, scenario, result);
  return {
    schemaVersion: 1,
    scenario: scenario.name,
    seed: result.seed,
    fidelity: 'request',
    durationMs: ms(result.durationUs),
    digest: result.digest,
    requests: { started: result.users.started, succeeded: result.users.succeeded, degraded: result.users.degraded, failed: result.users.failed, inFlight: result.users.inFlight },
    latencyMs: result.users.latencyMs,
    availability: result.users.availability,
    regions: result.regions.map((r) => ({ region: r.region, ...requestRow(r) })),
    endpoints: result.endpoints.map((e) => ({ endpoint: e.endpoint, ...requestRow(e) })),
    faults: result.operations.faults.map(faultRow),
    stores: result.data.map((s) => ({ store: s.store, mode: s.mode, primaryAtEnd: s.primaryAtEnd, reads: s.reads, writes: s.writes, staleReads: s.staleReads, lostWrites: s.lostWrites })),
    costUsd: result.cost.totalUsd,
    cost: { perMillionRequestsUsd: result.cost.perMillionRequestsUsd, egressUsd: result.cost.egressUsd, byRegion: result.cost.byRegion.map((r) => ({ region: r.region, usd: r.usd })) },
    targets,
    invariants,
    pass: targets.every((t) => t.pass) && invariants.every((i) => i.pass),
    run: { wallMs, events: result.events, stoppedBy: String(result.stoppedBy) },
  };
}

/** The worst RTO over the faults that had an impact: null when one never recovered, 0 without any. */
export function worstRtoMs(report: RunReport): number | null {
  const rtos = report.faults.filter((f) => f.rtoStatus !== 'no-impact').map((f) => f.rtoMs);
  return rtos.includes(null) ? null : Math.max(0, ...(rtos as number[]));
}

/** The worst RPO over the faults, ms (0 when none lost a write). */
export function worstRpoMs(report: RunReport): number {
  return Math.max(0, ...report.faults.map((f) => f.rpoMs));
}
