import type { AlertReport } from '../ops/alerts/alert-report.js';
import { BYTES_PER_GB, STORAGE_MONTH_US, backupStorageCostUsd } from '../ops/backup/backup-cost.js';
import type { FailoverRecord } from '../ops/failover/failover-controller.js';
import type { MetricsCostJSON } from '../observability/metrics-recorder.js';
import type { EngineContext } from './context.js';
import type { ResidencyResultJSON } from './residency.js';
import { buildDeploymentResults, buildMigrationResult } from './deploy-result.js';
import type { DeploymentResultJSON, MigrationResultJSON } from './deploy-result.js';
import { buildFaultImpacts } from './fault-impact.js';
import type { FaultImpact } from './fault-impact.js';

/** One primary loss of a store and how it ended (promotion, recovery, or neither by the end). */
export interface StoreLossJSON {
  fault: number;
  faultUs: number;
  lostPrimary: string;
  failedWrites: number;
  promotedAtUs: number | null;
  newPrimary: string | null;
  lostWrites: number;
  rpoUs: number;
  survivedUnacknowledged: number;
  recoveredAtUs: number | null;
  /** Writes the old primary accepted after this promotion deposed it alive (split brain), lost at reconciliation. */
  splitBrainWrites: number;
}

export interface StoreMemberJSON {
  region: string;
  role: 'primary' | 'replica' | 'writer';
  reads: number;
  /** Writes its fencing policy refused. */
  fencedWrites: number;
  staleReads: number;
  throttled: number;
  /** Replication lag at each metrics tick, ms (null while the member is down or the primary is lost). */
  lagMs: (number | null)[];
  maxLagMs: number | null;
}

export interface StoreResultJSON {
  store: string;
  mode: string;
  primaryAtEnd: string;
  reads: number;
  writes: number;
  staleReads: number;
  /** Writes the store acknowledged (the log's commit point; multi-writer: every local write). */
  acknowledgedWrites: number;
  /** Writes whose callers heard the acknowledgement (the call succeeded). */
  acknowledgedToCallers: number;
  /** Acknowledged writes gone for good (promotions, or a writer region lost before shipping them). */
  lostWrites: number;
  failedWrites: number;
  blockedWrites: number;
  /** Semi-sync writes acknowledged at the timeout without a replica. */
  degradations: number;
  conflicts: number;
  lostUpdates: number;
  /**
   * Writes a side accepted while the store was split by a partition: single-primary, those a
   * deposed primary took (all lost, in lostWrites); multi-writer, those made while the members
   * were apart (reconciled by last-writer-wins; the losses are lostUpdates).
   */
  splitBrainWrites: number;
  /** Writes the fencing policy refused (a fenced or minority member). */
  fencedWrites: number;
  fencing: string;
  members: StoreMemberJSON[];
  losses: StoreLossJSON[];
  regionLosses: { fault: number; faultUs: number; region: string; lostWrites: number; rpoUs: number }[];
  /** Per metrics tick: stale reads, conflicts and lost updates in it (the visualizer's series). */
  series: { staleReads: number[]; conflicts: number[]; lostUpdates: number[] };
  /** Operations by the region of their caller (stale reads per region, as ARCHITECTURE §5 reports them). */
  callers: { region: string; reads: number; writes: number; staleReads: number }[];
  /** Data deletions of this store and their restores from backups. */
  deletions: { fault: number; deletionUs: number; restoredToUs: number | null; restoredAtUs: number | null; lostWrites: number; failedOperations: number }[];
  egressGB: number;
  egressUsd: number;
  storageUsd: number;
  /** The backups' retained snapshots at the store's storage price, billed to the primary's region at the start. */
  backupStorageUsd: number;
  /** The replication log's conservation laws that fail (empty: all hold). */
  conservation: string[];
}

export interface OperationsResultJSON {
  alerts: AlertReport | null;
  failovers: { store: string; history: (FailoverRecord & { failedRegionId: string; newPrimaryId: string })[]; ignored: number }[];
  faults: FaultImpact[];
  /** Residency violations (null without a residency section). */
  residency: ResidencyResultJSON | null;
  /** Every deployment per region, once started (deploy-result.ts). */
  deployments: DeploymentResultJSON[];
  /** Null without a migration. */
  migration: MigrationResultJSON | null;
}

export function buildStoreResults(ctx: EngineContext): StoreResultJSON[] {
  const regionIds = ctx.compiled.regionIds;
  const now = ctx.sim.nowUs;
  return ctx.data.stores.map((st) => {
    const log = st.log;
    const multi = st.multi;
    // The log's clock is its latest call; bring it to now, so acknowledgements due by now count.
    log?.acknowledgedPosition(now);
    const storageUsd = (st.config.storageGB * st.members * st.config.storagePriceUsdPerGBMonth * now) / STORAGE_MONTH_US;
    const lostByRegionLoss = st.regionLosses.reduce((a, loss) => a + loss.lostWrites, 0);
    const deletions = ctx.restores.records.filter((record) => record.store === st.index);
    const lostByDeletion = deletions.reduce((a, record) => a + record.lostWrites, 0);
    const members = Array.from(st.regions, (r, m): StoreMemberJSON => {
      const lag = st.lagMs[m].filter((v): v is number => v !== null);
      return {
        region: regionIds[r],
        role: multi !== null ? 'writer' : m === st.primaryMember ? 'primary' : 'replica',
        reads: st.memberReads[m],
        fencedWrites: st.fencedWrites[m],
        staleReads: multi !== null ? multi.staleReadsByRegion[m] : st.memberStaleReads[m],
        throttled: st.throttled[m],
        lagMs: st.lagMs[m],
        maxLagMs: lag.length === 0 ? null : Math.max(...lag),
      };
    });
    return {
      store: st.config.id,
      mode: st.config.mode,
      primaryAtEnd: regionIds[st.regions[st.primaryMember]],
      reads: sum(st.readsByRegion),
      writes: sum(st.writesByRegion),
      staleReads: sum(st.staleReadsByRegion),
      acknowledgedWrites: log !== null ? log.acknowledgedWrites + st.splitBrainWrites : sum(multi?.writesByRegion ?? []),
      acknowledgedToCallers: st.acknowledgedToCallers,
      lostWrites: (log === null ? 0 : log.lostWrites + st.splitBrainWrites) + lostByRegionLoss + lostByDeletion,
      failedWrites: log?.failedWrites ?? 0,
      blockedWrites: log?.blockedWrites ?? 0,
      degradations: log?.degradations ?? 0,
      conflicts: multi?.conflicts ?? 0,
      lostUpdates: multi?.lostUpdates ?? 0,
      splitBrainWrites: st.splitBrainWrites,
      fencedWrites: sum(st.fencedWrites),
      fencing: st.fencing,
      members,
      losses: st.losses.map((loss) => ({
        fault: loss.fault,
        faultUs: loss.faultUs,
        lostPrimary: regionIds[loss.lostPrimaryRegion],
        failedWrites: loss.failedWrites,
        promotedAtUs: loss.promotion?.promotedAtUs ?? null,
        newPrimary: loss.newPrimaryRegion < 0 ? null : regionIds[loss.newPrimaryRegion],
        lostWrites: loss.promotion?.lostWrites ?? 0,
        rpoUs: loss.promotion?.rpoUs ?? 0,
        survivedUnacknowledged: loss.promotion?.survivedUnacknowledged ?? 0,
        recoveredAtUs: loss.recoveredAtUs < 0 ? null : loss.recoveredAtUs,
        splitBrainWrites: loss.splitBrainWrites,
      })),
      regionLosses: st.regionLosses.map((loss) => ({ fault: loss.fault, faultUs: loss.faultUs, region: regionIds[loss.region], lostWrites: loss.lostWrites, rpoUs: loss.rpoUs })),
      series: { staleReads: [...st.ticks.staleReads], conflicts: [...st.ticks.conflicts], lostUpdates: [...st.ticks.lostUpdates] },
      callers: Array.from(st.readsByRegion, (reads, r) => ({ region: regionIds[r], reads, writes: st.writesByRegion[r], staleReads: st.staleReadsByRegion[r] })).filter((c) => c.reads + c.writes > 0),
      deletions: deletions.map((record) => ({
        fault: record.fault,
        deletionUs: record.deletionUs,
        restoredToUs: record.restoredToUs,
        restoredAtUs: record.plan !== null && record.plan.restoredAtUs <= now ? record.plan.restoredAtUs : null,
        lostWrites: record.lostWrites,
        failedOperations: record.failedOperations,
      })),
      egressGB: sum(st.egressBytes) / BYTES_PER_GB,
      egressUsd: st.egressUsd,
      storageUsd,
      backupStorageUsd: backupStorageUsdOf(ctx, st.index),
      conservation: log === null ? [] : log.checkConservation(),
    };
  });
}

export function buildOperationsResult(ctx: EngineContext, affected: readonly (boolean[] | null)[], instanceCosts: readonly MetricsCostJSON[]): OperationsResultJSON {
  const regionIds = ctx.compiled.regionIds;
  const evaluator = ctx.ops.evaluator;
  return {
    alerts: evaluator === null ? null : evaluator.report(ctx.sim.nowUs),
    failovers: ctx.ops.controllers.flatMap((controller, s) =>
      controller === null
        ? []
        : [
            {
              store: ctx.data.stores[s].config.id,
              history: controller.history.map((record) => ({ ...record, failedRegionId: regionIds[record.failedRegion], newPrimaryId: regionIds[record.newPrimary] })),
              ignored: controller.ignoredWhileFailingOver + controller.ignoredNotPrimary,
            },
          ],
    ),
    faults: buildFaultImpacts(ctx, affected, instanceCosts),
    residency: ctx.residency.result(),
    deployments: buildDeploymentResults(ctx),
    migration: buildMigrationResult(ctx),
  };
}

/** Storage and replication egress per region, for the run's cost. */
export function dataCostByRegion(ctx: EngineContext): Float64Array {
  const usd = replicationEgressUsdByRegion(ctx);
  const now = ctx.sim.nowUs;
  for (const st of ctx.data.stores) {
    for (const r of st.regions) usd[r] += (st.config.storageGB * st.config.storagePriceUsdPerGBMonth * now) / STORAGE_MONTH_US;
    usd[ctx.network.regionIndex(st.config.primary)] += backupStorageUsdOf(ctx, st.index);
  }
  return usd;
}

/** Store s's backup storage over the run so far (0 without backups). */
function backupStorageUsdOf(ctx: EngineContext, s: number): number {
  const st = ctx.data.stores[s];
  const backup = (ctx.config.backups ?? []).find((b) => b.store === st.config.id);
  return backup === undefined ? 0 : backupStorageCostUsd(backup, st.config.storagePriceUsdPerGBMonth, ctx.sim.nowUs);
}

/** Replication egress per sending region: bytes shipped × the region's egress price. */
export function replicationEgressUsdByRegion(ctx: EngineContext): Float64Array {
  const usd = new Float64Array(ctx.n);
  for (const st of ctx.data.stores) st.egressBytes.forEach((bytes, r) => (usd[r] += (bytes / BYTES_PER_GB) * ctx.config.regions[r].egressPriceUsdPerGB));
  return usd;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
