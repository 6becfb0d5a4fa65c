import type { FaultConfig } from '../fault.js';
import type { RtoParts } from '../ops/failover/failover-plan.js';
import { rtoParts } from '../ops/failover/failover-plan.js';
import { measureRto } from '../ops/measure/rto.js';
import type { RtoMeasurement } from '../ops/measure/rto.js';
import { DEP_CACHE, DEP_DATASTORE, DEP_INTERNAL } from './compiled.js';
import type { EngineContext } from './context.js';
import type { MetricsCostJSON } from '../observability/metrics-recorder.js';
import { STORAGE_MONTH_US } from '../ops/backup/backup-cost.js';
import { faultSubject } from './fault-labels.js';
import type { DeletionRecord } from './restores.js';

/** What one fault did, by ARCHITECTURE §5 (the figures the issue asks for, per fault). */
export interface FaultImpact {
  fault: number;
  kind: FaultConfig['kind'];
  subject: string;
  startUs: number;
  /** The affected population's user cells ("region/endpoint"): those the faulted part served before it. */
  affected: string[];
  rto: RtoMeasurement;
  /** The failover's parts when one ran for this fault (detect, decide, promote, redirect), else null. */
  rtoParts: RtoParts | null;
  /** First alert naming the faulted part, minus the fault's start; null when none did. */
  timeToDetectUs: number | null;
  /** The region health verdict's detection of the faulted region, minus the fault's start; null when none. */
  healthDetectUs: number | null;
  /** Lost acknowledged writes and RPO over the stores this fault cost a primary or a writer region; null when none. */
  lostWrites: number | null;
  rpoUs: number | null;
  /** Pages sent from the fault's start to its recovery (or the run's end). */
  pages: number;
  /** A data deletion's restore from backups (ops/backup RestorePlan), else null. */
  restore: RestoreImpact | null;
  /**
   * Writes a side accepted while this fault (a link partition) split a store: a deposed
   * primary's (lost, in lostWrites) or a multi-writer side's (reconciled by LWW); 0 for other faults.
   */
  splitBrainWrites: number;
  /** Writes the stores' fencing policies refused while this fault (a link partition) was in force. */
  fencedWrites: number;
  /** Residency violations recorded from the fault's start to its recovery (or the run's end). */
  residencyViolations: number;
  /**
   * Over the metrics intervals from the one the fault starts in to the one it recovers in (or
   * the run's end): stale reads, multi-writer conflicts and lost updates, and what instances
   * and storage cost (egress is billed per run, not per interval, so it is not in it).
   */
  window: { fromUs: number; toUs: number; staleReads: number; conflicts: number; lostUpdates: number; costUsd: number };
}

/**
 * A data deletion's restore: RPO = deletion − restoredToUs (§5: the time of the backup
 * restored), planned RTO = detection + Σ steps + size / rate (+ log replay). Times in µs;
 * the plan's fields are null while the deletion is undetected (or without backups).
 */
export interface RestoreImpact {
  /** Whether the store has backups at all. */
  backups: boolean;
  /** Restored within the run. */
  restored: boolean;
  /** Another deletion's restore was running: this one was restored with it. */
  absorbed: boolean;
  detectedAtUs: number | null;
  detectUs: number | null;
  restoredToUs: number | null;
  baseSnapshotUs: number | null;
  restoreDurationUs: number | null;
  restoredAtUs: number | null;
  /** restoredAtUs − the deletion: the restore's own RTO (the measured one is `rto`). */
  plannedRtoUs: number | null;
  steps: { step: string; startUs: number; endUs: number }[];
  /** Operations answered with an error because the data was gone. */
  failedOperations: number;
}

/** The user cells the fault's target served before it started (a snapshot at the start). */
export function affectedCells(ctx: EngineContext, fault: FaultConfig): boolean[] {
  const windows = ctx.userCounters;
  const region = (id: string): number => ctx.network.regionIndex(id);
  const all = (): boolean[] => new Array<boolean>(windows.cells).fill(true);
  switch (fault.kind) {
    case 'region-outage':
    case 'zone-outage':
    case 'instance-crash':
    case 'capacity-quota':
      return windows.cellsServedBy(region(fault.region));
    case 'dependency-outage':
    case 'dependency-brownout':
    case 'cache-flush': {
      const d = ctx.config.dependencies.findIndex((dependency) => dependency.id === fault.dependency);
      const reach = reachingCells(ctx, (k) => k === d);
      const served = fault.region === undefined ? all() : windows.cellsServedBy(region(fault.region));
      return reach.map((r, cell) => r && served[cell]);
    }
    case 'link-partition':
    case 'link-degradation': {
      const [a, b] = [region(fault.between[0]), region(fault.between[1])];
      const byA = windows.cellsServedBy(a);
      const byB = windows.cellsServedBy(b);
      return byA.map((x, cell) => x || byB[cell] || usersRegionOf(ctx, cell) === a || usersRegionOf(ctx, cell) === b);
    }
    case 'traffic-spike':
      return fault.region === undefined ? all() : all().map((_, cell) => usersRegionOf(ctx, cell) === region(fault.region as string));
    case 'primary-failure':
    case 'replication-stall':
    case 'data-deletion': {
      const s = (ctx.config.dataStores ?? []).findIndex((store) => store.id === fault.store);
      // A partitioned store's dependency reaches each of its zones' stores.
      const reaches = (store: number): boolean => store === s || (store < 0 && ctx.partitions[-store - 1].stores.includes(s));
      return reachingCells(ctx, (k) => ctx.compiled.dependencies[k].kind === DEP_DATASTORE && reaches(ctx.compiled.dependencies[k].store));
    }
    case 'bad-deploy':
      return badDeployCells(ctx, fault.service);
    default: {
      const unreachable: never = fault;
      throw new Error(`unreachable fault kind ${String((unreachable as FaultConfig).kind)}`);
    }
  }
}

/** A bad deploy: the cells whose entry endpoint reaches the service, served by the regions its deployments touch. */
function badDeployCells(ctx: EngineContext, serviceId: string): boolean[] {
  const s = ctx.compiled.serviceIds.indexOf(serviceId);
  const reach = s === ctx.compiled.entryService ? new Array<boolean>(ctx.userCounters.cells).fill(true) : reachingCells(ctx, (k) => ctx.compiled.dependencies[k].kind === DEP_INTERNAL && ctx.compiled.dependencies[k].service === s);
  const served = new Array<boolean>(ctx.userCounters.cells).fill(false);
  for (const rollout of ctx.deploys?.rollouts ?? []) {
    if (rollout.service !== s) continue;
    ctx.userCounters.cellsServedBy(rollout.region).forEach((chosen, cell) => (served[cell] = served[cell] || chosen));
  }
  return reach.map((r, cell) => r && served[cell]);
}

function usersRegionOf(ctx: EngineContext, cell: number): number {
  return Math.floor(cell / ctx.compiled.entryEndpoints.length);
}

/** Cells whose entry endpoint calls, directly or through services and caches, a dependency `hits` matches. */
function reachingCells(ctx: EngineContext, hits: (dependency: number) => boolean): boolean[] {
  const compiled = ctx.compiled;
  const memo = new Map<number, boolean>();
  const endpointReaches = (e: number): boolean => {
    const known = memo.get(e);
    if (known !== undefined) return known;
    memo.set(e, false);
    const found = compiled.endpoints[e].steps.some((step) => Array.from(step).some(dependencyReaches));
    memo.set(e, found);
    return found;
  };
  const dependencyReaches = (d: number): boolean => {
    if (hits(d)) return true;
    const dependency = compiled.dependencies[d];
    if (dependency.kind === DEP_INTERNAL) return endpointReaches(dependency.endpoint);
    return dependency.kind === DEP_CACHE && dependencyReaches(dependency.miss);
  };
  const endpoints = compiled.entryEndpoints.length;
  return Array.from({ length: ctx.userCounters.cells }, (_, cell) => endpointReaches(compiled.entryEndpoints[cell % endpoints]));
}

/** Every fault's impact, from the snapshots taken at its start and what the run recorded. */
export function buildFaultImpacts(ctx: EngineContext, affected: readonly (boolean[] | null)[], instanceCosts: readonly MetricsCostJSON[]): FaultImpact[] {
  const impacts: FaultImpact[] = [];
  const endpoints = ctx.compiled.entryEndpoints.length;
  ctx.config.faults.forEach((fault, i) => {
    const cells = affected[i];
    if (cells === null || fault.startUs > ctx.sim.nowUs) return;
    const rto = measureRto(ctx.userCounters.series(cells), fault.startUs);
    const losses = ctx.data.stores.flatMap((st) => st.losses.filter((loss) => loss.fault === i));
    const regionLosses = ctx.data.stores.flatMap((st) => st.regionLosses.filter((loss) => loss.fault === i));
    const promoted = losses.filter((loss) => loss.promotion !== null);
    const lossCount = promoted.length + regionLosses.length;
    let parts: RtoParts | null = null;
    for (const loss of promoted) {
      const history = ctx.ops.controllers[loss.store]?.history ?? [];
      const record = history.find((entry) => entry.detectedAtUs >= fault.startUs && entry.promotedAtUs === loss.promotion?.promotedAtUs);
      if (record !== undefined && parts === null) parts = rtoParts(record, fault.startUs);
    }
    const subjectRegion = faultRegion(ctx, fault, losses.length > 0 ? losses[0].lostPrimaryRegion : -1);
    const health = subjectRegion < 0 ? undefined : ctx.ops.healthChanges.find((change) => change.region === subjectRegion && !change.healthy && change.atUs >= fault.startUs);
    const evaluator = ctx.ops.evaluator;
    const endUs = rto.recoveredAtUs ?? ctx.sim.nowUs;
    const deletion = ctx.restores.records.find((record) => record.fault === i);
    const restore = deletion === undefined ? null : restoreImpact(ctx, deletion);
    const splitBrainLost = losses.reduce((a, loss) => a + loss.splitBrainWrites, 0);
    const lost = lossCount === 0 ? null : promoted.reduce((a, loss) => a + (loss.promotion?.lostWrites ?? 0), 0) + regionLosses.reduce((a, loss) => a + loss.lostWrites, 0) + splitBrainLost;
    const rpo = lossCount === 0 ? null : Math.max(0, ...promoted.map((loss) => loss.promotion?.rpoUs ?? 0), ...regionLosses.map((loss) => loss.rpoUs));
    impacts.push({
      fault: i,
      kind: fault.kind,
      subject: faultSubject(fault),
      startUs: fault.startUs,
      affected: cells.flatMap((chosen, cell) => (chosen ? [`${ctx.compiled.regionIds[Math.floor(cell / endpoints)]}/${ctx.compiled.endpoints[ctx.compiled.entryEndpoints[cell % endpoints]].name}`] : [])),
      rto,
      rtoParts: parts,
      timeToDetectUs: evaluator === null || subjectRegion < 0 ? null : evaluator.timeToDetect(fault.startUs, { region: ctx.compiled.regionIds[subjectRegion] }),
      healthDetectUs: health === undefined ? null : health.atUs - fault.startUs,
      lostWrites: deletion === undefined ? lost : deletion.lostWrites,
      // An absorbed deletion is restored with the one before it: no restore point of its own.
      rpoUs: deletion === undefined ? rpo : deletion.restoredToUs === null || deletion.absorbed ? null : deletion.deletionUs - deletion.restoredToUs,
      pages: evaluator === null ? 0 : evaluator.pages.filter((page) => page.atUs >= fault.startUs && page.atUs < endUs).length,
      restore,
      splitBrainWrites: ctx.data.stores.reduce((a, st) => a + st.splitBrainByFault[i], 0),
      fencedWrites: ctx.data.stores.reduce((a, st) => a + st.fencedByFault[i], 0),
      residencyViolations: ctx.residency.violationsBetween(fault.startUs, endUs),
      window: impactWindowFigures(ctx, instanceCosts, fault.startUs, endUs),
    });
  });
  return impacts;
}

/** The region a fault's subject is in, for time to detect: its region, or the lost primary's; -1 when it has none. */
function faultRegion(ctx: EngineContext, fault: FaultConfig, lostPrimaryRegion: number): number {
  if ('region' in fault && typeof fault.region === 'string') return ctx.network.regionIndex(fault.region);
  if (fault.kind === 'primary-failure') return lostPrimaryRegion;
  if (fault.kind === 'data-deletion') {
    const st = ctx.data.stores.find((store) => store.config.id === fault.store);
    return st === undefined ? -1 : st.regions[st.primaryMember];
  }
  return -1;
}

function restoreImpact(ctx: EngineContext, deletion: DeletionRecord): RestoreImpact {
  const plan = deletion.plan;
  const backups = deletion.restoredToUs !== null;
  return {
    backups,
    restored: plan !== null && plan.restoredAtUs <= ctx.sim.nowUs,
    absorbed: deletion.absorbed,
    detectedAtUs: deletion.detectedUs,
    detectUs: plan?.detectUs ?? null,
    restoredToUs: deletion.restoredToUs,
    baseSnapshotUs: plan?.baseSnapshotUs ?? null,
    restoreDurationUs: plan?.restoreDurationUs ?? null,
    restoredAtUs: plan?.restoredAtUs ?? null,
    plannedRtoUs: plan?.rtoUs ?? null,
    steps: plan === null ? [] : plan.steps.map((step) => ({ step: step.step, startUs: step.startUs, endUs: step.endUs })),
    failedOperations: deletion.failedOperations,
  };
}

/** Stale reads, conflicts, lost updates and instance + storage cost over the metrics ticks covering [fromUs, toUs). */
function impactWindowFigures(ctx: EngineContext, instanceCosts: readonly MetricsCostJSON[], fromUs: number, toUs: number): FaultImpact['window'] {
  const interval = ctx.config.metrics.intervalUs;
  const first = Math.floor(fromUs / interval);
  const last = Math.max(first, Math.ceil(toUs / interval) - 1);
  const counts = { staleReads: 0, conflicts: 0, lostUpdates: 0 };
  for (const st of ctx.data.stores) {
    const part = st.ticks.between(first, last);
    counts.staleReads += part.staleReads;
    counts.conflicts += part.conflicts;
    counts.lostUpdates += part.lostUpdates;
  }
  const windowFromUs = first * interval;
  const windowToUs = Math.min((last + 1) * interval, ctx.config.durationUs);
  let costUsd = 0;
  for (const cost of instanceCosts) for (let t = first; t <= last && t < cost.usd.length; t++) costUsd += cost.usd[t];
  for (const st of ctx.data.stores) costUsd += (st.config.storageGB * st.members * st.config.storagePriceUsdPerGBMonth * (windowToUs - windowFromUs)) / STORAGE_MONTH_US;
  return { fromUs: windowFromUs, toUs: windowToUs, ...counts, costUsd };
}
