// Data-layer consistency: multi-writer last-writer-wins replication (conflicts, lost updates,
// stale reads), split brain over a partition with and without fencing, and data residency.
export { MULTI_WRITER_CELLS_MAX, MULTI_WRITER_REGIONS_MAX, validateMultiWriter } from './multi-writer-config.js';
export type { MultiWriterConfig } from './multi-writer-config.js';
export { MultiWriterStore } from './multi-writer-store.js';
export type { UnshippedWrites } from './multi-writer-store.js';
export { FENCING_POLICIES, validateSplitBrain } from './split-brain-config.js';
export type { FencingPolicy, SplitBrainConfig } from './split-brain-config.js';
export { PartitionSides, WRITE_ACCEPTED, WRITE_DOOMED, WRITE_REJECTED, planSplitBrain } from './partition-sides.js';
export type { PartitionSide, SplitBrainPlan, SplitBrainVerdict } from './partition-sides.js';
export { validateResidency } from './residency-config.js';
export type { ResidencyConfig, ResidencyZone } from './residency-config.js';
export { RESIDENCY_REASONS, ResidencyGuard } from './residency-guard.js';
export type { ResidencyGuardOptions, ResidencyReason, ResidencyViolation } from './residency-guard.js';
export { PartitionedHomes, foreignAccessExtraUs, validatePartitionedHomes } from './partitioned-homes.js';
export type { PartitionedHomesConfig } from './partitioned-homes.js';
