// Measurement by ARCHITECTURE §5: impact window, measured RTO and availability over evaluation windows.
export { availabilityOver, seriesEndUs, validateWindowSeries } from './window-series.js';
export type { WindowSeries } from './window-series.js';
export { EVALUATION_WINDOW_US_DEFAULT, RTO_STABILITY_US_DEFAULT, RTO_THRESHOLD_RATIO_DEFAULT, impactWindow, measureRto } from './rto.js';
export type { ImpactWindow, RtoMeasurement, RtoOptions, RtoStatus } from './rto.js';
