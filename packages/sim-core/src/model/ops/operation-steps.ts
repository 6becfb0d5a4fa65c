import { describeValue } from '../../assert.js';
import { checkWholeUs, isRecord } from '../resilience/validate.js';

/** One manual or scripted step of an operation (a runbook step, a restore step) and how long it takes. */
export interface OperationStep {
  /** What the step is, for the event log ("confirm the outage", "provision the restore host"). */
  readonly step: string;
  /** How long it takes, µs (a whole number >= 0). */
  readonly durationUs: number;
}

/**
 * Checks a list of steps at `path` (e.g. `human.runbook`), pushing a sentence per problem; an
 * empty list is allowed (no steps).
 */
export function validateOperationSteps(problems: string[], prefix: string, path: string, steps: unknown): void {
  if (!Array.isArray(steps)) {
    problems.push(`${prefix}${path} must be an array of { step, durationUs } (empty for none), got ${describeValue(steps)}`);
    return;
  }
  steps.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${prefix}${at} must be an object { step, durationUs }, got ${describeValue(entry)}`);
      return;
    }
    if (!(typeof entry.step === 'string' && entry.step.length > 0)) {
      problems.push(`${prefix}${at}.step must be a non-empty string naming the step, got ${describeValue(entry.step)}`);
    }
    checkWholeUs(problems, prefix, `${at}.durationUs`, entry.durationUs, 0);
  });
}
