import { DIURNAL_PERIOD_US_DEFAULT, validateHedging, validatePopulation, validateRateProfile, validateRetryBudget, validateRetryPolicy } from '@stormglass/sim-core';
import type { RateProfileKind } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { RATE_PROFILE_SECTION_KINDS, trafficSchema } from '../src/language/sections/traffic.js';
import { formatProblem, parseSource } from '../src/language/source.js';

// The traffic section: users with rate profiles and mixes, and their clients, to sim-core's types.

function parse(text: string) {
  const source = parseSource(text, 'traffic.yaml');
  const result = trafficSchema.safeParse(source.value, { reportInput: true });
  return { result, problems: result.success ? [] : problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(trafficSchema, path, source.value)).map(formatProblem) };
}

describe('traffic section', () => {
  it('resolves users and a client with the documented defaults, valid for sim-core', () => {
    const { result, problems } = parse(`users:
  - region: us-east
    rate: { kind: ramp, from: 200rps, to: 2000rps, start: 10m, end: 15m }
    mix:
      - { endpoint: browse, weight: 9 }
      - { endpoint: checkout, weight: 1, writes: 30% }
client:
  retries: 2
  budget: { ratio: 10% }
`);
    expect(problems).toEqual([]);
    if (!result.success) return;
    const [users] = result.data.users;
    expect(users).toEqual({
      region: 'us-east',
      profile: { kind: 'ramp', fromPerS: 200, toPerS: 2000, startUs: 600_000_000, endUs: 900_000_000 },
      mix: [
        { endpoint: 'browse', weight: 9, writeRatio: 0 },
        { endpoint: 'checkout', weight: 1, writeRatio: 0.3 },
      ],
    });
    expect(result.data.client).toEqual({
      retry: { attemptTimeoutUs: 2_000_000, deadlineUs: 6_000_000, retriesMax: 2, backoff: { baseUs: 100_000, multiplier: 2, capUs: 5_000_000, jitter: 'full' }, retryOn: ['timeout', 'error', 'rejected'] },
      budget: { ratio: 0.1, minRetriesPerS: 10, windowUs: 10_000_000 },
    });
    expect(validatePopulation(users)).toEqual([]);
    expect(validateRetryPolicy(result.data.client.retry)).toEqual([]);
    expect(validateRetryBudget(result.data.client.budget as NonNullable<typeof result.data.client.budget>)).toEqual([]);
  });

  it('an empty client section is the default client', () => {
    const { result } = parse('users: [{ region: a, rate: { kind: constant, rate: 10rps }, mix: [{ endpoint: get, weight: 1 }] }]\n');
    expect(result.success && result.data.client.retry.retriesMax).toBe(0);
    expect(result.success && result.data.client.hedging).toBeUndefined();
  });

  it('reports a wrong profile kind, a misspelt field and a bad unit at their lines', () => {
    const { problems } = parse(`users:
  - region: us-east
    rate: { kind: rmap, from: 1rps }
    mix: [{ endpoint: get, wieght: 1 }]
client: { timeout: 2 seconds }
`);
    expect(problems).toEqual([
      'traffic.yaml:3:19 users[0].rate.kind: not one of the allowed values (expected one of "constant", "ramp", "spike", "diurnal", "launch", "piecewise", found "rmap") — did you mean "ramp"?',
      // A missing field is placed at the mapping that lacks it.
      'traffic.yaml:4:28 users[0].mix[0].wieght: "wieght" is not a field here (expected one of endpoint, weight, writes, found "wieght") — did you mean "weight"?',
      expect.stringMatching(/^traffic\.yaml:5:20 client\.timeout: invalid duration \(expected .*found .*\)/),
    ]);
  });

  it('hedging resolves to sim-core\'s hedging config', () => {
    const { result } = parse('users: [{ region: a, rate: { kind: constant, rate: 10rps }, mix: [{ endpoint: get, weight: 1 }] }]\nclient: { hedging: { after: 50ms } }\n');
    const hedging = result.success ? result.data.client.hedging : undefined;
    expect(hedging).toEqual({ delayUs: 50_000, hedgesMax: 1 });
    expect(validateHedging(hedging as NonNullable<typeof hedging>)).toEqual([]);
  });

  describe('rate profiles', () => {
    // Every key is required by the type, so a kind added to sim-core fails the typecheck here.
    const SIM_CORE_KINDS: Record<RateProfileKind, true> = { constant: true, ramp: true, spike: true, diurnal: true, launch: true, piecewise: true };
    const profileOf = (rate: string) => {
      const { result, problems } = parse(`users: [{ region: a, rate: ${rate}, mix: [{ endpoint: get, weight: 1 }] }]\n`);
      expect(problems).toEqual([]);
      const profile = result.success ? result.data.users[0].profile : undefined;
      expect(profile === undefined ? ['no profile'] : validateRateProfile(profile)).toEqual([]);
      return profile;
    };

    it('covers every rate profile kind sim-core has', () => {
      expect([...RATE_PROFILE_SECTION_KINDS].sort()).toEqual(Object.keys(SIM_CORE_KINDS).sort());
    });

    it('constant', () => {
      expect(profileOf('{ kind: constant, rate: 120rps }')).toEqual({ kind: 'constant', ratePerS: 120 });
    });

    it('ramp', () => {
      expect(profileOf('{ kind: ramp, from: 10rps, to: 100rps, start: 1m, end: 2m }')).toEqual({ kind: 'ramp', fromPerS: 10, toPerS: 100, startUs: 60_000_000, endUs: 120_000_000 });
    });

    it('spike, with and without ramps', () => {
      expect(profileOf('{ kind: spike, base: 100rps, peak: 1000rps, start: 10m, duration: 30s, ramp: 5s }')).toEqual({ kind: 'spike', basePerS: 100, peakPerS: 1000, startUs: 600_000_000, durationUs: 30_000_000, rampUs: 5_000_000 });
      expect(profileOf('{ kind: spike, base: 100rps, peak: 10rps, start: 10m, duration: 30s }')).toEqual({ kind: 'spike', basePerS: 100, peakPerS: 10, startUs: 600_000_000, durationUs: 30_000_000 });
    });

    it('diurnal, with the period sim-core defaults to', () => {
      expect(profileOf('{ kind: diurnal, mean: 800rps, amplitude: 50%, peakAt: 14h }')).toEqual({ kind: 'diurnal', meanPerS: 800, amplitudeRatio: 0.5, periodUs: DIURNAL_PERIOD_US_DEFAULT, peakAtUs: 50_400_000_000 });
      expect(profileOf('{ kind: diurnal, mean: 800rps, amplitude: 20%, period: 1h, peakAt: 0s }')).toEqual({ kind: 'diurnal', meanPerS: 800, amplitudeRatio: 0.2, periodUs: 3_600_000_000, peakAtUs: 0 });
    });

    it('launch, the plateau defaulting to the base', () => {
      expect(profileOf('{ kind: launch, base: 100rps, peak: 1200rps, at: 10m, rise: 2m, decay: 30m }')).toEqual({
        kind: 'launch',
        basePerS: 100,
        peakPerS: 1200,
        launchAtUs: 600_000_000,
        riseUs: 120_000_000,
        decayUs: 1_800_000_000,
        plateauPerS: 100,
      });
      expect(profileOf('{ kind: launch, base: 100rps, peak: 1200rps, at: 10m, rise: 0s, decay: 30m, plateau: 300rps }')).toMatchObject({ riseUs: 0, plateauPerS: 300 });
    });

    it('piecewise, linear by default', () => {
      expect(profileOf('{ kind: piecewise, points: [{ at: 0s, rate: 10rps }, { at: 5m, rate: 400rps }, { at: 1h, rate: 50rps }] }')).toEqual({
        kind: 'piecewise',
        points: [
          { atUs: 0, ratePerS: 10 },
          { atUs: 300_000_000, ratePerS: 400 },
          { atUs: 3_600_000_000, ratePerS: 50 },
        ],
        interpolation: 'linear',
      });
      expect(profileOf('{ kind: piecewise, points: [{ at: 0s, rate: 10rps }], interpolation: step }')).toEqual({ kind: 'piecewise', points: [{ atUs: 0, ratePerS: 10 }], interpolation: 'step' });
    });

    it('reports a misspelt field of a launch, a bad unit in a point and a wrong interpolation at their lines', () => {
      const { problems } = parse(`users:
  - region: a
    rate: { kind: launch, base: 100rps, peak: 1200rps, at: 10m, rise: 2m, decya: 30m }
    mix: [{ endpoint: get, weight: 1 }]
  - region: b
    rate:
      kind: piecewise
      points: [{ at: 0s, rate: 10rsp }, { at: 5m, rate: 20rps }]
      interpolation: linaer
    mix: [{ endpoint: get, weight: 1 }]
`);
      expect(problems).toEqual([
        'traffic.yaml:3:75 users[0].rate.decya: "decya" is not a field here (expected one of kind, base, peak, at, rise, decay, plateau, found "decya") — did you mean "decay"?',
        'traffic.yaml:8:32 users[1].rate.points[0].rate: invalid rate (expected one of rps, krps, Mrps, /s, rpm, /min, /m, rph, /h, found unknown unit "rsp")',
        'traffic.yaml:9:22 users[1].rate.interpolation: not one of the allowed values (expected one of "step", "linear", found "linaer") — did you mean "linear"?',
      ]);
    });
  });
});
