import { Network, validateLinks, validateRegions } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { networkSchema, regionSchema, resolveLinks } from '../src/language/sections/regions.js';
import { formatProblem, parseSource } from '../src/language/source.js';

// The regions and network sections: YAML in, sim-core's RegionConfig[] and LinkConfig[] out.

const section = z.strictObject({ regions: z.array(regionSchema).min(1), network: networkSchema.default({ links: [], defaults: {} }) });

const TEXT = `regions:
  - id: us-east
    location: { lon: -77.5, lat: 39.0 }
    price: $0.19/h
    egress: $0.02/GB
    residency: us
  - id: eu-west
    location: { lon: -6.3, lat: 53.3 }
    zones: [a, b]
    price: $0.21/h
    egress: $0.02/GB
network:
  defaults: { jitter: 2ms }
  links:
    - between: [us-east, eu-west]
      rtt: 80ms
      loss: 0.01%
`;

function problems(text: string): string[] {
  const source = parseSource(text, 'regions.yaml');
  const result = section.safeParse(source.value, { reportInput: true });
  return result.success ? [] : problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(section, path, source.value)).map(formatProblem);
}

describe('regions and network sections', () => {
  it('resolve to what sim-core takes, with the documented defaults', () => {
    const parsed = section.parse(parseSource(TEXT, 'regions.yaml').value);
    expect(parsed.regions).toEqual([
      { id: 'us-east', location: { lon: -77.5, lat: 39 }, zones: ['a', 'b', 'c'], instancePriceUsdPerHour: 0.19, egressPriceUsdPerGB: 0.02, residency: 'us' },
      { id: 'eu-west', location: { lon: -6.3, lat: 53.3 }, zones: ['a', 'b'], instancePriceUsdPerHour: 0.21, egressPriceUsdPerGB: 0.02 },
    ]);
    const links = resolveLinks(parsed.network);
    expect(links).toEqual([{ between: ['us-east', 'eu-west'], rttUs: 80_000, jitterUs: 2_000, lossRatio: 0.0001, bandwidthBitsPerS: 10e9, retransmitTimeoutUs: 200_000, retransmitsMax: 3 }]);
    expect(validateRegions(parsed.regions)).toEqual([]);
    expect(validateLinks(links, parsed.regions)).toEqual([]);
    expect(new Network(parsed.regions, links).rttUs('us-east', 'eu-west')).toBe(80_000);
  });

  it('report prices with the wrong unit, misspelt fields and out-of-range coordinates at their lines', () => {
    const bad = TEXT.replace('price: $0.19/h', 'price: $0.19/month').replace('zones: [a, b]', 'zone: [a, b]').replace('lat: 53.3', 'lat: 93.3');
    expect(problems(bad)).toEqual([
      'regions.yaml:4:12 regions[0].price: an instance price is per hour (expected a price per hour, like $0.19/h, found a price per month)',
      'regions.yaml:8:33 regions[1].location.lat: too large (expected <= 90, found 93.3)',
      'regions.yaml:9:5 regions[1].zone: "zone" is not a field here (expected one of id, location, zones, price, egress, residency, found "zone") — did you mean "zones"?',
    ]);
  });

  it('export a JSON Schema with the descriptions and defaults, for editors', () => {
    const schema = z.toJSONSchema(section, { io: 'input' }) as unknown as { properties: { regions: { items: { properties: Record<string, { description?: string; default?: unknown }> } } } };
    const region = schema.properties.regions.items.properties;
    expect(region.zones.default).toEqual(['a', 'b', 'c']);
    expect(region.price.description).toContain('$0.19/h');
  });
});
