import type { ModelConfig, ModelResult, RtoParts, RtoStatus } from '@stormglass/sim-core';
import type { RegionLossDesign } from './region-loss.js';

/** One design's measured figures for the region loss, ARCHITECTURE §5 definitions. */
export interface RegionLossRow {
  design: RegionLossDesign;
  rto: { status: RtoStatus; rtoUs: number | null; parts: RtoParts | null };
  /** The region health verdict's detection, from the fault's start. */
  detectUs: number | null;
  rpoUs: number | null;
  lostWrites: number | null;
  /** Availability of the affected users over the impact window, and of everyone over the run. */
  availabilityDuringImpact: number | null;
  availability: number | null;
  p99Ms: number | null;
  staleReads: number;
  conflicts: number;
  lostUpdates: number;
  costUsd: number;
  /** The cross-region egress part of costUsd (replication, and requests when endpoints carry sizes). */
  egressUsd: number;
  perMillionRequestsUsd: number | null;
  requests: number;
  events: number;
  digest: string;
  conservation: string[];
}

export interface RegionLossReport {
  schemaVersion: 1;
  scenario: 'region-loss';
  seed: number;
  durationUs: number;
  fault: { region: string; startUs: number; durationUs: number | null };
  designs: RegionLossRow[];
}

/** The side-by-side report: plain data, deterministic, the same for the CLI and the browser. */
export function buildRegionLossReport(runs: readonly { design: RegionLossDesign; config: ModelConfig; result: ModelResult }[]): RegionLossReport {
  if (runs.length === 0) throw new RangeError('buildRegionLossReport: no runs');
  const first = runs[0].result;
  const fault = runs[0].config.faults.find((f) => f.kind === 'region-outage');
  return {
    schemaVersion: 1,
    scenario: 'region-loss',
    seed: first.seed,
    durationUs: first.durationUs,
    fault: { region: fault?.kind === 'region-outage' ? fault.region : '', startUs: fault?.startUs ?? 0, durationUs: fault?.durationUs ?? null },
    designs: runs.map(({ design, result }) => row(design, result)),
  };
}

function row(design: RegionLossDesign, result: ModelResult): RegionLossRow {
  const impact = result.operations.faults[0];
  const stores = result.data;
  const sum = (pick: (store: ModelResult['data'][number]) => number): number => stores.reduce((a, store) => a + pick(store), 0);
  return {
    design,
    rto: { status: impact?.rto.status ?? 'no-impact', rtoUs: impact?.rto.rtoUs ?? null, parts: impact?.rtoParts ?? null },
    detectUs: impact?.healthDetectUs ?? null,
    rpoUs: impact?.rpoUs ?? null,
    lostWrites: impact?.lostWrites ?? null,
    availabilityDuringImpact: impact?.rto.availabilityDuringImpact ?? null,
    availability: result.users.availability,
    p99Ms: result.users.latencyMs.p99,
    staleReads: sum((store) => store.staleReads),
    conflicts: sum((store) => store.conflicts),
    lostUpdates: sum((store) => store.lostUpdates),
    costUsd: result.cost.totalUsd,
    egressUsd: result.cost.egressUsd,
    perMillionRequestsUsd: result.cost.perMillionRequestsUsd,
    requests: result.users.started,
    events: result.events,
    digest: result.digest,
    conservation: result.conservation,
  };
}
