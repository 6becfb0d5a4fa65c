import { describeValue } from '../../assert.js';
import type { AutoscalerConfig, AutoscalerPolicy } from './autoscaler-config.js';

/** What the engine knows at an evaluation. */
export interface AutoscalerState {
  /** Time of this evaluation, µs. */
  nowUs: number;
  /** Instances running plus provisioning (launched, not yet ready). */
  current: number;
  /**
   * The policy's metric averaged over the running instances. With no instance running the
   * average does not exist; the engine then reports the load one instance would carry (e.g.
   * the queued requests for `concurrency`), which is how a group scales out from zero.
   */
  metricValue: number;
  /** When the engine last acted on a `desired` above `current`, µs; -Infinity if never. */
  lastScaleUpUs: number;
  /** When the engine last acted on a `desired` below `current`, µs; -Infinity if never. */
  lastScaleDownUs: number;
  /**
   * The most instances this group may have now (Infinity: no cap): the engine starts from the
   * config's `quota`, lowers it when a fault does, and subtracts what other groups sharing a
   * regional quota hold. `decide` uses the smaller of this and `config.quota`.
   */
  quota: number;
}

/**
 * Why `decide` chose its `desired`:
 * - `target-tracking` / `step`: the policy's proposal, a change from `current`;
 * - `steady`: the policy proposes no change;
 * - `cooldown`: the policy proposed a change that the cooldown holds back;
 * - `scheduled`: a scheduled action's `desired`, or a `min` or `max` a scheduled action set, bit;
 * - `min` / `max`: the config's own bound bit (it overrides cooldown);
 * - `quota`: the quota held back a scale-out (see `shortfall`).
 */
export type AutoscalerReason = 'target-tracking' | 'step' | 'scheduled' | 'cooldown' | 'quota' | 'min' | 'max' | 'steady';

export interface AutoscalerDecision {
  /** Instances (running plus provisioning) the group should have: launch or stop the difference from `current`. */
  desired: number;
  reason: AutoscalerReason;
  /** Instances wanted beyond what the quota allows (0 unless `reason` is `quota`), for the engine to count. */
  shortfall: number;
}

/**
 * A ratio within one part in 10⁹ of a whole number counts as that number, so that rounding in
 * current · metric / target (e.g. 7 · 0.3 / 0.3 = 7.000000000000001) never adds an instance.
 */
const RATIO_TOLERANCE = 1e-9;

/**
 * One evaluation of an autoscaling group, following AWS EC2 Auto Scaling:
 *
 * 1. Bounds: `min` and `max` are the config's, unless a scheduled action at or before
 *    `nowUs` set them (the latest one that set each wins).
 * 2. Proposal: a scheduled action's `desired` applies at the one evaluation in
 *    `[atUs, atUs + evaluationIntervalUs)` (with the engine evaluating every interval, the
 *    first at or after `atUs`) and overrides the policy and the cooldown. Otherwise target
 *    tracking proposes ceil(current · metric / target) (current counted as at least 1, see
 *    `AutoscalerState.metricValue`), and a step policy current + the adjustment of the step
 *    whose `[lowerBound, upperBound)` holds the metric (no change outside every step).
 * 3. Cooldown: a scale-out waits `cooldownUs` after the last scale-out. Scale-in is more
 *    conservative: it waits `cooldownUs` after the last scale-in *and* after the last
 *    scale-out, because instances just launched have not yet lowered the metric, and
 *    removing capacity too early oscillates. It is also limited by ceil, never by floor, so
 *    it only happens when the group is larger than the metric needs.
 * 4. Clamp into [min, max]; bounds override the cooldown.
 * 5. Quota: a scale-out stops at the quota. Lowering the quota never stops running
 *    instances (a cloud quota only refuses launches), so the cap is max(current, quota), and
 *    it may hold the group below `min`.
 *
 * Pure and cheap; it allocates only the returned decision (one per evaluation, not per
 * request). Throws a RangeError on a state no engine should produce.
 */
export function decide(config: AutoscalerConfig, state: AutoscalerState): AutoscalerDecision {
  checkState(state);
  const { nowUs, current } = state;
  let min = config.min;
  let max = config.max;
  let minScheduled = false;
  let maxScheduled = false;
  let scheduledDesired = -1;
  const scheduled = config.scheduled;
  if (scheduled !== undefined) {
    // In time order (validateAutoscaler checks), so the scan stops at the first future action.
    for (let i = 0; i < scheduled.length; i++) {
      const action = scheduled[i];
      if (action.atUs > nowUs) break;
      if (action.min !== undefined) {
        min = action.min;
        minScheduled = true;
      }
      if (action.max !== undefined) {
        max = action.max;
        maxScheduled = true;
      }
      if (action.desired !== undefined && nowUs - action.atUs < config.evaluationIntervalUs) scheduledDesired = action.desired;
    }
  }

  let desired: number;
  let reason: AutoscalerReason;
  if (scheduledDesired >= 0) {
    desired = scheduledDesired;
    reason = 'scheduled';
  } else {
    desired = proposal(config.policy, current, state.metricValue);
    reason = desired === current ? 'steady' : config.policy.kind;
    const cooldownUs = config.cooldownUs;
    const sinceUpUs = nowUs - state.lastScaleUpUs;
    if (desired > current && sinceUpUs < cooldownUs) {
      desired = current;
      reason = 'cooldown';
    } else if (desired < current && (sinceUpUs < cooldownUs || nowUs - state.lastScaleDownUs < cooldownUs)) {
      desired = current;
      reason = 'cooldown';
    }
  }

  if (desired < min) {
    desired = min;
    reason = minScheduled ? 'scheduled' : 'min';
  }
  if (desired > max) {
    desired = max;
    reason = maxScheduled ? 'scheduled' : 'max';
  }
  const quota = config.quota === undefined ? state.quota : Math.min(state.quota, config.quota);
  const cap = Math.max(current, quota);
  let shortfall = 0;
  if (desired > cap) {
    shortfall = desired - cap;
    desired = cap;
    reason = 'quota';
  }
  return { desired, reason, shortfall };
}

/** The policy's size for the group before cooldown and bounds. */
function proposal(policy: AutoscalerPolicy, current: number, metric: number): number {
  if (policy.kind === 'target-tracking') {
    const ratio = (Math.max(current, 1) * metric) / policy.target;
    return Math.ceil(ratio - ratio * RATIO_TOLERANCE);
  }
  const steps = policy.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (metric < step.lowerBound) break; // sorted: no later step can hold it
    const upperBound = step.upperBound;
    if (upperBound === undefined || metric < upperBound) return Math.max(0, current + step.adjustment);
  }
  return current;
}

function checkState(state: AutoscalerState): void {
  const { nowUs, current, metricValue, lastScaleUpUs, lastScaleDownUs, quota } = state;
  if (
    !Number.isSafeInteger(nowUs) ||
    !(Number.isSafeInteger(current) && current >= 0) ||
    !(Number.isFinite(metricValue) && metricValue >= 0) ||
    !(typeof lastScaleUpUs === 'number' && lastScaleUpUs <= nowUs) ||
    !(typeof lastScaleDownUs === 'number' && lastScaleDownUs <= nowUs) ||
    !(typeof quota === 'number' && quota >= 0)
  ) {
    throw new RangeError(
      `decide(config, state): state needs integer nowUs, integer current >= 0, finite metricValue >= 0, lastScaleUpUs and lastScaleDownUs <= nowUs (-Infinity if never), quota >= 0; got nowUs ${describeValue(nowUs)}, current ${describeValue(current)}, metricValue ${describeValue(metricValue)}, lastScaleUpUs ${describeValue(lastScaleUpUs)}, lastScaleDownUs ${describeValue(lastScaleDownUs)}, quota ${describeValue(quota)}`,
    );
  }
}
