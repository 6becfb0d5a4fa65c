import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelConfigError, ModelEngine, Simulation, runModel } from '../src/index.js';
import { SLOT_SCALE } from '../src/model/engine/slot-table.js';
import { AttemptTable } from '../src/model/engine/tables.js';
import { TimerFifo } from '../src/model/engine/timer-fifo.js';
import { threeRegionModel } from './fixtures/three-region-model.js';

describe('slot tables', () => {
  it('a handle is stale once its row is freed, also after the slot is reused', () => {
    const table = new AttemptTable();
    const a = table.allocate();
    const first = table.handle(a);
    expect(table.resolve(first)).toBe(a);
    table.free(a);
    expect(table.resolve(first)).toBe(-1);
    const b = table.allocate();
    expect(b).toBe(a);
    expect(table.resolve(first)).toBe(-1);
    expect(table.resolve(table.handle(b))).toBe(b);
  });

  it('matches a model of live rows under random allocate/free, growing past the initial capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 4000 }), (ops) => {
        const table = new AttemptTable();
        const live: number[] = [];
        const dead: number[] = [];
        for (const allocate of ops) {
          if (allocate || live.length === 0) {
            const slot = table.allocate();
            table.region[slot] = slot;
            live.push(table.handle(slot));
          } else {
            const handle = live.splice(live.length >> 1, 1)[0];
            table.free(table.resolve(handle));
            dead.push(handle);
          }
        }
        expect(table.live).toBe(live.length);
        for (const handle of live) expect(table.region[table.resolve(handle)]).toBe(handle % SLOT_SCALE);
        for (const handle of dead) expect(table.resolve(handle)).toBe(-1);
      }),
      { numRuns: 50 },
    );
  });
});

describe('TimerFifo', () => {
  it('expires live timers in order at their due time, drops stale ones without an event, refuses earlier dues', () => {
    const sim = new Simulation({ seed: 1 });
    const live = new Set([1, 2, 4]);
    const fired: [number, number][] = [];
    const fifo = new TimerFifo(sim, (s, handle) => fired.push([s.nowUs, handle]), (handle) => live.has(handle));
    expect(fifo.add(100, 1)).toBe(true);
    expect(fifo.add(100, 2)).toBe(true);
    expect(fifo.add(250, 3)).toBe(true);
    expect(fifo.add(200, 9)).toBe(false);
    expect(fifo.add(300, 4)).toBe(true);
    live.delete(2);
    const run = sim.run();
    expect(fired).toEqual([
      [100, 1],
      [300, 4],
    ]);
    // Two kernel events: one at 100 (timer 2 went stale before it came due), one at 300 (timer 3 was dropped when it reached the head).
    expect(run.events).toBe(2);
    expect(fifo.length).toBe(0);
  });

  it('keeps order across growth of the ring', () => {
    const sim = new Simulation({ seed: 1 });
    const fired: number[] = [];
    const fifo = new TimerFifo(sim, (_, handle) => fired.push(handle), () => true);
    for (let k = 0; k < 5000; k++) expect(fifo.add(10 + Math.floor(k / 3), k)).toBe(true);
    sim.run();
    expect(fired).toEqual(Array.from({ length: 5000 }, (_, k) => k));
  });
});

describe('ModelEngine input', () => {
  it('a bad config throws ModelConfigError with every problem and its path', () => {
    const config = threeRegionModel();
    config.services[0].instance.queueCapacity = -1;
    config.routing.entryService = 'webb';
    let error: unknown;
    try {
      new ModelEngine(config);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ModelConfigError);
    const problems = (error as ModelConfigError).problems.map((p) => p.path);
    expect(problems).toContain('services[0].instance.queueCapacity');
    expect(problems).toContain('routing.entryService');
    expect((error as Error).message).toMatch(/did you mean "web"/);
  });

  it('the example runs: conserved, consistent totals, every region and service reported', () => {
    const config = threeRegionModel();
    config.durationUs = 60_000_000;
    config.faults = [{ kind: 'region-outage', region: 'us-east', startUs: 10_000_000, durationUs: 20_000_000 }];
    const result = runModel(config);
    expect(result.conservation).toEqual([]);
    expect(result.stoppedBy).toBe('until');
    const { users } = result;
    expect(users.started).toBe(users.succeeded + users.failed + users.inFlight);
    expect(result.regions.map((r) => r.region)).toEqual(['us-east', 'eu-west', 'ap-southeast']);
    expect(result.regions.reduce((sum, r) => sum + r.started, 0)).toBe(users.started);
    expect(result.endpoints.reduce((sum, e) => sum + e.started, 0)).toBe(users.started);
    expect(result.services.map((s) => `${s.service}@${s.region}`)).toHaveLength(6);
    expect(result.eventLog.entries.some((e) => e.kind === 'fault-started' && e.subject === 'us-east')).toBe(true);
    expect(result.cost.totalUsd).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
