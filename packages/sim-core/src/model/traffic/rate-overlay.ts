import { describeValue } from '../../assert.js';
import { checkFinite, checkNonNegative, isRecord } from './checks.js';

/**
 * A multiplicative overlay on a rate profile: inside [startUs, startUs + durationUs) the
 * rate is multiplied by factor. The "traffic spike" fault is one (factor 3 for ten minutes);
 * factor 0 models users cut off, a factor between 0 and 1 a partial drop. Overlapping
 * overlays multiply.
 */
export interface RateOverlay {
  readonly startUs: number;
  /** >= 0; Infinity for a fault that is never repaired within the run. */
  readonly durationUs: number;
  /** A finite number >= 0. */
  readonly factor: number;
}

/** The product of the factors of the overlays active at timeUs (1 when none is). */
export function overlayFactorAt(overlays: readonly RateOverlay[], timeUs: number): number {
  let factor = 1;
  for (let i = 0; i < overlays.length; i++) {
    const o = overlays[i];
    if (timeUs >= o.startUs && timeUs < o.startUs + o.durationUs) factor *= o.factor;
  }
  return factor;
}

/**
 * The first overlay boundary (a start or an end) strictly after afterUs, or beforeUs when
 * none comes earlier. Between consecutive boundaries the overall factor is constant, which
 * lets integrals and bounds be taken piece by piece without building a list. Quadratic in
 * the number of overlays, which is a handful.
 */
export function nextOverlayBoundaryUs(overlays: readonly RateOverlay[], afterUs: number, beforeUs: number): number {
  let next = beforeUs;
  for (let i = 0; i < overlays.length; i++) {
    const start = overlays[i].startUs;
    const end = start + overlays[i].durationUs;
    if (start > afterUs && start < next) next = start;
    if (end > afterUs && end < next) next = end;
  }
  return next;
}

/** Problems with a list of overlays, one message each; empty when the list is valid. */
export function validateOverlays(overlays: readonly RateOverlay[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(overlays)) {
    problems.push(`overlays must be an array, got ${describeValue(overlays)}`);
    return problems;
  }
  for (let i = 0; i < overlays.length; i++) {
    const o: unknown = overlays[i];
    if (!isRecord(o)) {
      problems.push(`overlays[${i}] must be an object { startUs, durationUs, factor }, got ${describeValue(o)}`);
      continue;
    }
    checkFinite(problems, 'overlays', 'startUs', o.startUs, i);
    const durationUs = o.durationUs;
    if (!(typeof durationUs === 'number' && durationUs >= 0)) {
      problems.push(`overlays[${i}].durationUs must be a number >= 0 (Infinity for never repaired), got ${describeValue(durationUs)}`);
    }
    checkNonNegative(problems, 'overlays', 'factor', o.factor, i);
  }
  return problems;
}
