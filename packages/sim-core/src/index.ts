// @stormglass/sim-core: the deterministic kernel and the infrastructure model.
// Pure: no I/O, no wall clock, no global randomness; runs unchanged in Node and the browser.

// Kernel
export { assert, describeValue } from './assert.js';
export { EVENTS_MAX_DEFAULT, Simulation } from './kernel/simulation.js';
export type { EventHandler, RunBounds, RunResult, SimulationOptions, StoppedBy } from './kernel/simulation.js';
export { RandomStream } from './kernel/random-stream.js';
export { TraceDigest, hashName } from './kernel/trace-digest.js';

// Distributions
export {
  DISTRIBUTION_DRAWS_PER_SAMPLE,
  NORMAL_Z99,
  distributionConstant,
  distributionEmpirical,
  distributionExponential,
  distributionFromQuantile,
  distributionLognormal,
  distributionNormal,
  distributionPareto,
  distributionUniform,
  distributionUnitDraw,
  erfc,
  normalCdf,
  normalInverseCdf,
  normalPdf,
} from './distributions/index.js';
export type {
  Distribution,
  DistributionEmpiricalPoint,
  DistributionKind,
  DistributionLognormalParams,
  DistributionNormalOptions,
  DistributionParetoParams,
} from './distributions/index.js';

// Units
export {
  BANDWIDTH_SPELLINGS,
  DURATION_SPELLINGS,
  MONEY_PERS,
  MONEY_SPELLINGS,
  RATE_SPELLINGS,
  SIZE_SPELLINGS,
  UNIT_SPELLINGS,
  UnitError,
  formatDuration,
  formatRate,
  levenshtein,
  parseBandwidth,
  parseDuration,
  parseMoney,
  parsePercent,
  parseQuantity,
  parseRate,
  parseSize,
} from './units/index.js';
export type { DurationOptions, DurationUnit, Money, MoneyPer, PercentOptions, UnitErrorDetails, UnitKind } from './units/index.js';

// Metrics
export { HISTOGRAM_RELATIVE_ERROR_MAX, HISTOGRAM_ZERO_THRESHOLD, Histogram } from './metrics/histogram.js';
export type { HistogramJSON } from './metrics/histogram.js';
export { TIME_SERIES_BUCKETS_MAX, TimeSeries } from './metrics/time-series.js';
export type { TimeSeriesAggregate, TimeSeriesJSON, TimeSeriesOptions } from './metrics/time-series.js';

// Queueing: the M/M/c lesson and its analytic oracle
export { erlangB, erlangC, mmcAnalytic } from './queueing/erlang.js';
export type { MmcAnalytic, MmcParameters } from './queueing/erlang.js';
export { MMC_BATCHES, runMmc } from './queueing/mmc-model.js';
export type { MmcOptions, MmcResult } from './queueing/mmc-model.js';
