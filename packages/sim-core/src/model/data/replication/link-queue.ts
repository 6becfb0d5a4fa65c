/**
 * The arithmetic of one replication link, shared by the write path and the re-shipping after a
 * reconnection or a promotion. Pure functions, allocation-free.
 */

/**
 * Values within this much above a whole µs round down to it in `ceilUs`: fractional
 * serialization times summed in floating point drift by a few ulps (about 1.5e-5 µs at a
 * simulated day), and such drift must not add a whole µs.
 */
export const CEIL_SLACK_US = 1e-3;

/** The whole µs at or after `us` (see CEIL_SLACK_US); Infinity stays Infinity. */
export function ceilUs(us: number): number {
  return Math.ceil(us - CEIL_SLACK_US);
}

/**
 * Whether a one-way delay the engine passed means the message never arrives: Infinity, or a
 * negative number (Link.oneWayDelayUs returns -1 for a message lost for good). NaN is a bug in
 * the caller and is rejected by the log before it gets here.
 */
export function isUndelivered(delayUs: number): boolean {
  return delayUs < 0 || delayUs === Infinity;
}

/**
 * The time a message that leaves the sender at `departureEndUs` (its last bit on the wire) is
 * applied at the receiver: ceilUs(departureEndUs + delayUs), but never before `previousApplyUs`
 * (the stream is applied in log order, like TCP delivering a byte stream), and Infinity when the
 * delay says it is never delivered (then, by the same rule, nothing after it is either).
 */
export function applyTimeUs(departureEndUs: number, delayUs: number, previousApplyUs: number): number {
  const arrival = isUndelivered(delayUs) ? Infinity : ceilUs(departureEndUs + delayUs);
  return arrival > previousApplyUs ? arrival : previousApplyUs;
}

/**
 * The k-th smallest (1-based) of values[0..count), by partial selection sort in place: O(count
 * · k), which is nothing for the handful of replicas a store has. The caller guarantees
 * 1 <= k <= count; values[0..count) are reordered.
 */
export function kthSmallest(values: Float64Array, count: number, k: number): number {
  for (let i = 0; i < k; i++) {
    let smallest = i;
    for (let j = i + 1; j < count; j++) {
      if (values[j] < values[smallest]) smallest = j;
    }
    const swap = values[i];
    values[i] = values[smallest];
    values[smallest] = swap;
  }
  return values[k - 1];
}
