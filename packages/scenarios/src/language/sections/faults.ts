import type { FaultConfig } from '@stormglass/sim-core';
import { z } from 'zod';
import { durationUs, percentRatio, ratePerS } from '../units-schema.js';

/**
 * The `faults` section (ARCHITECTURE §4's fault list): each fault starts `at` a time and lasts
 * `duration` (absent: until the run's end), with its kind's target. Resolves to sim-core's
 * FaultConfig[]. Intensities carry units: `errors: 30%`, `latency: 500ms`, `loss: 1%`,
 * `rate: 0.5/s`. A data deletion takes no duration: the restore ends it.
 */

const timing = { at: durationUs.describe('when it starts, from the run\'s start'), duration: durationUs.optional().describe('how long it lasts; absent: to the end of the run') };
const time = (f: { at: number; duration?: number }): { startUs: number; durationUs?: number } => ({ startUs: f.at, ...(f.duration === undefined ? {} : { durationUs: f.duration }) });
const region = z.string().min(1);
const direction = z.enum(['both', 'forward', 'backward']).default('both');
const between = z.tuple([z.string().min(1), z.string().min(1)]);

const faultUnion = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('region-outage'), region, ...timing }).transform((f): FaultConfig => ({ kind: f.kind, region: f.region, ...time(f) })),
  z.strictObject({ kind: z.literal('zone-outage'), region, zone: z.string().min(1), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, region: f.region, zone: f.zone, ...time(f) })),
  z
    .strictObject({ kind: z.literal('instance-crash'), service: z.string().min(1), region, count: z.number().int().min(1).optional(), rate: ratePerS.optional(), ...timing })
    .refine((f) => (f.count === undefined) !== (f.rate === undefined), { message: 'an instance crash needs exactly one of count (instances at its start) or rate (crashes per second while it lasts)' })
    .transform((f): FaultConfig => ({ kind: f.kind, service: f.service, region: f.region, ...(f.count === undefined ? {} : { count: f.count }), ...(f.rate === undefined ? {} : { ratePerS: f.rate }), ...time(f) })),
  z.strictObject({ kind: z.literal('dependency-outage'), dependency: z.string().min(1), region: region.optional(), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, dependency: f.dependency, ...(f.region === undefined ? {} : { region: f.region }), ...time(f) })),
  z
    .strictObject({ kind: z.literal('dependency-brownout'), dependency: z.string().min(1), region: region.optional(), errors: percentRatio.prefault('0%'), latency: durationUs.prefault('0ms'), ...timing })
    .transform((f): FaultConfig => ({ kind: f.kind, dependency: f.dependency, ...(f.region === undefined ? {} : { region: f.region }), errorRatio: f.errors, addedLatencyUs: f.latency, ...time(f) })),
  z.strictObject({ kind: z.literal('link-partition'), between, direction, ...timing }).transform((f): FaultConfig => ({ kind: f.kind, between: f.between, direction: f.direction, ...time(f) })),
  z
    .strictObject({ kind: z.literal('link-degradation'), between, direction, latency: durationUs.prefault('0ms'), loss: percentRatio.prefault('0%'), ...timing })
    .transform((f): FaultConfig => ({ kind: f.kind, between: f.between, direction: f.direction, addedLatencyUs: f.latency, addedLossRatio: f.loss, ...time(f) })),
  z.strictObject({ kind: z.literal('capacity-quota'), service: z.string().min(1), region, instances: z.number().int().min(0), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, service: f.service, region: f.region, instances: f.instances, ...time(f) })),
  z.strictObject({ kind: z.literal('cache-flush'), dependency: z.string().min(1), region: region.optional(), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, dependency: f.dependency, ...(f.region === undefined ? {} : { region: f.region }), ...time(f) })),
  z.strictObject({ kind: z.literal('traffic-spike'), region: region.optional(), factor: z.number().min(0), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, ...(f.region === undefined ? {} : { region: f.region }), factor: f.factor, ...time(f) })),
  z.strictObject({ kind: z.literal('primary-failure'), store: z.string().min(1), ...timing }).transform((f): FaultConfig => ({ kind: f.kind, store: f.store, ...time(f) })),
  z.strictObject({ kind: z.literal('replication-stall'), store: z.string().min(1), region, ...timing }).transform((f): FaultConfig => ({ kind: f.kind, store: f.store, region: f.region, ...time(f) })),
  z.strictObject({ kind: z.literal('data-deletion'), store: z.string().min(1), at: timing.at }).transform((f): FaultConfig => ({ kind: f.kind, store: f.store, startUs: f.at })),
  z
    .strictObject({ kind: z.literal('bad-deploy'), service: z.string().min(1), errors: percentRatio.prefault('0%'), latency: durationUs.prefault('0ms'), ...timing })
    .transform((f): FaultConfig => ({ kind: f.kind, service: f.service, errorRatio: f.errors, addedLatencyUs: f.latency, ...time(f) })),
]);

/** One fault (typed by its output: the union's own type names sim-core internals a declaration cannot). */
export const faultSchema: z.ZodType<FaultConfig> = faultUnion;

/** The kinds the section accepts (a test checks they are sim-core's FAULT_KINDS). */
export const FAULT_SECTION_KINDS: readonly string[] = faultUnion.options.map((option) => option.in.shape.kind.value);

export const faultsSchema: z.ZodType<FaultConfig[]> = z.array(faultUnion).default([]).describe('what goes wrong, and when');
