import { validateHedging, validatePopulation, validateRetryBudget, validateRetryPolicy } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { trafficSchema } from '../src/language/sections/traffic.js';
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
      'traffic.yaml:3:19 users[0].rate.kind: not one of the allowed values (expected one of "constant", "ramp", "spike", found "rmap") — did you mean "ramp"?',
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
});
