// The distributions' public surface, gathered in one place for the package entry point.
export { DISTRIBUTION_DRAWS_PER_SAMPLE, distributionFromQuantile, distributionUnitDraw } from './distribution.js';
export type { Distribution, DistributionKind } from './distribution.js';
export { distributionConstant } from './constant.js';
export { distributionUniform } from './uniform.js';
export { distributionExponential } from './exponential.js';
export { distributionNormal } from './normal.js';
export type { DistributionNormalOptions } from './normal.js';
export { distributionLognormal } from './lognormal.js';
export type { DistributionLognormalParams } from './lognormal.js';
export { distributionPareto } from './pareto.js';
export type { DistributionParetoParams } from './pareto.js';
export { distributionEmpirical } from './empirical.js';
export type { DistributionEmpiricalPoint } from './empirical.js';
export { NORMAL_Z99, erfc, normalCdf, normalInverseCdf, normalPdf } from './normal-math.js';
