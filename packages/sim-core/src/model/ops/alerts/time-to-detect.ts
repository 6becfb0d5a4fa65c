import { describeValue } from '../../../assert.js';
import { scopeNames } from './alert-records.js';
import type { AlertFiring, AlertSubject } from './alert-records.js';

/**
 * The firing that detected a fault on `subject` starting at `faultStartUs`: the first, in
 * `firings` order (the order they started), whose start is at or after the fault's and whose
 * scope names the subject (`scopeNames`: same region, service and endpoint wherever the subject
 * gives one); null when none. Any severity counts: a ticket is an alert too. Firings that
 * started before the fault were for something else, even if they still fire.
 */
export function firstDetection(firings: readonly AlertFiring[], faultStartUs: number, subject: AlertSubject): AlertFiring | null {
  if (!Number.isFinite(faultStartUs)) throw new RangeError(`timeToDetect: faultStartUs must be a finite number of µs, got ${describeValue(faultStartUs)}`);
  if (typeof subject !== 'object' || subject === null) {
    throw new RangeError(`timeToDetect: subject must be an object { region?, service?, endpoint? }, got ${describeValue(subject)}`);
  }
  for (const firing of firings) {
    if (firing.startsAtUs >= faultStartUs && scopeNames(firing.scope, subject)) return firing;
  }
  return null;
}

/**
 * Time to detect (ARCHITECTURE §5): the first firing that names the faulted part minus the
 * fault's start, µs (see `firstDetection`); null when no such alert fired.
 */
export function timeToDetect(firings: readonly AlertFiring[], faultStartUs: number, subject: AlertSubject): number | null {
  const firing = firstDetection(firings, faultStartUs, subject);
  return firing === null ? null : firing.startsAtUs - faultStartUs;
}
