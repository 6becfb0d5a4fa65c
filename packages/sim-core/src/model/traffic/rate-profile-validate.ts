import { describeValue } from '../../assert.js';
import { checkFinite, checkNonNegative, checkPositive, checkRatio, isRecord } from './checks.js';
import type { RateProfileConfig } from './rate-profile.js';

const KINDS = 'constant, ramp, spike, diurnal, launch, piecewise';

/**
 * Problems with a rate profile, one message per problem, in the order of the fields; empty
 * when the profile is valid. It takes the typed config but checks every field at run time,
 * because the config usually comes from a file.
 */
export function validateRateProfile(profile: RateProfileConfig): string[] {
  const problems: string[] = [];
  const p: unknown = profile;
  if (!isRecord(p)) {
    problems.push(`rate profile must be an object, got ${describeValue(p)}`);
    return problems;
  }
  switch (p.kind) {
    case 'constant':
      checkNonNegative(problems, 'constant', 'ratePerS', p.ratePerS);
      break;
    case 'ramp': {
      checkNonNegative(problems, 'ramp', 'fromPerS', p.fromPerS);
      checkNonNegative(problems, 'ramp', 'toPerS', p.toPerS);
      const startUs = p.startUs;
      const endUs = p.endUs;
      const startOk = checkFinite(problems, 'ramp', 'startUs', startUs);
      const endOk = checkFinite(problems, 'ramp', 'endUs', endUs);
      if (startOk && endOk && endUs < startUs) problems.push(`ramp: endUs (${endUs}) must be >= startUs (${startUs})`);
      break;
    }
    case 'spike':
      checkNonNegative(problems, 'spike', 'basePerS', p.basePerS);
      checkNonNegative(problems, 'spike', 'peakPerS', p.peakPerS);
      checkFinite(problems, 'spike', 'startUs', p.startUs);
      checkNonNegative(problems, 'spike', 'durationUs', p.durationUs);
      if (p.rampUs !== undefined) checkNonNegative(problems, 'spike', 'rampUs', p.rampUs);
      break;
    case 'diurnal':
      checkNonNegative(problems, 'diurnal', 'meanPerS', p.meanPerS);
      checkRatio(problems, 'diurnal', 'amplitudeRatio', p.amplitudeRatio);
      if (p.periodUs !== undefined) checkPositive(problems, 'diurnal', 'periodUs', p.periodUs);
      checkFinite(problems, 'diurnal', 'peakAtUs', p.peakAtUs);
      break;
    case 'launch':
      checkNonNegative(problems, 'launch', 'basePerS', p.basePerS);
      checkNonNegative(problems, 'launch', 'peakPerS', p.peakPerS);
      if (p.plateauPerS !== undefined) checkNonNegative(problems, 'launch', 'plateauPerS', p.plateauPerS);
      checkFinite(problems, 'launch', 'launchAtUs', p.launchAtUs);
      checkNonNegative(problems, 'launch', 'riseUs', p.riseUs);
      checkPositive(problems, 'launch', 'decayUs', p.decayUs);
      break;
    case 'piecewise':
      validatePiecewise(problems, p.points, p.interpolation);
      break;
    default:
      problems.push(`rate profile kind must be one of ${KINDS}, got ${describeValue(p.kind)}`);
  }
  return problems;
}

function validatePiecewise(problems: string[], points: unknown, interpolation: unknown): void {
  if (!Array.isArray(points) || points.length === 0) {
    problems.push(`piecewise: points must be a non-empty array of { atUs, ratePerS }, got ${Array.isArray(points) ? 'an empty array' : describeValue(points)}`);
  } else {
    // The previous valid time, so one bad point does not also report its neighbour.
    let previousAtUs = -Infinity;
    let previousIndex = -1;
    for (let i = 0; i < points.length; i++) {
      const point: unknown = points[i];
      if (!isRecord(point)) {
        problems.push(`piecewise: points[${i}] must be an object { atUs, ratePerS }, got ${describeValue(point)}`);
        continue;
      }
      if (checkFinite(problems, 'piecewise: points', 'atUs', point.atUs, i)) {
        if (!(point.atUs > previousAtUs)) {
          problems.push(`piecewise: points[${i}].atUs (${point.atUs}) must be greater than points[${previousIndex}].atUs (${previousAtUs})`);
        } else {
          previousAtUs = point.atUs;
          previousIndex = i;
        }
      }
      checkNonNegative(problems, 'piecewise: points', 'ratePerS', point.ratePerS, i);
    }
  }
  if (interpolation !== 'step' && interpolation !== 'linear') {
    problems.push(`piecewise: interpolation must be "step" or "linear", got ${describeValue(interpolation)}`);
  }
}
