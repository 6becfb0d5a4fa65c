import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { NETWORK_DEFAULTS, Network, greatCircleKm, rttFromDistanceUs } from '../src/model/geo/index.js';
import type { LinkConfig, RegionConfig } from '../src/model/geo/index.js';

function region(id: string, lat: number, lon: number): RegionConfig {
  return { id, location: { lon, lat }, zones: [`${id}-a`, `${id}-b`], instancePriceUsdPerHour: 0.1, egressPriceUsdPerGB: 0.02 };
}

const REGIONS: RegionConfig[] = [
  region('us-east', 39.0438, -77.4874),
  region('us-west', 45.8399, -119.7006),
  region('eu-west', 53.3498, -6.2603),
  region('ap-southeast', 1.3521, 103.8198),
];

function linkConfig(between: [string, string], rttUs?: number): LinkConfig {
  return { between, rttUs, jitterUs: 2_000, lossRatio: 0.001, bandwidthBitsPerS: 5e9, retransmitTimeoutUs: 250_000, retransmitsMax: 2 };
}

const LINKS: LinkConfig[] = [linkConfig(['eu-west', 'us-east'], 70_000), linkConfig(['us-west', 'eu-west'])];

describe('Network', () => {
  it('new Network interns region ids in the order given: regionIndex(id) and regionId(index) invert each other', () => {
    const network = new Network(REGIONS, LINKS);
    expect(network.regionCount).toBe(4);
    expect(network.regionIds).toEqual(['us-east', 'us-west', 'eu-west', 'ap-southeast']);
    REGIONS.forEach((r, i) => {
      expect(network.regionIndex(r.id)).toBe(i);
      expect(network.regionId(i)).toBe(r.id);
    });
  });

  it('regionIndex of an unknown id throws and suggests the closest id', () => {
    const network = new Network(REGIONS, LINKS);
    expect(() => network.regionIndex('eu-wset')).toThrow('Network: unknown region "eu-wset" (did you mean "eu-west"?)');
    expect(() => network.regionId(4)).toThrow('Network: region index must be an integer in [0, 3], got 4');
  });

  it('new Network completes the matrix: configured links, one derived link per other pair, a local link per region', () => {
    const network = new Network(REGIONS, LINKS);
    expect(network.links.map((l) => [l.origin, ...l.between])).toEqual([
      ['configured', 'eu-west', 'us-east'],
      ['configured', 'us-west', 'eu-west'],
      ['derived', 'us-east', 'us-west'],
      ['derived', 'us-east', 'ap-southeast'],
      ['derived', 'us-west', 'ap-southeast'],
      ['derived', 'eu-west', 'ap-southeast'],
    ]);
    for (let a = 0; a < 4; a++) {
      expect(network.linkAt(a, a).origin).toBe('local');
      expect(network.linkAt(a, a).between).toEqual([REGIONS[a].id, REGIONS[a].id]);
      for (let b = 0; b < 4; b++) expect(network.linkAt(a, b)).toBe(network.linkAt(b, a));
    }
  });

  it('linkBetween(a, b) and linkBetween(b, a) are the same link; directionAt / directionBetween say which way a hop crosses it', () => {
    const network = new Network(REGIONS, LINKS);
    const link = network.linkBetween('us-east', 'eu-west');
    expect(link).toBe(network.linkBetween('eu-west', 'us-east'));
    expect(link.between).toEqual(['eu-west', 'us-east']);
    expect(network.directionBetween('eu-west', 'us-east')).toBe(0);
    expect(network.directionBetween('us-east', 'eu-west')).toBe(1);
    expect(network.directionAt(2, 0)).toBe(0);
    expect(network.directionAt(0, 2)).toBe(1);
    expect(network.linkBetween('us-west', 'us-west')).toBe(network.linkAt(1, 1));
  });

  it('rttUs(a, b) is the configured rttUs, else derived from the great-circle distance; derived links take NETWORK_DEFAULTS', () => {
    const network = new Network(REGIONS, LINKS);
    expect(network.rttUs('us-east', 'eu-west')).toBe(70_000);
    expect(network.rttUs('eu-west', 'us-west')).toBe(rttFromDistanceUs(greatCircleKm(REGIONS[1].location, REGIONS[2].location)));
    expect(network.rttAt(0, 3)).toBe(rttFromDistanceUs(greatCircleKm(REGIONS[0].location, REGIONS[3].location)));
    expect(network.rttUs('ap-southeast', 'ap-southeast')).toBe(NETWORK_DEFAULTS.intraRegionRttUs);
    const configured = network.linkBetween('us-west', 'eu-west');
    expect([configured.jitterUs, configured.lossRatio, configured.retransmitsMax]).toEqual([2_000, 0.001, 2]);
    const derived = network.linkBetween('us-east', 'ap-southeast');
    expect([derived.jitterUs, derived.lossRatio, derived.bandwidthBitsPerS, derived.retransmitTimeoutUs, derived.retransmitsMax]).toEqual([
      NETWORK_DEFAULTS.jitterUs,
      NETWORK_DEFAULTS.lossRatio,
      NETWORK_DEFAULTS.bandwidthBitsPerS,
      NETWORK_DEFAULTS.retransmitTimeoutUs,
      NETWORK_DEFAULTS.retransmitsMax,
    ]);
  });

  it('rttUs ignores faults (a routing table is measured ahead); Link.expectedRttUs sees them', () => {
    const network = new Network(REGIONS, LINKS);
    const link = network.linkBetween('us-east', 'eu-west');
    const before = link.expectedRttUs();
    link.degrade({ addedLatencyUs: 10_000, addedLossRatio: 0 }, network.directionBetween('us-east', 'eu-west'));
    expect(network.rttUs('us-east', 'eu-west')).toBe(70_000);
    expect(link.expectedRttUs()).toBeCloseTo(before + 10_000, 6);
  });

  it('options fiberFactor, fiberKmPerMs, intraRegionRttUs and intraRegionJitterUs reach derived and local links', () => {
    const network = new Network(REGIONS, LINKS, { fiberFactor: 2, fiberKmPerMs: 180, intraRegionRttUs: 500, intraRegionJitterUs: 0 });
    const km = greatCircleKm(REGIONS[0].location, REGIONS[1].location);
    expect(network.rttUs('us-east', 'us-west')).toBe(rttFromDistanceUs(km, { fiberFactor: 2, fiberKmPerMs: 180 }));
    expect(network.rttUs('us-east', 'us-east')).toBe(500);
    expect(network.linkAt(0, 0).jitterUs).toBe(0);
  });

  it('oneWayDelayUs(from, to, rng) crosses linkAt(from, to) in directionAt(from, to), draw for draw', () => {
    const network = new Network(REGIONS, LINKS);
    network.linkBetween('us-east', 'eu-west').partition(network.directionBetween('us-east', 'eu-west'));
    const viaNetwork = new RandomStream(7, 'hops');
    const viaLink = new RandomStream(7, 'hops');
    for (let from = 0; from < 4; from++) {
      for (let to = 0; to < 4; to++) {
        const expected = network.linkAt(from, to).oneWayDelayUs(network.directionAt(from, to), viaLink, 1_500);
        expect(network.oneWayDelayUs(from, to, viaNetwork, 1_500)).toBe(expected);
      }
    }
    expect(network.oneWayDelayUs(0, 2, viaNetwork)).toBe(-1);
    expect(network.oneWayDelayUs(2, 0, viaNetwork)).toBeGreaterThan(35_000);
  });

  it('new Network throws a RangeError listing every problem in regions, links and options', () => {
    const regions = [...REGIONS, { ...region('us-east', 0, 0), zones: [] }];
    const links = [linkConfig(['us-east', 'mars'])];
    expect(() => new Network(regions, links, { fiberFactor: 0.5 })).toThrow(
      new RangeError(
        'Network: 4 problem(s):\n' +
          '- region "us-east" (regions[4]): duplicate id, already used by regions[0]\n' +
          '- region "us-east" (regions[4]): zones must list at least one zone, got an empty list\n' +
          '- link "us-east" <-> "mars": unknown region "mars" (known: "us-east", "us-west", "eu-west", "ap-southeast")\n' +
          '- network: fiberFactor must be a finite number >= 1 (fibre is never shorter than the great circle), got 0.5',
      ),
    );
  });

  it('new Network with one region and no links has only its local link', () => {
    const network = new Network([REGIONS[0]]);
    expect(network.links).toEqual([]);
    expect(network.linkAt(0, 0).origin).toBe('local');
  });
});
