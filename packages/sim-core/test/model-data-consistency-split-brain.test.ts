import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { PartitionSides, WRITE_ACCEPTED, WRITE_DOOMED, WRITE_REJECTED, planSplitBrain, validateSplitBrain } from '../src/model/data/consistency/index.js';
import type { SplitBrainConfig, SplitBrainVerdict } from '../src/model/data/consistency/index.js';

/** The rules restated over plain arrays: sides, vote totals, and the verdict for one write. */
function referenceVerdict(config: SplitBrainConfig, t: number, region: number): SplitBrainVerdict {
  if (t < config.startUs || t >= config.endUs) return WRITE_ACCEPTED;
  const side = (r: number) => (config.sideA.includes(r) ? 0 : 1);
  const votes = [0, 0];
  for (let r = 0; r < config.regionCount; r++) votes[side(r)] += config.votes?.[r] ?? 1;
  const mine = side(region);
  if (config.fencing === 'fencing') return mine === side(config.tokenRegion) ? WRITE_ACCEPTED : WRITE_REJECTED;
  if (config.fencing === 'quorum') return 2 * votes[mine] > votes[0] + votes[1] ? WRITE_ACCEPTED : WRITE_REJECTED;
  const loser = votes[0] === votes[1] ? 1 - side(config.tokenRegion) : votes[0] > votes[1] ? 1 : 0;
  return mine === loser ? WRITE_DOOMED : WRITE_ACCEPTED;
}

const configArb: fc.Arbitrary<SplitBrainConfig> = fc.integer({ min: 2, max: 6 }).chain((regionCount) =>
  fc.record({
    regionCount: fc.constant(regionCount),
    sideA: fc.uniqueArray(fc.integer({ min: 0, max: regionCount - 1 }), { minLength: 1, maxLength: regionCount - 1 }),
    startUs: fc.integer({ min: 0, max: 1000 }),
    endUs: fc.integer({ min: 1001, max: 2000 }),
    fencing: fc.constantFrom('none' as const, 'fencing' as const, 'quorum' as const),
    tokenRegion: fc.integer({ min: 0, max: regionCount - 1 }),
    votes: fc.option(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: regionCount, maxLength: regionCount }).filter((v) => v.some((x) => x > 0)),
      { nil: undefined },
    ),
  }),
);

const writesArb = fc.array(fc.record({ t: fc.integer({ min: 0, max: 2500 }), region: fc.nat() }), { maxLength: 200 });

describe('PartitionSides against the rules restated (properties)', () => {
  it('write(nowUs, region) gives the reference verdict for every write, and the counters add up per side', () => {
    fc.assert(
      fc.property(configArb, writesArb, (config, writes) => {
        const sides = new PartitionSides(config);
        const tally = { attempts: [0, 0], accepted: [0, 0], rejected: [0, 0], lost: [0, 0], outside: 0 };
        for (const w of writes) {
          const region = w.region % config.regionCount;
          const expected = referenceVerdict(config, w.t, region);
          expect(sides.write(w.t, region)).toBe(expected);
          if (w.t < config.startUs || w.t >= config.endUs) {
            tally.outside++;
            continue;
          }
          const side = config.sideA.includes(region) ? 0 : 1;
          tally.attempts[side]++;
          if (expected === WRITE_REJECTED) tally.rejected[side]++;
          else tally.accepted[side]++;
          if (expected === WRITE_DOOMED) tally.lost[side]++;
        }
        expect([Array.from(sides.attempts), Array.from(sides.accepted), Array.from(sides.rejected), Array.from(sides.lost), sides.writesOutside]).toEqual([
          tally.attempts,
          tally.accepted,
          tally.rejected,
          tally.lost,
          tally.outside,
        ]);
        // Conservation: attempts = accepted + rejected; accepted = durable + lost (durable >= 0).
        for (const s of [0, 1]) {
          expect(sides.attempts[s]).toBe(sides.accepted[s] + sides.rejected[s]);
          expect(sides.accepted[s] - sides.lost[s]).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('without fencing, lost writes = the writes the losing side accepted in [start, end); with fencing or quorum nothing is lost (property)', () => {
    fc.assert(
      fc.property(configArb, writesArb, (config, writes) => {
        const sides = new PartitionSides(config);
        for (const w of writes) sides.write(w.t, w.region % config.regionCount);
        const plan = planSplitBrain(config);
        if (config.fencing === 'none') {
          const loser = 1 - (plan.winner as number);
          const inWindow = writes.filter((w) => w.t >= config.startUs && w.t < config.endUs);
          const loserWrites = inWindow.filter((w) => (config.sideA.includes(w.region % config.regionCount) ? 0 : 1) === loser).length;
          expect([sides.lostWrites, sides.rejectedWrites, sides.acceptedWrites]).toEqual([loserWrites, 0, inWindow.length]);
        } else {
          expect(sides.lostWrites).toBe(0);
          // The side(s) that do not accept reject exactly their own attempts.
          for (const s of [0, 1]) expect(sides.rejected[s]).toBe(plan.accepts[s] ? 0 : sides.attempts[s]);
          if (config.fencing === 'fencing') expect(plan.accepts[0] !== plan.accepts[1]).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('PartitionSides: the issue\'s oracle on a three-region split (us-east, eu-west | ap-south)', () => {
  // Poisson writes at 50/s per region for 10 minutes; the partition isolates ap-south from 120 s to 300 s.
  const config = { regionCount: 3, sideA: [0, 1], startUs: 120_000_000, endUs: 300_000_000, tokenRegion: 0 };
  const stream = new RandomStream(7, 'split-brain/writes');
  const writes: { t: number; region: number }[] = [];
  for (const region of [0, 1, 2]) {
    for (let t = 0; t < 600_000_000; t += Math.max(1, Math.round(stream.exponential(20_000)))) writes.push({ t, region });
  }
  const minorityInWindow = writes.filter((w) => w.region === 2 && w.t >= config.startUs && w.t < config.endUs).length;

  it('without fencing both sides accept, and the minority\'s accepted writes are all lost on reconciliation', () => {
    const sides = new PartitionSides({ ...config, fencing: 'none' });
    for (const w of writes) sides.write(w.t, w.region);
    // About 50/s × 180 s = 9000 minority writes; the exact figure is this run's count.
    expect(minorityInWindow).toBeGreaterThan(8500);
    expect([sides.lostWrites, sides.rejectedWrites, sides.lost[1]]).toEqual([minorityInWindow, 0, minorityInWindow]);
    expect(sides.firstLostAckUs).toBeGreaterThanOrEqual(config.startUs);
    expect(sides.lastLostAckUs).toBeLessThan(config.endUs);
  });

  it.each(['fencing', 'quorum'] as const)('with %s the minority rejects exactly its attempts and nothing is lost', (fencing) => {
    const sides = new PartitionSides({ ...config, fencing });
    for (const w of writes) sides.write(w.t, w.region);
    expect([sides.lostWrites, sides.rejectedWrites, sides.rejected[1], sides.rejected[0]]).toEqual([0, minorityInWindow, minorityInWindow, 0]);
    expect([sides.firstLostAckUs, sides.lastLostAckUs]).toEqual([-1, -1]);
  });
});

describe('planSplitBrain and the boundaries', () => {
  const base = { regionCount: 4, sideA: [0, 1], startUs: 100, endUs: 200, tokenRegion: 2 };

  it('an even split: `none` lets the token\'s side win, `quorum` stops both sides, `fencing` keeps the token\'s side', () => {
    expect(planSplitBrain({ ...base, fencing: 'none' })).toEqual({ accepts: [true, true], winner: 1 });
    expect(planSplitBrain({ ...base, fencing: 'quorum' })).toEqual({ accepts: [false, false], winner: -1 });
    expect(planSplitBrain({ ...base, fencing: 'fencing' })).toEqual({ accepts: [false, true], winner: 1 });
  });

  it('votes decide: a witness vote gives side A the quorum and the reconciliation, whatever the region counts', () => {
    const votes = [2, 1, 1, 0];
    expect(planSplitBrain({ ...base, fencing: 'quorum', votes })).toEqual({ accepts: [true, false], winner: 0 });
    expect(planSplitBrain({ ...base, fencing: 'none', votes })).toEqual({ accepts: [true, true], winner: 0 });
    // Fencing ignores votes: the token is on side B.
    expect(planSplitBrain({ ...base, fencing: 'fencing', votes })).toEqual({ accepts: [false, true], winner: 1 });
  });

  it('the partition is in force on [startUs, endUs): a write at startUs is judged, one at endUs is accepted', () => {
    const sides = new PartitionSides({ ...base, fencing: 'fencing' });
    expect([sides.write(99, 0), sides.write(100, 0), sides.write(199, 0), sides.write(200, 0)]).toEqual([WRITE_ACCEPTED, WRITE_REJECTED, WRITE_REJECTED, WRITE_ACCEPTED]);
    expect([sides.sideOf(0), sides.sideOf(3), sides.isPartitioned(150)]).toEqual([0, 1, true]);
    expect(() => sides.write(150, 4)).toThrow('PartitionSides: region must be a whole number in [0, 3], got 4');
  });
});

describe('validateSplitBrain', () => {
  const valid: SplitBrainConfig = { regionCount: 3, sideA: [0], startUs: 0, endUs: 10, fencing: 'none', tokenRegion: 1 };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a valid config', {}, []],
    ['one region', { regionCount: 1, sideA: [0], tokenRegion: 0 }, ['regionCount must be a whole number >= 2 (a partition needs two sides), got 1']],
    ['an empty side A', { sideA: [] }, ['sideA must be a non-empty list of region indices, got an array']],
    ['every region on side A', { sideA: [0, 1, 2] }, ['sideA holds every region, so side B is empty: a partition needs two sides']],
    ['a repeated and an unknown region', { sideA: [0, 0, 3] }, ['sideA[1] repeats region 0', 'sideA[2] must be a region index in [0, regionCount), got 3']],
    ['an end before the start', { startUs: 10, endUs: 5 }, ['endUs (5) must be after startUs (10)']],
    ['a fractional start', { startUs: 0.5 }, ['startUs must be a whole number of µs >= 0, got 0.5']],
    ['a misspelt policy', { fencing: 'qorum' }, ['fencing must be one of "none", "fencing", "quorum", got "qorum" (did you mean "quorum"?)']],
    ['a token outside the regions', { tokenRegion: -1 }, ['tokenRegion must be a region index in [0, regionCount), got -1']],
    ['votes of the wrong length', { votes: [1, 1] }, ['votes, when given, must be a list of one whole number >= 0 per region (3), got an array of length 2']],
    ['a negative vote', { votes: [1, -1, 1] }, ['votes[1] must be a whole number >= 0, got -1']],
    ['no votes at all', { votes: [0, 0, 0] }, ['votes must give at least one region a vote, got all zeros']],
  ])('%s', (_name, changes, problems) => {
    expect(validateSplitBrain({ ...valid, ...changes } as SplitBrainConfig)).toEqual(problems);
  });

  it('a non-object is one sentence, a name prefixes each, and the constructor throws them all', () => {
    expect(validateSplitBrain(null as unknown as SplitBrainConfig, 'faults[2]')).toEqual([
      'faults[2]: a split-brain config must be an object { regionCount, sideA, startUs, endUs, fencing, tokenRegion, votes? }, got null',
    ]);
    expect(() => new PartitionSides({ ...valid, fencing: 'lease' as 'none', tokenRegion: 9 })).toThrow(
      'PartitionSides: invalid config: fencing must be one of "none", "fencing", "quorum", got "lease"; tokenRegion must be a region index in [0, regionCount), got 9',
    );
  });
});
