// The units parser shared by every package: scenario text in, plain numbers in base units out.
export { UnitError } from './unit-error.js';
export type { UnitErrorDetails, UnitKind } from './unit-error.js';
export { DURATION_SPELLINGS, parseDuration } from './duration.js';
export type { DurationOptions, DurationUnit } from './duration.js';
export { formatDuration } from './format-duration.js';
export { RATE_SPELLINGS, parseRate } from './rate.js';
export { formatRate } from './format-rate.js';
export { SIZE_SPELLINGS, parseSize } from './size.js';
export { BANDWIDTH_SPELLINGS, parseBandwidth } from './bandwidth.js';
export { parsePercent } from './percent.js';
export type { PercentOptions } from './percent.js';
export { MONEY_PERS, MONEY_SPELLINGS, parseMoney } from './money.js';
export type { Money, MoneyPer } from './money.js';
export { UNIT_SPELLINGS, parseQuantity } from './quantity.js';
export { levenshtein } from './levenshtein.js';
