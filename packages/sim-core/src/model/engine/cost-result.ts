import type { MetricsCostJSON } from '../observability/metrics-recorder.js';
import type { EngineContext } from './context.js';
import { dataCostByRegion, replicationEgressUsdByRegion } from './data-result.js';

/** One region's cost: everything it is billed for, and the egress part of it. */
export interface RegionCostSummary {
  region: string;
  /** Instances + stores' storage + cross-region egress sent from this region, dollars. */
  usd: number;
  /** Cross-region egress sent from this region (requests and answers, and replication), dollars. */
  egressUsd: number;
}

/**
 * The run's cost (ARCHITECTURE §4): instance-hours × regional price, storage, and cross-region
 * egress × the sending region's price. Egress has two sources: request traffic (users'
 * attempts, answers and internal calls that cross regions, with the endpoints' sizes) and
 * replication (per store, in `data[].egressUsd`). Each dollar is counted once in `totalUsd`.
 */
export interface CostSummary {
  totalUsd: number;
  byRegion: RegionCostSummary[];
  /** totalUsd per million user requests started; null when none started. */
  perMillionRequestsUsd: number | null;
  /** Every cross-region egress dollar: request traffic + replication. */
  egressUsd: number;
  /** The request-traffic part of the egress: bytes and dollars, per sending region (model order). */
  requestEgress: { bytes: number; usd: number; byRegion: { region: string; bytes: number; usd: number }[] };
}

/** The cost part of the result, from the instance costs the services recorder kept per region. */
export function buildCostSummary(ctx: EngineContext, instanceCosts: readonly MetricsCostJSON[], requestsStarted: number): CostSummary {
  const regionIds = ctx.compiled.regionIds;
  const dataUsd = dataCostByRegion(ctx);
  const replicationUsd = replicationEgressUsdByRegion(ctx);
  const egress = ctx.egress;
  const requestEgress = regionIds.map((region, r) => ({ region, bytes: egress.bytesFrom[r], usd: egress.usdFrom(r) }));
  const byRegion = instanceCosts.map((cost): RegionCostSummary => {
    const r = regionIds.indexOf(cost.region);
    return { region: cost.region, usd: cost.totalUsd + dataUsd[r] + requestEgress[r].usd, egressUsd: replicationUsd[r] + requestEgress[r].usd };
  });
  const totalUsd = sum(byRegion.map((cost) => cost.usd));
  return {
    totalUsd,
    byRegion,
    perMillionRequestsUsd: requestsStarted === 0 ? null : (totalUsd / requestsStarted) * 1e6,
    egressUsd: sum(byRegion.map((cost) => cost.egressUsd)),
    requestEgress: { bytes: sum(requestEgress.map((e) => e.bytes)), usd: sum(requestEgress.map((e) => e.usd)), byRegion: requestEgress },
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
