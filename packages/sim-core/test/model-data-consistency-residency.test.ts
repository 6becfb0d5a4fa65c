import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionedHomes, ResidencyGuard, foreignAccessExtraUs, validatePartitionedHomes, validateResidency } from '../src/model/data/consistency/index.js';
import type { ResidencyConfig, ResidencyViolation } from '../src/model/data/consistency/index.js';

const regionIds = ['us-east', 'eu-west', 'eu-central', 'ap-south', 'sa-east'];

/** Zones over random non-empty subsets of the regions, each with a home among its allowed regions. */
const worldArb = fc
  .array(fc.uniqueArray(fc.integer({ min: 0, max: regionIds.length - 1 }), { minLength: 1, maxLength: regionIds.length }), { minLength: 1, maxLength: 4 })
  .chain((allowed) =>
    fc.record({
      allowed: fc.constant(allowed),
      homes: fc.tuple(...allowed.map((regions) => fc.constantFrom(...regions))),
    }),
  );

const residencyOf = (allowed: number[][]): ResidencyConfig => ({
  zones: allowed.map((regions, z) => ({ zone: `z${z}`, regions: regions.map((r) => regionIds[r]) })),
});

const homesOf = (homes: number[]) => ({ homes: homes.map((region, z) => ({ zone: `z${z}`, region: regionIds[region] })) });

/** Operations the engine might issue: reads of a zone, replicas stored in a region, failovers moving a zone's home. */
const opsArb = fc.array(
  fc.record({ t: fc.integer({ min: 1, max: 1000 }), kind: fc.constantFrom('read', 'read', 'store', 'move'), zone: fc.nat(), region: fc.nat() }),
  { maxLength: 120 },
);

describe('residency invariants (properties)', () => {
  it('without failovers, allowed placements and reads at the homes never record a violation', () => {
    fc.assert(
      fc.property(worldArb, opsArb, ({ allowed, homes }, ops) => {
        const guard = new ResidencyGuard(residencyOf(allowed), regionIds);
        const partitioned = new PartitionedHomes(homesOf(homes), guard);
        for (const op of ops.sort((a, b) => a.t - b.t)) {
          const zone = op.zone % allowed.length;
          if (op.kind === 'store') {
            expect(guard.stored(op.t, zone, allowed[zone][op.region % allowed[zone].length])).toBe(true);
          } else {
            expect(allowed[zone]).toContain(partitioned.read(op.t, zone));
          }
        }
        expect([guard.violationCount, guard.violations()]).toEqual([0, []]);
      }),
      { numRuns: 300 },
    );
  });

  it('each failover move outside the allowed regions records one "stored" violation, and each read served there one "served" (reference log)', () => {
    fc.assert(
      fc.property(worldArb, opsArb, ({ allowed, homes }, ops) => {
        const guard = new ResidencyGuard(residencyOf(allowed), regionIds);
        const partitioned = new PartitionedHomes(homesOf(homes), guard);
        const home = [...homes];
        const expected: ResidencyViolation[] = [];
        const record = (atUs: number, zone: number, region: number, reason: 'stored' | 'served') => {
          if (!allowed[zone].includes(region)) expected.push({ atUs, zone: `z${zone}`, region: regionIds[region], reason });
        };
        for (const op of ops.sort((a, b) => a.t - b.t)) {
          const zone = op.zone % allowed.length;
          const region = op.region % regionIds.length;
          if (op.kind === 'move') {
            if (home[zone] !== region) record(op.t, zone, region, 'stored');
            home[zone] = region;
            expect(partitioned.move(op.t, zone, region)).toBe(allowed[zone].includes(region));
          } else if (op.kind === 'store') {
            record(op.t, zone, region, 'stored');
            guard.stored(op.t, zone, region);
          } else {
            record(op.t, zone, home[zone], 'served');
            expect(partitioned.read(op.t, zone)).toBe(home[zone]);
          }
        }
        expect(guard.violations()).toEqual(expected);
        expect(guard.storedViolations).toBe(expected.filter((v) => v.reason === 'stored').length);
        expect(guard.servedViolations).toBe(expected.filter((v) => v.reason === 'served').length);
        for (let z = 0; z < allowed.length; z++) {
          for (let r = 0; r < regionIds.length; r++) {
            const served = expected.filter((v) => v.zone === `z${z}` && v.region === regionIds[r] && v.reason === 'served').length;
            expect(guard.countFor(z, r, 'served')).toBe(served);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('PartitionedHomes: an EU zone failing over to the US', () => {
  const residency: ResidencyConfig = {
    zones: [
      { zone: 'eu', regions: ['eu-west', 'eu-central'] },
      { zone: 'us', regions: ['us-east'] },
    ],
  };

  it('records one "stored" at the move and one "served" per read until the zone moves back; a move inside the zone records nothing', () => {
    const guard = new ResidencyGuard(residency, regionIds);
    const homes = new PartitionedHomes({ homes: [{ zone: 'eu', region: 'eu-west' }, { zone: 'us', region: 'us-east' }] }, guard);
    const [eu, usEast, euWest, euCentral] = [guard.zoneIndex('eu'), guard.regionIndex('us-east'), guard.regionIndex('eu-west'), guard.regionIndex('eu-central')];
    homes.read(1, eu);
    expect(homes.move(10, eu, euCentral)).toBe(true);
    expect(homes.move(20, eu, usEast)).toBe(false);
    expect(homes.move(21, eu, usEast)).toBe(false); // already there: no second move, nothing recorded
    for (let t = 30; t < 35; t++) homes.read(t, eu);
    expect(homes.move(40, eu, euWest)).toBe(true);
    homes.read(50, eu);
    expect([guard.storedViolations, guard.servedViolations, homes.moves]).toEqual([1, 5, 3]);
    expect(guard.violations().slice(0, 2)).toEqual([
      { atUs: 20, zone: 'eu', region: 'us-east', reason: 'stored' },
      { atUs: 30, zone: 'eu', region: 'us-east', reason: 'served' },
    ]);
  });

  it('a home placed outside its zone is recorded as "stored" at the start time', () => {
    const guard = new ResidencyGuard(residency, regionIds);
    new PartitionedHomes({ homes: [{ zone: 'eu', region: 'ap-south' }] }, guard, 5_000);
    expect(guard.violations()).toEqual([{ atUs: 5_000, zone: 'eu', region: 'ap-south', reason: 'stored' }]);
  });

  it('a foreign read or write pays one round trip to the home; at home it pays nothing; the home follows failovers', () => {
    const guard = new ResidencyGuard(residency, regionIds);
    const homes = new PartitionedHomes({ homes: [{ zone: 'eu', region: 'eu-west' }] }, guard);
    const [eu, usEast, euWest] = [0, 0, 1];
    expect([homes.extraUs(euWest, eu, 80_000), homes.extraUs(usEast, eu, 80_000)]).toEqual([0, 80_000]);
    homes.move(1, eu, usEast);
    expect([homes.extraUs(euWest, eu, 80_000), homes.extraUs(usEast, eu, 80_000)]).toEqual([80_000, 0]);
    expect(foreignAccessExtraUs(2, 2, 123)).toBe(0);
    expect(homes.homeOf(1)).toBe(-1);
    expect(() => homes.read(2, 1)).toThrow('PartitionedHomes: zone "us" has no home, so none of its records can be read');
  });

  it('logs only the first recordLimit violations but counts them all', () => {
    const guard = new ResidencyGuard(residency, regionIds, { recordLimit: 100 });
    for (let t = 0; t < 1000; t++) guard.served(t, 0, 0);
    expect([guard.violationCount, guard.violations().length, guard.unlogged, guard.countFor(0, 0, 'served')]).toEqual([1000, 100, 900, 1000]);
    expect(guard.violations()[99].atUs).toBe(99);
  });
});

describe('residency validation', () => {
  it.each<[string, unknown, string[]]>([
    ['valid rules', { zones: [{ zone: 'eu', regions: ['eu-west'] }, { zone: 'any', regions: regionIds }] }, []],
    ['no zones list', { zone: 'eu' }, ['residency must be an object { zones: [{ zone, regions }] }, got undefined']],
    ['a non-object zone', { zones: ['eu'] }, ['zones[0] must be an object { zone, regions }, got "eu"']],
    ['an empty zone name', { zones: [{ zone: '', regions: ['eu-west'] }] }, ['zones[0].zone must be a non-empty string, got ""']],
    [
      'a duplicate zone',
      { zones: [{ zone: 'eu', regions: ['eu-west'] }, { zone: 'eu', regions: ['eu-central'] }] },
      ['zones[1].zone "eu" is already used by zones[0]'],
    ],
    ['no regions', { zones: [{ zone: 'eu', regions: [] }] }, ['zones[0].regions must be a non-empty list of region ids, got an array']],
    [
      'a repeated, a misspelt and a non-string region',
      { zones: [{ zone: 'eu', regions: ['eu-west', 'eu-west', 'eu-wset', 7] }] },
      ['zones[0].regions[1] repeats region "eu-west"', 'zones[0].regions[2] is not a region of the model, got "eu-wset" (did you mean "eu-west"?)', 'zones[0].regions[3] must be a region id (a non-empty string), got 7'],
    ],
  ])('validateResidency: %s', (_name, config, problems) => {
    expect(validateResidency(config as ResidencyConfig, regionIds)).toEqual(problems);
  });

  it('validateResidency without the model\'s regions checks only the shape, and a name prefixes each sentence', () => {
    expect(validateResidency({ zones: [{ zone: 'eu', regions: ['mars-1'] }] })).toEqual([]);
    expect(validateResidency({ zones: [{ zone: 'eu', regions: ['mars-1'] }] }, regionIds, 'data.residency')).toEqual([
      'data.residency: zones[0].regions[0] is not a region of the model, got "mars-1"',
    ]);
  });

  it('validatePartitionedHomes names unknown zones and regions with suggestions, and a zone given twice', () => {
    const guard = new ResidencyGuard({ zones: [{ zone: 'eu', regions: ['eu-west'] }] }, regionIds);
    expect(validatePartitionedHomes({ homes: [{ zone: 'eu', region: 'eu-west' }] }, guard)).toEqual([]);
    expect(
      validatePartitionedHomes(
        {
          homes: [
            { zone: 'euu', region: 'us-eats' },
            { zone: 'eu', region: 'eu-west' },
            { zone: 'eu', region: 'eu-central' },
          ],
        },
        guard,
        'store',
      ),
    ).toEqual([
      'store: homes[0].zone must be a residency zone, got "euu" (did you mean "eu"?)',
      'store: homes[0].region must be a region of the model, got "us-eats" (did you mean "us-east"?)',
      'store: homes[2].zone "eu" already has a home',
    ]);
    expect(validatePartitionedHomes(null as never, guard)).toEqual(['partitioned homes must be an object { homes: [{ zone, region }] }, got null']);
  });

  it('the constructors throw a RangeError listing every problem', () => {
    expect(() => new ResidencyGuard({ zones: [] }, ['a', 'a'])).toThrow('ResidencyGuard: invalid config: regionIds[1] repeats "a"');
    expect(() => new ResidencyGuard({ zones: [{ zone: 'eu', regions: ['x'] }] }, ['a'], { recordLimit: -1 })).toThrow(
      'ResidencyGuard: invalid config: zones[0].regions[0] is not a region of the model, got "x"; recordLimit must be a whole number >= 0, got -1',
    );
    const guard = new ResidencyGuard({ zones: [{ zone: 'eu', regions: ['a'] }] }, ['a', 'b']);
    expect(() => new PartitionedHomes({ homes: [{ zone: 'us', region: 'a' }] }, guard)).toThrow('PartitionedHomes: invalid config: homes[0].zone must be a residency zone, got "us"');
    expect(() => guard.stored(0, 1, 0)).toThrow('ResidencyGuard: zone must be an index in [0, 0] and region in [0, 1], got zone 1, region 0');
  });
});
