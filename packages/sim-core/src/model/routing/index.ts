// Global routing: region health checks, the per-policy route table, and DNS caching by cohorts.
export { RegionHealth, detectionDelayBoundsUs, validateRegionHealthCheck } from './region-health.js';
export type { RegionHealthThresholds } from './region-health.js';
export { NO_HEALTHY_REGION, ROUTING_POLICIES, RouteTable, resolveRegion } from './route-table.js';
export type { RouteTableConfig } from './route-table.js';
export { DnsCohorts, drainCompleteAtUs } from './dns-cohorts.js';
