import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';
import { validateFinite } from './validate.js';

/**
 * Always `value`. It still consumes one draw per sample, like every other kind, so that
 * replacing a fixed latency with a random one (or back) leaves the rest of the stream aligned.
 */
export function distributionConstant(value: number): Distribution {
  const v = validateFinite('distributionConstant', 'value', value);
  return distributionFromQuantile('constant', () => v, v, `constant(value=${v})`);
}
