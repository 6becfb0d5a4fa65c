import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS_MAX_DEFAULT, Simulation } from '../src/index.js';

describe('Simulation', () => {
  it('run() handles events in (time, scheduling order) and advances the clock', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: string[] = [];
    sim.schedule(5, (s) => seen.push(`a@${s.nowUs}`));
    sim.schedule(2, (s) => seen.push(`b@${s.nowUs}`));
    sim.schedule(5, (s) => seen.push(`c@${s.nowUs}`));
    sim.schedule(0, (s) => seen.push(`d@${s.nowUs}`));
    expect(sim.run({})).toEqual({ events: 4, nowUs: 5, stoppedBy: 'empty' });
    expect(seen).toEqual(['d@0', 'b@2', 'a@5', 'c@5']);
  });

  it('schedule(delayUs, handler, data) passes data back unchanged', () => {
    const sim = new Simulation({ seed: 1 });
    const payload = { n: 7 };
    let got: unknown;
    sim.schedule(1, (_s, data) => { got = data; }, payload);
    sim.run({});
    expect(got).toBe(payload);
  });

  it('run({ untilUs }) stops before later events and sets the clock to untilUs', () => {
    const sim = new Simulation({ seed: 1 });
    let fired = 0;
    sim.schedule(10, () => fired++);
    sim.schedule(11, () => fired++);
    expect(sim.run({ untilUs: 10 })).toEqual({ events: 1, nowUs: 10, stoppedBy: 'until' });
    expect(sim.run({ untilUs: 10.0 })).toEqual({ events: 0, nowUs: 10, stoppedBy: 'until' });
    expect(sim.run({ untilUs: 100 })).toEqual({ events: 1, nowUs: 100, stoppedBy: 'empty' });
    expect(sim.run({})).toEqual({ events: 0, nowUs: 100, stoppedBy: 'empty' });
    expect(fired).toBe(2);
  });

  it('run({ eventsMax }) bounds a model that never stops', () => {
    const sim = new Simulation({ seed: 1 });
    const forever = (s: Simulation): void => { s.schedule(1, forever); };
    sim.schedule(0, forever);
    expect(sim.run({ eventsMax: 1000 })).toEqual({ events: 1000, nowUs: 999, stoppedBy: 'eventsMax' });
    expect(sim.eventsHandled).toBe(1000);
    expect(EVENTS_MAX_DEFAULT).toBeGreaterThan(0);
  });

  it('cancel(id) removes a pending event once and reports stale ids', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: number[] = [];
    const a = sim.schedule(3, () => seen.push(3));
    const b = sim.schedule(1, () => seen.push(1));
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    sim.run({});
    expect(sim.cancel(b)).toBe(false); // already ran
    // The freed slot is reused; the old id must not cancel the new event.
    const c = sim.schedule(1, () => seen.push(4));
    expect(c).not.toBe(a);
    expect(sim.cancel(a)).toBe(false);
    sim.run({});
    expect(seen).toEqual([1, 4]);
  });

  it('step() handles one event and returns false when none is left', () => {
    const sim = new Simulation({ seed: 1 });
    sim.schedule(4, () => undefined);
    expect(sim.step()).toBe(true);
    expect(sim.nowUs).toBe(4);
    expect(sim.step()).toBe(false);
  });

  it('a handler that schedules at delay 0 runs after events already due now', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: string[] = [];
    sim.schedule(1, (s) => { seen.push('first'); s.schedule(0, () => seen.push('zero-delay')); });
    sim.schedule(1, () => seen.push('second'));
    sim.run({});
    expect(seen).toEqual(['first', 'second', 'zero-delay']);
  });

  describe('rejects bad arguments with a message naming the value', () => {
    const sim = new Simulation({ seed: 1 });
    const noop = (): void => undefined;
    it.each([
      [-3, 'schedule(delayUs): negative delay -3 µs'],
      [1.5, 'schedule(delayUs): delay 1.5 µs is not a whole number of microseconds (round it: Math.round(delay))'],
      [NaN, 'schedule(delayUs): delay is NaN'],
      [Infinity, 'schedule(delayUs): delay Infinity µs is not a safe integer'],
      [2 ** 53, 'schedule(delayUs): delay 9007199254740992 µs is not a safe integer'],
      ['5', 'schedule(delayUs): delay must be a number of microseconds, got "5"'],
    ])('schedule(%s) throws', (delay, message) => {
      expect(() => sim.schedule(delay as number, noop)).toThrow(message);
    });
    it('schedule(delayUs, handler) rejects a handler that is not a function', () => {
      expect(() => sim.schedule(1, 42 as never)).toThrow('schedule(delayUs, handler): handler must be a function, got 42');
    });
    it('new Simulation({ seed }) rejects a non-integer seed', () => {
      expect(() => new Simulation({ seed: 1.5 })).toThrow('Simulation seed must be a safe integer, got 1.5');
      expect(() => new Simulation(undefined as never)).toThrow('new Simulation(options) needs an object like { seed: 42 }, got undefined');
    });
    it('run({ untilUs }) rejects a time in the past and eventsMax rejects negatives', () => {
      const s = new Simulation({ seed: 1 });
      s.schedule(10, () => undefined);
      s.run({});
      expect(() => s.run({ untilUs: 5 })).toThrow('run({ untilUs }): untilUs must be a safe integer >= now (10 µs), got 5');
      expect(() => s.run({ eventsMax: -1 })).toThrow('run({ eventsMax }): eventsMax must be a safe integer >= 0, got -1');
    });
    it('cancel(id) rejects something that is not an id', () => {
      expect(() => sim.cancel(-1)).toThrow('cancel(id): id must be an id returned by schedule(), got -1');
      expect(() => sim.cancel(0.5)).toThrow('cancel(id): id must be an id returned by schedule(), got 0.5');
    });
    it('stream(name) rejects an empty name', () => {
      expect(() => sim.stream('')).toThrow('stream(name): name must be a non-empty string like "traffic/us-east", got ""');
    });
  });
});

/**
 * Model-based test: random schedule / cancel / step sequences against a sorted-array
 * reference, which is obviously correct and obviously slow.
 */
type Command =
  | { op: 'schedule'; delayUs: number }
  | { op: 'cancel'; pick: number }
  | { op: 'step' }
  | { op: 'run'; untilDeltaUs: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('schedule' as const), delayUs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1_000_000 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('step' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('run' as const), untilDeltaUs: fc.integer({ min: 0, max: 50 }) }) },
);

describe('event queue against a sorted-array reference model', () => {
  it('pops the same events in the same order, at the same times, for any command sequence', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 400 }), (commands) => {
        const sim = new Simulation({ seed: 7 });
        const fired: number[] = [];
        // Reference: pending events as [timeUs, seq, label], kept sorted.
        let reference: [number, number, number][] = [];
        const referenceFired: number[] = [];
        const ids: { id: number; label: number }[] = [];
        let seq = 0;
        let nowUs = 0;
        const onFire = (_s: Simulation, label: number): void => { fired.push(label); };
        const referencePop = (): void => {
          const [timeUs, , label] = reference.shift()!;
          nowUs = timeUs;
          referenceFired.push(label);
        };
        for (const command of commands) {
          if (command.op === 'schedule') {
            const label = seq;
            const id = sim.schedule(command.delayUs, onFire, label);
            ids.push({ id, label });
            reference.push([nowUs + command.delayUs, seq++, label]);
            reference.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          } else if (command.op === 'cancel') {
            if (ids.length === 0) continue;
            const { id, label } = ids[command.pick % ids.length]!;
            const pendingBefore = reference.length;
            reference = reference.filter((entry) => entry[2] !== label);
            expect(sim.cancel(id)).toBe(reference.length < pendingBefore);
          } else if (command.op === 'step') {
            const had = reference.length > 0;
            if (had) referencePop();
            expect(sim.step()).toBe(had);
          } else {
            const untilUs = nowUs + command.untilDeltaUs;
            while (reference.length > 0 && reference[0]![0] <= untilUs) referencePop();
            nowUs = untilUs;
            sim.run({ untilUs });
          }
          expect(sim.nowUs).toBe(nowUs);
          expect(sim.pending).toBe(reference.length);
        }
        expect(fired).toEqual(referenceFired);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps order across heap growth (thousands of pending events, many ties)', () => {
    const sim = new Simulation({ seed: 3 });
    const rng = sim.stream('test/delays');
    const expected: [number, number][] = [];
    const fired: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const delayUs = rng.int(0, 100);
      expected.push([delayUs, i]);
      sim.schedule(delayUs, (_s, label: number) => fired.push(label), i);
    }
    sim.run({});
    expected.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(fired).toEqual(expected.map((entry) => entry[1]));
  });
});
