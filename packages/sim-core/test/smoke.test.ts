import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/index.js';

describe('smoke', () => {
  it('runs', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: number[] = [];
    sim.schedule(5, (s) => seen.push(s.nowUs));
    sim.schedule(2, (s) => seen.push(s.nowUs));
    expect(sim.run({}).stoppedBy).toBe('empty');
    expect(seen).toEqual([2, 5]);
  });
});
