import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { MultiWriterStore, validateMultiWriter } from '../src/model/data/consistency/index.js';
import type { MultiWriterConfig } from '../src/model/data/consistency/index.js';

/**
 * The reference: every write, delivery and read kept in plain arrays with its position in the
 * call order, and each figure recomputed from the definitions in the store's doc comments:
 * - conflict: a pair of writes to one key from different regions where the earlier (in call
 *   order) had not been delivered to the later one's region when the later one was made;
 * - lost update: w is lost when next(w), its successor in the key's (time, region, seq) order,
 *   comes from another region and w's delivery there comes after next(w) in call order;
 * - stale read: the region's LWW-newest write received (own or delivered) before the read
 *   differs from the key's LWW-newest write made before the read.
 */
type Event = { t: number; order: number } & (
  | { kind: 'write'; region: number; key: number; id: number }
  | { kind: 'deliver'; id: number; region: number }
  | { kind: 'read'; region: number; key: number }
);

interface RefWrite {
  t: number;
  region: number;
  key: number;
  seq: number;
  at: number;
  deliveredAt: number[];
}

const lwwLess = (a: RefWrite, b: RefWrite) => a.t < b.t || (a.t === b.t && (a.region < b.region || (a.region === b.region && a.seq < b.seq)));

function newest(writes: readonly RefWrite[]): RefWrite | undefined {
  let best: RefWrite | undefined;
  for (const w of writes) if (best === undefined || lwwLess(best, w)) best = w;
  return best;
}

interface Outcome {
  conflicts: number;
  lost: number;
  lostByRegion: number[];
  staleByRegion: number[];
  applied: boolean[];
}

/** Runs the events through the store; returns its figures and the reference's. */
function runBoth(config: MultiWriterConfig, events: readonly Event[]) {
  const store = new MultiWriterStore(config);
  const writes: RefWrite[] = [];
  const byId = new Map<number, RefWrite>();
  const handles = new Map<number, number>();
  const mine: Outcome = { conflicts: 0, lost: 0, lostByRegion: [], staleByRegion: [], applied: [] };
  const ref: Outcome = { conflicts: 0, lost: 0, lostByRegion: new Array<number>(config.regionCount).fill(0), staleByRegion: new Array<number>(config.regionCount).fill(0), applied: [] };
  events.forEach((e, at) => {
    if (e.kind === 'write') {
      const w: RefWrite = { t: e.t, region: e.region, key: e.key, seq: writes.length, at, deliveredAt: [] };
      w.deliveredAt[e.region] = -1;
      writes.push(w);
      byId.set(e.id, w);
      handles.set(e.id, store.write(e.t, e.region, e.key));
    } else if (e.kind === 'deliver') {
      const w = byId.get(e.id)!;
      // The reference's answer: does the write beat what the region held just before?
      const held = newest(writes.filter((x) => x.key === w.key && x.deliveredAt[e.region] !== undefined));
      w.deliveredAt[e.region] = at;
      ref.applied.push(held === undefined || lwwLess(held, w));
      mine.applied.push(store.deliver(e.t, handles.get(e.id)!, e.region));
    } else {
      const before = writes.filter((x) => x.key === e.key && x.at < at);
      const seen = before.filter((x) => x.deliveredAt[e.region] !== undefined && x.deliveredAt[e.region] < at);
      if (newest(before) !== newest(seen)) ref.staleByRegion[e.region]++;
      store.read(e.t, e.region, e.key);
    }
  });
  const reached = (w: RefWrite, region: number, at: number) => w.deliveredAt[region] !== undefined && w.deliveredAt[region] < at;
  for (const b of writes) {
    for (const a of writes) {
      if (a.key === b.key && a.region !== b.region && a.at < b.at && !reached(a, b.region, b.at)) ref.conflicts++;
    }
  }
  for (let key = 0; key < config.keyCount; key++) {
    const chain = writes.filter((w) => w.key === key).sort((a, b) => (lwwLess(a, b) ? -1 : 1));
    for (let i = 0; i + 1 < chain.length; i++) {
      const [w, next] = [chain[i], chain[i + 1]];
      if (next.region !== w.region && !reached(w, next.region, next.at)) {
        ref.lost++;
        ref.lostByRegion[w.region]++;
      }
    }
  }
  mine.conflicts = store.conflicts;
  mine.lost = store.lostUpdates;
  mine.lostByRegion = Array.from(store.lostUpdatesByRegion);
  mine.staleByRegion = Array.from(store.staleReadsByRegion);
  return { store, mine, ref, writes };
}

/** Random schedules: writes and reads at small integer gaps (so same-µs ties are common), one delay >= 1 µs per destination, events at one time in random order. */
const scheduleArb = fc.integer({ min: 2, max: 4 }).chain((regionCount) =>
  fc.record({
    regionCount: fc.constant(regionCount),
    keyCount: fc.integer({ min: 1, max: 3 }),
    ops: fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 4 }),
        read: fc.boolean(),
        region: fc.integer({ min: 0, max: regionCount - 1 }),
        key: fc.nat(),
        delays: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: regionCount, maxLength: regionCount }),
        orders: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: regionCount + 1, maxLength: regionCount + 1 }),
      }),
      { minLength: 4, maxLength: 60, size: 'medium' },
    ),
  }),
);

function buildEvents(s: { regionCount: number; keyCount: number; ops: { gap: number; read: boolean; region: number; key: number; delays: number[]; orders: number[] }[] }): Event[] {
  const events: Event[] = [];
  let t = 0;
  s.ops.forEach((op, id) => {
    t += op.gap;
    const key = op.key % s.keyCount;
    if (op.read) {
      events.push({ t, order: op.orders[0], kind: 'read', region: op.region, key });
      return;
    }
    events.push({ t, order: op.orders[0], kind: 'write', region: op.region, key, id });
    for (let r = 0; r < s.regionCount; r++) {
      if (r !== op.region) events.push({ t: t + op.delays[r], order: op.orders[r + 1], kind: 'deliver', id, region: r });
    }
  });
  return events.sort((a, b) => a.t - b.t || a.order - b.order);
}

describe('MultiWriterStore against a plain-array reference', () => {
  it('conflicts, lost updates (total and by region), stale reads by region and deliver() answers all match the reference (property)', () => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const { mine, ref } = runBoth(s, buildEvents(s));
        expect(mine).toEqual(ref);
      }),
      { numRuns: 400 },
    );
  });

  it('after every delivery, every region holds the key\'s newest write and nothing is owed (convergence property)', () => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const { store, writes } = runBoth(s, buildEvents(s));
        expect(store.deliveriesOwed).toBe(0);
        for (let key = 0; key < s.keyCount; key++) {
          const top = newest(writes.filter((w) => w.key === key));
          expect(store.newestVersion(key)).toBe(top === undefined ? -1 : top.seq);
          for (let r = 0; r < s.regionCount; r++) expect(store.versionAt(r, key)).toBe(store.newestVersion(key));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('unshippedFrom(region) counts the region\'s writes delivered nowhere yet, and the oldest one\'s time, at any cut of the schedule (property)', () => {
    fc.assert(
      fc.property(scheduleArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, cutShare) => {
        const events = buildEvents(s);
        const cut = Math.floor(cutShare * events.length);
        const { store, writes } = runBoth(s, events.slice(0, cut));
        for (let r = 0; r < s.regionCount; r++) {
          const alone = writes.filter((w) => w.region === r && w.deliveredAt.every((at, region) => region === r || at === undefined));
          expect(store.unshippedFrom(r)).toEqual({ writes: alone.length, oldestAckUs: alone.length === 0 ? -1 : alone[0].t });
        }
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Two regions, constant one-way delay d, Poisson writes at rate λ per region and reads at rate ρ
 * per region, each to one of K keys drawn uniformly, for T. Deliveries of one direction are FIFO
 * (constant delay), so a queue per direction replaces a kernel; at equal times deliveries run
 * first, then writes, then reads.
 */
function twoRegionRun(seed: number, p: { lambdaPerS: number; readPerS: number; keyCount: number; delayUs: number; durationUs: number }) {
  const store = new MultiWriterStore({ regionCount: 2, keyCount: p.keyCount });
  const arrivals = (name: string, perS: number) => {
    const s = new RandomStream(seed, name);
    const times: number[] = [];
    const keys: number[] = [];
    for (let t = Math.round(s.exponential(1e6 / perS)); t < p.durationUs; t += Math.round(s.exponential(1e6 / perS))) {
      times.push(t);
      keys.push(s.int(0, p.keyCount - 1));
    }
    return { times, keys, next: 0 };
  };
  const writes = [arrivals('mw/writes/0', p.lambdaPerS), arrivals('mw/writes/1', p.lambdaPerS)];
  const reads = [arrivals('mw/reads/0', p.readPerS), arrivals('mw/reads/1', p.readPerS)];
  const queues = [
    { times: [] as number[], handles: [] as number[], next: 0 },
    { times: [] as number[], handles: [] as number[], next: 0 },
  ];
  const head = (q: { times: number[]; next: number }) => (q.next < q.times.length ? q.times[q.next] : Infinity);
  for (;;) {
    const dueDelivery = Math.min(head(queues[0]), head(queues[1]));
    const dueWrite = Math.min(head(writes[0]), head(writes[1]));
    const dueRead = Math.min(head(reads[0]), head(reads[1]));
    const now = Math.min(dueDelivery, dueWrite, dueRead);
    if (now === Infinity) break;
    if (dueDelivery === now) {
      const to = head(queues[0]) === now ? 1 : 0; // queues[from] holds writes from `from`
      const q = queues[1 - to];
      store.deliver(now, q.handles[q.next++], to);
    } else if (dueWrite === now) {
      const region = head(writes[0]) === now ? 0 : 1;
      const w = writes[region];
      queues[region].times.push(now + p.delayUs);
      queues[region].handles.push(store.write(now, region, w.keys[w.next++]));
    } else {
      const region = head(reads[0]) === now ? 0 : 1;
      store.read(now, region, reads[region].keys[reads[region].next++]);
    }
  }
  return { store, writes };
}

describe('MultiWriterStore: two regions, Poisson writes (analytic oracles)', () => {
  const p = { lambdaPerS: 200, readPerS: 100, keyCount: 2000, delayUs: 50_000, durationUs: 500_000_000 };
  const { store, writes } = twoRegionRun(20240601, p);

  it('conflicts equal the pairs of writes to one key from different regions less than d apart, counted by brute force on the same run', () => {
    const byKey = (w: (typeof writes)[number]) => {
      const lists: number[][] = Array.from({ length: p.keyCount }, () => []);
      w.times.forEach((t, i) => lists[w.keys[i]].push(t));
      return lists;
    };
    const [a, b] = [byKey(writes[0]), byKey(writes[1])];
    let pairs = 0;
    for (let key = 0; key < p.keyCount; key++) {
      for (const ta of a[key]) for (const tb of b[key]) if (Math.abs(ta - tb) < p.delayUs) pairs++;
    }
    expect(store.conflicts).toBe(pairs);
  });

  it('conflicts lie within 4σ of (λ²/K)(2dT − d²), the expected number of cross-region pairs within ±d', () => {
    // Per key the regions are independent Poisson processes of rate μ = λ/K; the pair count
    // over |a − b| < d has mean μ²(2dT − d²) and variance μ²(2dT − d²) + 2μ³(2d)²T (a bilinear
    // Poisson functional), summed over K keys. 4σ: a false alarm about once in 16,000 seeds.
    const T = p.durationUs / 1e6;
    const d = p.delayUs / 1e6;
    const mu = p.lambdaPerS / p.keyCount;
    const mean = p.keyCount * mu * mu * (2 * d * T - d * d);
    const sigma = Math.sqrt(mean + p.keyCount * 2 * mu ** 3 * 4 * d * d * T);
    expect(mean).toBeCloseTo(999.95, 6);
    expect(Math.abs(store.conflicts - mean)).toBeLessThan(4 * sigma);
  });

  it('lost updates lie within 4σ of N·½(1 − e^(−2μd)): the next write to the key comes from the other region within d', () => {
    // On one key the merged process has rate 2μ with fair, independent region labels, so a
    // write is lost with probability ½·P(gap < d); neighbouring indicators are uncorrelated
    // (their covariance is q²/4 − (q/2)² = 0), so Var = E[N]·p for the Poisson total N.
    const mu = p.lambdaPerS / p.keyCount;
    const pLost = 0.5 * (1 - Math.exp((-2 * mu * p.delayUs) / 1e6));
    const n = writes[0].times.length + writes[1].times.length;
    const expected = (2 * p.lambdaPerS * p.durationUs) / 1e6 * pLost;
    expect(Math.abs(store.lostUpdates - n * pLost)).toBeLessThan(4 * Math.sqrt(expected));
    expect(store.lostUpdatesByRegion[0] + store.lostUpdatesByRegion[1]).toBe(store.lostUpdates);
  });

  it('stale reads per region lie within 4σ of reads·½(1 − e^(−2μd)): the key\'s newest write is the other region\'s and younger than d', () => {
    const mu = p.lambdaPerS / p.keyCount;
    const pStale = 0.5 * (1 - Math.exp((-2 * mu * p.delayUs) / 1e6));
    for (const region of [0, 1]) {
      const reads = store.readsByRegion[region];
      expect(reads).toBeGreaterThan(49_000);
      expect(Math.abs(store.staleReadsByRegion[region] - reads * pStale)).toBeLessThan(4 * Math.sqrt(reads * pStale));
    }
    expect(store.staleReads).toBe(store.staleReadsByRegion[0] + store.staleReadsByRegion[1]);
    expect(store.deliveriesOwed).toBe(0);
  });
});

describe('MultiWriterStore scenarios worked by hand', () => {
  it('A writes at 0 and 1, B at 5, d = 10: B\'s write conflicts with both, and only A\'s second write is lost (its first was A\'s own overwrite)', () => {
    const store = new MultiWriterStore({ regionCount: 2, keyCount: 1 });
    const a1 = store.write(0, 0, 0);
    const a2 = store.write(1, 0, 0);
    const b = store.write(5, 1, 0);
    expect(store.deliver(10, a1, 1)).toBe(false); // older than B's own write: discarded at B
    expect(store.deliver(11, a2, 1)).toBe(false);
    expect(store.read(12, 0, 0)).toBe(true); // A still holds a2 while b is newer
    expect(store.deliver(15, b, 0)).toBe(true);
    expect([store.conflicts, store.lostUpdates, Array.from(store.lostUpdatesByRegion)]).toEqual([2, 1, [1, 0]]);
    expect([store.versionAt(0, 0), store.versionAt(1, 0), store.newestVersion(0)]).toEqual([b, b, b]);
  });

  it('two writes in the same microsecond: the higher region index wins whichever the engine made first, and the other is lost', () => {
    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      const store = new MultiWriterStore({ regionCount: 2, keyCount: 1 });
      const handles = order.map((region) => store.write(100, region, 0));
      const fromRegion1 = handles[order.indexOf(1)];
      expect([store.conflicts, store.lostUpdates, store.lostUpdatesByRegion[0], store.newestVersion(0)]).toEqual([1, 1, 1, fromRegion1]);
    }
  });

  it('a write made after the other region\'s write arrived neither conflicts nor loses anything', () => {
    const store = new MultiWriterStore({ regionCount: 3, keyCount: 2 });
    const a = store.write(0, 0, 1);
    store.deliver(10, a, 1);
    store.write(20, 1, 1);
    expect([store.conflicts, store.lostUpdates]).toEqual([0, 0]);
    expect(store.read(20, 2, 1)).toBe(true); // region 2 has neither write yet
    expect(store.read(20, 1, 0)).toBe(false); // key 0 was never written: nothing is newer
  });

  it('a partition that holds 3000 writes per region back: every cross pair conflicts, every alternation loses a write, and the ring grows and drains', () => {
    const n = 3000;
    const store = new MultiWriterStore({ regionCount: 2, keyCount: 1 });
    const handles: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      handles[0].push(store.write(2 * i, 0, 0)); // region 0 at even µs, region 1 at odd µs
      handles[1].push(store.write(2 * i + 1, 1, 0));
    }
    expect(store.unshippedFrom(0)).toEqual({ writes: n, oldestAckUs: 0 });
    expect(store.deliveriesOwed).toBe(2 * n);
    for (let i = 0; i < n; i++) {
      store.deliver(1_000_000 + i, handles[0][i], 1);
      store.deliver(1_000_000 + i, handles[1][i], 0);
    }
    // The LWW chain alternates 0, 1, 0, 1, ...: each of its 2n − 1 region switches loses the write before it.
    expect([store.conflicts, store.lostUpdates, store.deliveriesOwed]).toEqual([n * n, 2 * n - 1, 0]);
    expect(store.versionAt(0, 0)).toBe(handles[1][n - 1]);
  });

  it('discardUnshipped(region) drops the writes no other region has, once: a second loss finds none, and later writes are not concurrent with them', () => {
    const store = new MultiWriterStore({ regionCount: 3, keyCount: 1 });
    const a = store.write(10, 0, 0);
    const b = store.write(11, 0, 0);
    store.deliver(20, a, 1); // a reached region 1: not lost
    const seen: number[] = [];
    expect(store.discardUnshipped(0, (h) => seen.push(h))).toEqual({ writes: 1, oldestAckUs: 11 });
    expect(seen).toEqual([b]);
    expect(store.unshippedFrom(0)).toEqual({ writes: 0, oldestAckUs: -1 });
    expect(store.discardUnshipped(0)).toEqual({ writes: 0, oldestAckUs: -1 });
    // b owed two deliveries (regions 1 and 2), now forgotten; a still owes one to region 2.
    expect(store.deliveriesOwed).toBe(1);
    expect([store.awaitsDelivery(b, 1), store.awaitsDelivery(b, 2), store.awaitsDelivery(a, 2)]).toEqual([false, false, true]);
    // A write at region 1 after the loss: a had reached region 1 and b is discarded, so no conflict (b would have been one).
    store.write(30, 1, 0);
    expect(store.conflicts).toBe(0);
  });

  it('engine errors throw RangeError: a second delivery, a delivery within the same µs, time going backwards, a bad region or key', () => {
    const store = new MultiWriterStore({ regionCount: 2, keyCount: 4 });
    const h = store.write(10, 0, 3);
    expect(() => store.deliver(10, h, 1)).toThrow(/one-way delay must be at least 1 µs/);
    expect(() => store.deliver(11, h, 0)).toThrow(/not awaiting delivery to region 0/);
    store.deliver(11, h, 1);
    expect(() => store.deliver(12, h, 1)).toThrow(/not awaiting delivery/);
    expect(() => store.write(5, 0, 0)).toThrow(/never go backwards/);
    expect(() => store.write(20, 2, 0)).toThrow(/region must be a whole number in \[0, 1\] and key in \[0, 3\], got region 2, key 0/);
    expect(() => store.read(20, 0, 4)).toThrow(RangeError);
  });
});

describe('validateMultiWriter', () => {
  it.each<[string, unknown, string[]]>([
    ['a valid config', { regionCount: 3, keyCount: 100 }, []],
    ['a non-object', 'lww', ['a multi-writer store config must be an object { regionCount, keyCount }, got "lww"']],
    ['one region', { regionCount: 1, keyCount: 1 }, ['regionCount must be a whole number from 2 to 31 (writers that replicate to each other), got 1']],
    ['32 regions', { regionCount: 32, keyCount: 1 }, ['regionCount must be a whole number from 2 to 31 (writers that replicate to each other), got 32']],
    ['a string key count', { regionCount: 2, keyCount: '10' }, ['keyCount must be a whole number > 0, got "10"']],
    ['no keys', { regionCount: 2, keyCount: 0 }, ['keyCount must be a whole number > 0, got 0']],
    [
      'too many cells',
      { regionCount: 4, keyCount: 2_000_000 },
      ['keyCount × regionCount must be at most 4194304 (the store keeps typed-array state per key and region), got 2000000 × 4'],
    ],
  ])('%s', (_name, config, problems) => {
    expect(validateMultiWriter(config as MultiWriterConfig, '')).toEqual(problems);
  });

  it('prefixes the location, and the constructor throws a RangeError listing every problem', () => {
    expect(validateMultiWriter({ regionCount: 2, keyCount: -1 }, 'data.users')).toEqual(['data.users: keyCount must be a whole number > 0, got -1']);
    expect(() => new MultiWriterStore({ regionCount: 0, keyCount: 0.5 })).toThrow(
      'MultiWriterStore: invalid config: regionCount must be a whole number from 2 to 31 (writers that replicate to each other), got 0; keyCount must be a whole number > 0, got 0.5',
    );
  });
});
