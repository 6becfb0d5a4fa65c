import { BACKOFF_JITTERS, RETRY_FAILURES } from '@stormglass/sim-core';
import type { ClientConfig, PopulationConfig, RateProfileConfig, RatePiecewiseInterpolation } from '@stormglass/sim-core';
import { z } from 'zod';
import { durationUs, percentRatio, ratePerS } from '../units-schema.js';

/**
 * `prefault` (not `default`) gives unit strings as defaults: they are parsed like a written
 * value, so the default and the written form cannot disagree.
 *
 * The `traffic` section (ARCHITECTURE §7): users per region with a rate profile and an endpoint
 * mix, and how their clients behave. Resolves to sim-core's `TrafficConfig` parts. Rate
 * profiles: every sim-core kind (constant, ramp, spike, diurnal, launch, piecewise). Defaults:
 * a diurnal period of 24 h; a launch's plateau at its base; piecewise interpolation linear;
 * a mix entry's write ratio 0%; a client with one attempt of 2 s, no retries; backoff from
 * 100 ms doubling to 5 s with full jitter, retrying timeouts, errors and rejections.
 */

const DIURNAL_PERIOD = '24h';
const PIECEWISE_INTERPOLATIONS: readonly [RatePiecewiseInterpolation, ...RatePiecewiseInterpolation[]] = ['step', 'linear'];

const profileUnion = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), rate: ratePerS }).transform((p): RateProfileConfig => ({ kind: 'constant', ratePerS: p.rate })),
  z
    .strictObject({ kind: z.literal('ramp'), from: ratePerS, to: ratePerS, start: durationUs, end: durationUs })
    .transform((p): RateProfileConfig => ({ kind: 'ramp', fromPerS: p.from, toPerS: p.to, startUs: p.start, endUs: p.end })),
  z
    .strictObject({ kind: z.literal('spike'), base: ratePerS, peak: ratePerS, start: durationUs, duration: durationUs, ramp: durationUs.optional() })
    .transform((p): RateProfileConfig => ({ kind: 'spike', basePerS: p.base, peakPerS: p.peak, startUs: p.start, durationUs: p.duration, ...(p.ramp === undefined ? {} : { rampUs: p.ramp }) })),
  z
    .strictObject({
      kind: z.literal('diurnal'),
      mean: ratePerS.describe('the rate around which the day swings'),
      amplitude: percentRatio.describe('half the peak-to-trough swing, as a share of the mean (0% to 100%)'),
      period: durationUs.prefault(DIURNAL_PERIOD).describe(`one cycle (default ${DIURNAL_PERIOD})`),
      peakAt: durationUs.describe('a time at which the cycle peaks, from the run\'s start'),
    })
    .transform((p): RateProfileConfig => ({ kind: 'diurnal', meanPerS: p.mean, amplitudeRatio: p.amplitude, periodUs: p.period, peakAtUs: p.peakAt })),
  z
    .strictObject({
      kind: z.literal('launch'),
      base: ratePerS.describe('the rate before the launch'),
      peak: ratePerS.describe('the rate at the top of the rise'),
      at: durationUs.describe('when the launch starts, from the run\'s start'),
      rise: durationUs.describe('from the launch to the peak (0s: a jump)'),
      decay: durationUs.describe('time constant of the fall from the peak towards the plateau'),
      plateau: ratePerS.optional().describe('the new steady rate the decay tends to (default: the base)'),
    })
    .transform(
      (p): RateProfileConfig => ({ kind: 'launch', basePerS: p.base, peakPerS: p.peak, launchAtUs: p.at, riseUs: p.rise, decayUs: p.decay, plateauPerS: p.plateau ?? p.base }),
    ),
  z
    .strictObject({
      kind: z.literal('piecewise'),
      points: z
        .array(z.strictObject({ at: durationUs, rate: ratePerS }).transform((point) => ({ atUs: point.at, ratePerS: point.rate })))
        .min(1)
        .describe('the curve\'s points, in time order; flat before the first and after the last'),
      interpolation: z.enum(PIECEWISE_INTERPOLATIONS).default('linear').describe('step (each rate holds to the next point) or linear (straight lines) (default linear)'),
    })
    .transform((p): RateProfileConfig => ({ kind: 'piecewise', points: p.points, interpolation: p.interpolation })),
]);

/** The rate profile kinds the section accepts (a test checks they are all of sim-core's RateProfileKind). */
export const RATE_PROFILE_SECTION_KINDS: readonly string[] = profileUnion.options.map((option) => option.in.shape.kind.value);

const rateProfile: z.ZodType<RateProfileConfig> = profileUnion;

const mixEntry = z
  .strictObject({
    endpoint: z.string().min(1).describe("an entry service's endpoint"),
    weight: z.number().positive().describe('relative weight (weights need not sum to 1)'),
    writes: percentRatio.default(0).describe('share of its requests that are writes (default 0%)'),
  })
  .transform((entry) => ({ endpoint: entry.endpoint, weight: entry.weight, writeRatio: entry.writes }));

export const populationSchema = z
  .strictObject({
    region: z.string().min(1).describe('where these users are'),
    rate: rateProfile.describe('their requests per second over time'),
    mix: z.array(mixEntry).min(1).describe('which endpoints they call'),
    network: z.string().min(1).optional().describe('the network they come from, for segmentation (default internet)'),
  })
  .transform((p): PopulationConfig => ({ region: p.region, profile: p.rate, mix: p.mix }));

export const CLIENT_DEFAULTS = Object.freeze({ timeout: '2s', retries: 0, backoff: { base: '100ms', multiplier: 2, cap: '5s', jitter: 'full' as const }, retryOn: [...RETRY_FAILURES] });

export const clientSchema = z
  .strictObject({
    timeout: durationUs.prefault(CLIENT_DEFAULTS.timeout).describe(`one attempt's timeout (default ${CLIENT_DEFAULTS.timeout})`),
    deadline: durationUs.optional().describe("the whole request's deadline from its first attempt (default: the timeout × (retries + 1))"),
    retries: z.number().int().min(0).default(CLIENT_DEFAULTS.retries).describe('retries after the first attempt (default 0)'),
    backoff: z
      .strictObject({
        base: durationUs.prefault(CLIENT_DEFAULTS.backoff.base),
        multiplier: z.number().min(1).default(CLIENT_DEFAULTS.backoff.multiplier),
        cap: durationUs.prefault(CLIENT_DEFAULTS.backoff.cap),
        jitter: z.enum(BACKOFF_JITTERS).default(CLIENT_DEFAULTS.backoff.jitter),
      })
      .prefault({}),
    retryOn: z.array(z.enum(RETRY_FAILURES)).default([...CLIENT_DEFAULTS.retryOn]).describe('failures worth another attempt (default all)'),
    budget: z.strictObject({ ratio: percentRatio, minRetriesPerS: z.number().min(0).default(10), window: durationUs.prefault('10s') }).optional().describe('a retry budget; absent: none'),
    hedging: z.strictObject({ after: durationUs, max: z.number().int().min(0).default(1) }).optional().describe('hedged requests; absent: none'),
  })
  .transform(
    (c): ClientConfig => ({
      retry: {
        attemptTimeoutUs: c.timeout,
        deadlineUs: c.deadline ?? c.timeout * (c.retries + 1),
        retriesMax: c.retries,
        backoff: { baseUs: c.backoff.base, multiplier: c.backoff.multiplier, capUs: c.backoff.cap, jitter: c.backoff.jitter },
        retryOn: c.retryOn,
      },
      ...(c.budget === undefined ? {} : { budget: { ratio: c.budget.ratio, minRetriesPerS: c.budget.minRetriesPerS, windowUs: c.budget.window } }),
      ...(c.hedging === undefined ? {} : { hedging: { delayUs: c.hedging.after, hedgesMax: c.hedging.max } }),
    }),
  );

export const trafficSchema = z.strictObject({
  users: z.array(populationSchema).min(1).describe('the user populations, one per region (or more)'),
  client: clientSchema.prefault({}).describe("their clients' timeouts, retries, budget and hedging"),
});
