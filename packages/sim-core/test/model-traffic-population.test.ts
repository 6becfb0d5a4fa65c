import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { EndpointPicker, validateMix, validatePopulation } from '../src/model/traffic/index.js';
import type { EndpointMixEntry, PopulationConfig } from '../src/model/traffic/index.js';

const SEED = 77;
/** Two-sided 99.9% normal critical value, z(0.9995). */
const Z999 = 3.2905267314918945;
/** The 99.9% point of the chi-square distribution with 5 degrees of freedom (scipy.stats.chi2.ppf). */
const CHI2_5_999 = 20.515005652432873;

const MIX: EndpointMixEntry[] = [
  { endpoint: 'home', weight: 50 },
  { endpoint: 'search', weight: 20, writeRatio: 0 },
  { endpoint: 'product', weight: 15, writeRatio: 0.05 },
  { endpoint: 'cart', weight: 8, writeRatio: 0.6 },
  { endpoint: 'checkout', weight: 5, writeRatio: 1 },
  { endpoint: 'login', weight: 2, writeRatio: 0.3 },
];
const N = 200_000;

describe('EndpointPicker', () => {
  const picker = new EndpointPicker(MIX);
  const rng = new RandomStream(SEED, 'traffic/picker');
  const picks = new Int32Array(MIX.length);
  const writes = new Int32Array(MIX.length);
  for (let n = 0; n < N; n++) {
    const i = picker.pick(rng);
    picks[i]++;
    if (picker.lastWrite) writes[i]++;
  }

  it('pick(rng) frequencies match the weights: chi-square below the 99.9% point with 5 degrees of freedom', () => {
    const total = MIX.reduce((sum, e) => sum + e.weight, 0);
    let chi2 = 0;
    for (let i = 0; i < MIX.length; i++) {
      const expected = (N * MIX[i].weight) / total;
      chi2 += (picks[i] - expected) ** 2 / expected;
      expect(picker.probability(i)).toBeCloseTo(MIX[i].weight / total, 15);
    }
    expect(chi2).toBeLessThan(CHI2_5_999);
  });

  it('pick(rng) sets lastWrite for each endpoint at its write ratio, within the binomial 99.9% interval', () => {
    for (let i = 0; i < MIX.length; i++) {
      const ratio = MIX[i].writeRatio ?? 0;
      const halfWidth = Z999 * Math.sqrt((ratio * (1 - ratio)) / picks[i]);
      expect(Math.abs(writes[i] / picks[i] - ratio)).toBeLessThanOrEqual(halfWidth);
    }
    // Ratio 0 (given or by default) never writes and ratio 1 always does.
    expect([writes[0], writes[1], writes[4] - picks[4]]).toEqual([0, 0, 0]);
  });

  it('pick(rng) inverts the cumulative weights with the first draw and compares the second with the write ratio (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 20 }),
        fc.integer(),
        (entries, seed) => {
          const mix = entries.map(([weight, writeRatio], i) => ({ endpoint: `e${i}`, weight, writeRatio }));
          const p = new EndpointPicker(mix);
          const draws = new RandomStream(seed, 'traffic/picker-property');
          const twin = new RandomStream(seed, 'traffic/picker-property');
          const total = mix.reduce((sum, e) => sum + e.weight, 0);
          for (let n = 0; n < 50; n++) {
            const i = p.pick(draws);
            // The oracle: the first index whose running weight exceeds u·total.
            const u = twin.float() * total;
            let expected = 0;
            let running = mix[0].weight;
            while (running <= u && expected < mix.length - 1) {
              expected++;
              running += mix[expected].weight;
            }
            expect(i).toBe(expected);
            expect(p.lastWrite).toBe(twin.float() < mix[i].writeRatio);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pick(rng) gives the same endpoints and writes for the same stream and always takes exactly two draws', () => {
    const a = new EndpointPicker(MIX);
    const b = new EndpointPicker(MIX);
    const ra = new RandomStream(SEED, 'traffic/determinism');
    const rb = new RandomStream(SEED, 'traffic/determinism');
    const reference = new RandomStream(SEED, 'traffic/determinism');
    for (let n = 0; n < 1000; n++) {
      expect([a.pick(ra), a.lastWrite]).toEqual([b.pick(rb), b.lastWrite]);
      reference.float();
      reference.float();
    }
    expect(ra.float()).toBe(reference.float());
  });

  it('new EndpointPicker(mix) exposes the endpoints in mix order and each write ratio', () => {
    expect(picker.endpoints).toEqual(['home', 'search', 'product', 'cart', 'checkout', 'login']);
    expect(picker.size).toBe(6);
    expect([picker.writeRatio(0), picker.writeRatio(3)]).toEqual([0, 0.6]);
  });

  it('new EndpointPicker(mix) throws with every problem of an invalid mix', () => {
    expect(() => new EndpointPicker([{ endpoint: 'a', weight: 0 }])).toThrow(new RangeError('EndpointPicker: mix[0].weight must be a finite number > 0, got 0'));
  });
});

describe('validateMix and validatePopulation', () => {
  it('validateMix returns exactly the problems of each entry', () => {
    const mix = [
      { endpoint: 'home', weight: 1 },
      { endpoint: 'home', weight: -2, writeRatio: 1.5 },
      { endpoint: '', weight: Number.NaN },
      'cart',
      { endpoint: 'cart', weight: 1, writeRatio: 0 },
    ];
    expect(validateMix(mix as EndpointMixEntry[])).toEqual([
      'mix[1].endpoint "home" repeats mix[0]; list each endpoint once',
      'mix[1].weight must be a finite number > 0, got -2',
      'mix[1].writeRatio must be a number between 0 and 1, got 1.5',
      'mix[2].endpoint must be a non-empty string, got ""',
      'mix[2].weight must be a finite number > 0, got NaN',
      'mix[3] must be an object { endpoint, weight, writeRatio? }, got "cart"',
    ]);
    expect(validateMix([])).toEqual(['mix must be a non-empty array of { endpoint, weight, writeRatio? }, got an empty array']);
    expect(validateMix(MIX)).toEqual([]);
  });

  it('validatePopulation returns the region, profile and mix problems, the profile ones prefixed', () => {
    const population = { region: '', profile: { kind: 'constant', ratePerS: -1 }, mix: [{ endpoint: 'home', weight: 0 }] };
    expect(validatePopulation(population as PopulationConfig)).toEqual([
      'region must be a non-empty string, got ""',
      'profile: constant: ratePerS must be a finite number >= 0, got -1',
      'mix[0].weight must be a finite number > 0, got 0',
    ]);
    expect(validatePopulation({ region: 'eu-west', profile: { kind: 'constant', ratePerS: 100 }, mix: MIX })).toEqual([]);
    expect(validatePopulation(null as unknown as PopulationConfig)).toEqual(['population must be an object { region, profile, mix }, got null']);
  });
});
