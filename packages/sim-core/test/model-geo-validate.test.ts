import { describe, expect, it } from 'vitest';
import { validateLinks, validateNetworkOptions, validateRegions } from '../src/model/geo/index.js';
import type { LinkConfig, RegionConfig } from '../src/model/geo/index.js';

function region(id: string, overrides: Partial<RegionConfig> = {}): RegionConfig {
  return { id, location: { lon: -77.5, lat: 39 }, zones: ['a', 'b'], instancePriceUsdPerHour: 0.096, egressPriceUsdPerGB: 0.02, ...overrides };
}

function link(between: [string, string], overrides: Partial<LinkConfig> = {}): LinkConfig {
  return { between, jitterUs: 1_000, lossRatio: 0.0001, bandwidthBitsPerS: 1e10, retransmitTimeoutUs: 200_000, retransmitsMax: 3, ...overrides };
}

const REGIONS = [region('us-east'), region('eu-west', { residency: 'eu' }), region('ap-southeast')];

describe('validateRegions', () => {
  it('validateRegions of well-formed regions returns no problems', () => {
    expect(validateRegions(REGIONS)).toEqual([]);
    expect(validateRegions([])).toEqual([]);
    expect(validateRegions([region('edge', { location: { lon: 180, lat: -90 }, instancePriceUsdPerHour: 0, egressPriceUsdPerGB: 0 })])).toEqual([]);
  });

  it('validateRegions lists duplicate ids, coordinates out of range, empty zones and negative prices, naming each value', () => {
    const regions = [
      region('us-east'),
      region('us-east', { location: { lon: 200, lat: -91 }, zones: [], instancePriceUsdPerHour: -1, egressPriceUsdPerGB: Number.NaN }),
      region('', { zones: ['a', 'a', ''], residency: '' }),
      region('eu-west', { location: undefined as unknown as RegionConfig['location'], zones: undefined as unknown as string[] }),
      region('ap-south', { location: { lon: Number.NaN, lat: 0 }, egressPriceUsdPerGB: Infinity }),
    ];
    expect(validateRegions(regions)).toEqual([
      'region "us-east" (regions[1]): duplicate id, already used by regions[0]',
      'region "us-east" (regions[1]): location.lon must be in [-180, 180] degrees, got 200',
      'region "us-east" (regions[1]): location.lat must be in [-90, 90] degrees, got -91',
      'region "us-east" (regions[1]): zones must list at least one zone, got an empty list',
      'region "us-east" (regions[1]): instancePriceUsdPerHour must be a finite number >= 0, got -1',
      'region "us-east" (regions[1]): egressPriceUsdPerGB must be a finite number >= 0, got NaN',
      'regions[2]: id must be a non-empty string, got ""',
      'regions[2]: zone "a" is listed twice',
      'regions[2]: a zone id must be a non-empty string, got ""',
      'regions[2]: residency, when given, must be a non-empty string, got ""',
      'region "eu-west": location must be an object { lon, lat }, got undefined',
      'region "eu-west": zones must list at least one zone, got undefined',
      'region "ap-south": location.lon must be in [-180, 180] degrees, got NaN',
      'region "ap-south": egressPriceUsdPerGB must be a finite number >= 0, got Infinity',
    ]);
  });
});

describe('validateLinks', () => {
  it('validateLinks of well-formed links returns no problems', () => {
    expect(validateLinks([link(['us-east', 'eu-west'], { rttUs: 70_000 }), link(['ap-southeast', 'eu-west'])], REGIONS)).toEqual([]);
    expect(validateLinks([link(['us-east', 'eu-west'], { jitterUs: 0, lossRatio: 0, retransmitTimeoutUs: 0, retransmitsMax: 0, rttUs: 0 })], REGIONS)).toEqual([]);
  });

  it('validateLinks lists unknown regions (with a suggestion), self-links and duplicates in either order', () => {
    const links = [
      link(['us-east', 'eu-west']),
      link(['eu-west', 'us-east']),
      link(['us-east', 'eu-west']),
      link(['us-east', 'eu-wst']),
      link(['mars', 'venus']),
      link(['ap-southeast', 'ap-southeast']),
      link(['moon', 'moon']),
      link(['us-east'] as unknown as [string, string]),
    ];
    expect(validateLinks(links, REGIONS)).toEqual([
      'link "eu-west" <-> "us-east" (links[1]): duplicates links[0] (one link carries both directions)',
      'link "us-east" <-> "eu-west" (links[2]): duplicates links[0] (one link carries both directions)',
      'link "us-east" <-> "eu-wst": unknown region "eu-wst" (did you mean "eu-west"?)',
      'link "mars" <-> "venus": unknown region "mars" (known: "us-east", "eu-west", "ap-southeast")',
      'link "mars" <-> "venus": unknown region "venus" (known: "us-east", "eu-west", "ap-southeast")',
      'link "ap-southeast" <-> "ap-southeast": a link must join two different regions (traffic inside a region uses the intra-region link)',
      'link "moon" <-> "moon": unknown region "moon" (known: "us-east", "eu-west", "ap-southeast")',
      'link "moon" <-> "moon": a link must join two different regions (traffic inside a region uses the intra-region link)',
      'links[7]: between must be a pair of region ids, got an array',
    ]);
    expect(validateLinks([link(['a', 'b'])], [])).toEqual([
      'link "a" <-> "b": unknown region "a" (no regions are defined)',
      'link "a" <-> "b": unknown region "b" (no regions are defined)',
    ]);
  });

  it('validateLinks lists negative times, loss outside [0, 1), non-positive bandwidth and fractional retransmitsMax, naming each value', () => {
    const bad = link(['us-east', 'eu-west'], {
      rttUs: -5,
      jitterUs: Number.NaN,
      lossRatio: 1,
      bandwidthBitsPerS: 0,
      retransmitTimeoutUs: -1,
      retransmitsMax: 1.5,
    });
    const alsoBad = link(['eu-west', 'ap-southeast'], { lossRatio: -0.1, bandwidthBitsPerS: Infinity, retransmitsMax: -1, jitterUs: Infinity });
    expect(validateLinks([bad, alsoBad], REGIONS)).toEqual([
      'link "us-east" <-> "eu-west": rttUs must be a finite number >= 0 µs, got -5',
      'link "us-east" <-> "eu-west": jitterUs must be a finite number >= 0 µs, got NaN',
      'link "us-east" <-> "eu-west": lossRatio must be in [0, 1) (a link that loses everything is a partition), got 1',
      'link "us-east" <-> "eu-west": bandwidthBitsPerS must be a finite number > 0, got 0',
      'link "us-east" <-> "eu-west": retransmitTimeoutUs must be a finite number >= 0 µs, got -1',
      'link "us-east" <-> "eu-west": retransmitsMax must be a whole number >= 0, got 1.5',
      'link "eu-west" <-> "ap-southeast": jitterUs must be a finite number >= 0 µs, got Infinity',
      'link "eu-west" <-> "ap-southeast": lossRatio must be in [0, 1) (a link that loses everything is a partition), got -0.1',
      'link "eu-west" <-> "ap-southeast": bandwidthBitsPerS must be a finite number > 0, got Infinity',
      'link "eu-west" <-> "ap-southeast": retransmitsMax must be a whole number >= 0, got -1',
    ]);
  });
});

describe('validateNetworkOptions', () => {
  it('validateNetworkOptions accepts empty and sensible options and names every bad one', () => {
    expect(validateNetworkOptions({})).toEqual([]);
    expect(validateNetworkOptions({ fiberFactor: 1, fiberKmPerMs: 204, intraRegionRttUs: 0, intraRegionJitterUs: 50 })).toEqual([]);
    expect(validateNetworkOptions({ fiberFactor: 0.99, fiberKmPerMs: 0, intraRegionRttUs: -1, intraRegionJitterUs: Number.NaN })).toEqual([
      'network: fiberFactor must be a finite number >= 1 (fibre is never shorter than the great circle), got 0.99',
      'network: fiberKmPerMs must be a finite number > 0 km/ms, got 0',
      'network: intraRegionRttUs must be a finite number >= 0 µs, got -1',
      'network: intraRegionJitterUs must be a finite number >= 0 µs, got NaN',
    ]);
  });
});
