import { readFileSync } from 'node:fs';
import { ModelEngine } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { catalogResolver, loadCatalogScenario } from '../src/catalog/registry.js';
import { checkScenario, replaySchedule } from '../src/check/check-scenario.js';
import { evaluateTargets } from '../src/check/evaluate.js';
import { loadScenario } from '../src/language/load.js';
import { formatProblem } from '../src/language/source.js';

// Issue 5's definition of done, end to end from the catalog's YAML: a deliberately broken design
// (region-outage-async: asynchronous replication with an `rpo: 0s` target) yields a shrunk
// counterexample whose replay document — written out as YAML and read back by the loader like
// any scenario file — reproduces the failure exactly.

const S = 1_000_000;

describe('a deliberately broken design: async replication with rpo: 0s', () => {
  it('yields a shrunk, replayable counterexample', () => {
    // Its latency targets left out: a degraded link alone can miss them, a different lesson.
    const { scenario, problems } = loadCatalogScenario('region-outage-async', { sets: ['duration=4m', 'targets.latency=null'] });
    expect(problems.map(formatProblem)).toEqual([]);
    if (scenario === undefined) return;
    // Up to two faults among these kinds, started in the first 90 s (a failover must finish in the run).
    const result = checkScenario(scenario, { runs: 12, seed: 1, maxFaults: 2, kinds: ['region-outage', 'primary-failure', 'link-degradation', 'replication-stall'], window: { fromUs: 0, toUs: 90 * S } });
    expect(result.ok).toBe(false);
    const failure = result.failure!;
    if (process.env.WRITE_REPLAY !== undefined) console.log(stringify(failure.replay));
    // Shrunk to one fault that costs the primary: an outage of us-east or a failure of the primary.
    expect(failure.schedule).toHaveLength(1);
    expect(['region-outage', 'primary-failure']).toContain(failure.schedule[0].kind);
    expect(failure.failed.map((e) => e.name)).toContain('rpo');

    // The replay document as a file: YAML text, loaded like any scenario (catalog extends resolved).
    const text = stringify(failure.replay);
    const replayed = loadScenario(text, 'replay.yaml', { resolve: catalogResolver() });
    expect(replayed.problems.map(formatProblem)).toEqual([]);
    const config = replayed.scenario!.config;
    expect(config.seed).toBe(failure.seed);
    expect(config.faults).toEqual(failure.schedule);
    const run = new ModelEngine(config).run();
    const again = evaluateTargets(replayed.scenario!.targets, run);
    expect(again.filter((e) => !e.pass)).toEqual(failure.failed.filter((e) => ['rto', 'rpo', 'availability', 'cost', 'lostWrites', 'timeToDetect'].includes(e.name) || e.name.startsWith('latency')));
    // Byte for byte: the replay's run is the counterexample's run.
    expect(run.digest).toBe(replaySchedule(scenario, failure.schedule, failure.seed).result?.digest);
  }, 120_000);
});

describe('named regressions: replay files of failures found before', () => {
  // test/regressions/*.replay.yaml: replay documents checkScenario returned, kept so the same
  // failure stays found (or, once a design is fixed, so the fix stays). Each says what it expects.
  const dir = new URL('./regressions/', import.meta.url);
  const files: Record<string, string[]> = {
    // A 10 s outage of the primary's region: the failover still promotes after the repair and loses a write.
    'region-outage-async-rpo.replay.yaml': ['rpo: 5.339ms', 'lostWrites: 1'],
  };
  it.each(Object.entries(files))('%s still reproduces what it records', (file, expected) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const { scenario, problems } = loadScenario(text, `test/regressions/${file}`, { resolve: catalogResolver() });
    expect(problems.map(formatProblem)).toEqual([]);
    const failed = evaluateTargets(scenario!.targets, new ModelEngine(scenario!.config).run()).filter((e) => !e.pass).map((e) => `${e.name}: ${e.actual}`);
    expect(failed).toEqual(expected);
  });
});
