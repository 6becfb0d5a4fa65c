import { z } from 'zod';
import { INVARIANT_NAMES } from '../language/scenario-types.js';
import type { InvariantName, LatencyTarget, TargetsConfig } from '../language/scenario-types.js';
import { durationUs, money, percentRatio } from '../language/units-schema.js';

/**
 * The `targets` and `invariants` sections (ARCHITECTURE §7): what every run of a scenario must
 * meet. Targets carry units (`rto: 5m`, `rpo: 0s`, `availability: 99.9%`,
 * `latency: { all: { p99: 800ms }, checkout: { p99: 1.2s } }`, `cost: { max: $120 }`,
 * `timeToDetect: 2m`, `lostWrites: { max: 0 }`); an absent target is not checked, so the
 * section's default is `{}` (nothing checked).
 *
 * Invariants are names. The default, when the section is absent, is the simulator's own laws,
 * `[conservation, monotone-time]`: they hold for every design, so asserting them costs nothing
 * and a failure is always a finding. The design claims (`no-acknowledged-write-lost`,
 * `residency`, `segmentation`) are listed explicitly by a scenario that makes them: a lesson may
 * show a design that breaks them on purpose. `invariants: []` checks none.
 */

const latencyTarget = z
  .strictObject({
    p50: durationUs.optional().describe('median latency of successful requests at most this'),
    p95: durationUs.optional(),
    p99: durationUs.optional(),
    p999: durationUs.optional(),
  })
  .refine((t) => t.p50 !== undefined || t.p95 !== undefined || t.p99 !== undefined || t.p999 !== undefined, { message: 'a latency target needs at least one of p50, p95, p99, p999' })
  .transform(
    (t): LatencyTarget => ({
      ...(t.p50 === undefined ? {} : { p50Us: t.p50 }),
      ...(t.p95 === undefined ? {} : { p95Us: t.p95 }),
      ...(t.p99 === undefined ? {} : { p99Us: t.p99 }),
      ...(t.p999 === undefined ? {} : { p999Us: t.p999 }),
    }),
  );

const costMax = money.transform((m, ctx): number => {
  if (m.per === 'once') return m.usd;
  ctx.addIssue({ code: 'custom', message: "a run's cost cap is a total in dollars", params: { expected: 'a total like $120', found: `a price per ${m.per}` } });
  return z.NEVER;
});

const targetsObject = z
  .strictObject({
    rto: durationUs.optional().describe("every fault's measured RTO at most this; a fault never recovered within the run fails it"),
    rpo: durationUs.optional().describe("every fault's RPO at most this (no lost write: RPO 0)"),
    availability: percentRatio.optional().describe('user requests that succeed over the run, at least this share'),
    latency: z.record(z.string().min(1), latencyTarget).optional().describe('per entry endpoint, or `all`: latency percentiles of successful requests at most these'),
    cost: z.strictObject({ max: costMax.describe('the run\'s total cost at most this, like $120') }).optional(),
    timeToDetect: durationUs.optional().describe('every fault with an impact detected (first alert naming its part) within this'),
    lostWrites: z.strictObject({ max: z.number().int().min(0).describe('acknowledged writes lost over the run at most this many') }).optional(),
  })
  .transform(
    (t): TargetsConfig => ({
      ...(t.rto === undefined ? {} : { rtoUs: t.rto }),
      ...(t.rpo === undefined ? {} : { rpoUs: t.rpo }),
      ...(t.availability === undefined ? {} : { availability: t.availability }),
      ...(t.latency === undefined ? {} : { latency: t.latency }),
      ...(t.cost === undefined ? {} : { costMaxUsd: t.cost.max }),
      ...(t.timeToDetect === undefined ? {} : { timeToDetectUs: t.timeToDetect }),
      ...(t.lostWrites === undefined ? {} : { lostWritesMax: t.lostWrites.max }),
    }),
  );

/** The `targets` section; absent: `{}` (nothing checked). */
export const targetsSchema: z.ZodType<TargetsConfig> = targetsObject.prefault({}).describe('what every run must meet (default: nothing checked)');

/** The invariants checked when a scenario has no `invariants` section: the simulator's own laws. */
export const INVARIANTS_DEFAULT: readonly InvariantName[] = ['conservation', 'monotone-time'];

/** The `invariants` section: a list of names, each at most once; absent: `[conservation, monotone-time]`. */
export const invariantsSchema: z.ZodType<InvariantName[]> = z
  .array(z.enum(INVARIANT_NAMES as [InvariantName, ...InvariantName[]]))
  .superRefine((names, ctx) => {
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', message: `invariant "${name}" is listed twice`, path: [i], params: { found: `"${name}"` } });
    });
  })
  .default([...INVARIANTS_DEFAULT])
  .describe(`laws every run must keep (default: ${INVARIANTS_DEFAULT.join(', ')})`);
