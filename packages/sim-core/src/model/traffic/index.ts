// Traffic generation: rate profiles over time, Poisson arrivals by thinning, and the
// per-region user populations with their endpoint mix.

export { ARRIVAL_WINDOW_US_DEFAULT, ArrivalProcess } from './arrivals.js';
export type { ArrivalProcessOptions } from './arrivals.js';
export { EndpointPicker, validateMix, validatePopulation } from './population.js';
export type { EndpointMixEntry, PopulationConfig } from './population.js';
export { DIURNAL_PERIOD_US_DEFAULT } from './rate-diurnal.js';
export type { RateDiurnalConfig } from './rate-diurnal.js';
export type { RateLaunchConfig } from './rate-launch.js';
export type { RateConstantConfig, RateRampConfig, RateSpikeConfig } from './rate-linear.js';
export { RATE_MAX_MARGIN } from './rate-max-margin.js';
export { overlayFactorAt, validateOverlays } from './rate-overlay.js';
export type { RateOverlay } from './rate-overlay.js';
export type { RatePiecewiseConfig, RatePiecewiseInterpolation, RatePiecewisePoint } from './rate-piecewise.js';
export { integrateRate, rateAt, rateMax, validateRateProfile } from './rate-profile.js';
export type { RateProfileConfig, RateProfileKind } from './rate-profile.js';
