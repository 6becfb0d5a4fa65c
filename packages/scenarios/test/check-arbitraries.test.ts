import fc from 'fast-check';
import { FAULT_KINDS, threeRegionLaunchModel, validateModel } from '@stormglass/sim-core';
import type { FaultConfig, ModelConfig } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { faultScheduleArbitrary } from '../src/check/arbitraries.js';
import { faultToSource, percentText } from '../src/check/fault-source.js';
import { faultTargets } from '../src/check/fault-targets.js';
import { applyDesignParameters, applyTrafficPerturbation, designParameterArbitrary, trafficPerturbationArbitrary } from '../src/check/perturbations.js';
import { faultsSchema } from '../src/language/sections/faults.js';
import { regionLossModels } from '../src/catalog/region-loss.js';

// The arbitraries: valid faults for the config they are drawn from, written back exactly, and
// shrinking toward fewer, later, shorter faults. No simulation runs here.

const S = 1_000_000;

/** The launch model with a store, a failover, backups and a deployment, so every fault kind has a target. */
function everyKindModel(): ModelConfig {
  const activePassive = regionLossModels({ durationUs: 600 * S, outageAtUs: 300 * S }).find((m) => m.design === 'active-passive');
  const config = (activePassive as { config: ModelConfig }).config;
  const launch = threeRegionLaunchModel();
  config.deployments = [{ service: 'web', atUs: 60 * S, strategy: { kind: 'rolling', batchSize: { instances: 1 }, batchIntervalUs: 10 * S } }];
  config.regions = launch.regions;
  return config;
}

const models: [string, ModelConfig][] = [
  ['three-region launch', threeRegionLaunchModel()],
  ['region-loss active-active', regionLossModels({ durationUs: 600 * S, outageAtUs: 300 * S })[0].config],
  ['region-loss active-passive', regionLossModels({ durationUs: 600 * S, outageAtUs: 300 * S })[1].config],
];

describe('faultScheduleArbitrary', () => {
  it.each(models)('draws schedules validateModel accepts for %s', (_, config) => {
    fc.assert(
      fc.property(faultScheduleArbitrary(config, { maxFaults: 5 }), (faults) => {
        expect(validateModel({ ...config, faults })).toEqual([]);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('draws only kinds whose targets exist: no cache flush without a cache, no store fault without a store', () => {
    expect([...faultTargets(threeRegionLaunchModel()).keys()]).toEqual(FAULT_KINDS.filter((k) => !['primary-failure', 'replication-stall', 'data-deletion', 'bad-deploy'].includes(k)));
    const noCache = threeRegionLaunchModel();
    noCache.dependencies = noCache.dependencies.map((d) => (d.kind === 'cache' ? { ...d, kind: 'third-party', errorRatio: 0, latency: d.latency } : d)) as ModelConfig['dependencies'];
    expect(faultTargets(noCache).has('cache-flush')).toBe(false);
  });

  it('draws schedules whose mix of kinds varies from run to run (swarm), inside the window', () => {
    const config = threeRegionLaunchModel();
    const window = { fromUs: 600 * S, toUs: 1200 * S };
    const samples = fc.sample(faultScheduleArbitrary(config, { maxFaults: 6, window }), { seed: 3, numRuns: 200 });
    const mixes = new Set(samples.map((faults) => [...new Set(faults.map((f) => f.kind))].sort().join(',')));
    expect(mixes.size).toBeGreaterThan(30);
    const kinds = new Set(samples.flat().map((f) => f.kind));
    expect(kinds.size).toBe(faultTargets(config).size);
    for (const f of samples.flat()) expect(f.startUs >= window.fromUs && f.startUs < window.toUs && f.startUs % S === 0).toBe(true);
  });

  it('shrinks a failure to one fault, the first target, the latest start and the shortest duration that still fail', () => {
    const config = threeRegionLaunchModel();
    const window = { fromUs: 0, toUs: 1200 * S };
    // Fails for any region outage of at least 2 min, wherever and whenever it is.
    const details = fc.check(
      fc.property(faultScheduleArbitrary(config, { window }), (faults) => !faults.some((f) => f.kind === 'region-outage' && (f.durationUs ?? 0) >= 120 * S)),
      { seed: 5, numRuns: 500 },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toEqual([{ kind: 'region-outage', region: 'us-east', startUs: 1199 * S, durationUs: 120 * S }]);
  });

  it('written back with faultToSource, a schedule reads back to the same faults', () => {
    const config = everyKindModel();
    expect(validateModel(config)).toEqual([]);
    expect(faultTargets(config).size).toBe(FAULT_KINDS.length);
    fc.assert(
      fc.property(faultScheduleArbitrary(config, { maxFaults: 6, gridUs: 1 }), (faults: FaultConfig[]) => {
        expect(validateModel({ ...config, faults })).toEqual([]);
        expect(faultsSchema.parse(faults.map(faultToSource))).toEqual(faults);
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('faultToSource writes exact units', () => {
    expect(faultToSource({ kind: 'region-outage', region: 'us-east', startUs: 900 * S, durationUs: 600 * S })).toEqual({ kind: 'region-outage', region: 'us-east', at: '15m', duration: '10m' });
    expect(faultToSource({ kind: 'link-degradation', between: ['us-east', 'eu-west'], direction: 'forward', addedLatencyUs: 80_500, addedLossRatio: 0.013, startUs: 61_000_001 })).toEqual({
      kind: 'link-degradation',
      between: ['us-east', 'eu-west'],
      direction: 'forward',
      latency: '80.5ms',
      loss: '1.3%',
      at: '1m1.000001s',
    });
    expect([0.07, 1e-7, 1, 0.123456789].map(percentText)).toEqual(['7%', '0.00001%', '100%', '12.3456789%']);
  });
});

describe('traffic and design perturbations', () => {
  const config = regionLossModels({ durationUs: 600 * S, outageAtUs: 300 * S })[1].config;

  it('scale each population by a factor in [×0.5, ×2] and stay valid; shrink to the traffic as written', () => {
    fc.assert(
      fc.property(trafficPerturbationArbitrary(config), (perturbation) => {
        for (const f of perturbation.factors) expect(f >= 0.5 && f <= 2).toBe(true);
        const perturbed = applyTrafficPerturbation(config, perturbation);
        expect(validateModel(perturbed)).toEqual([]);
        const base = config.traffic.populations[0].profile as { peakPerS: number };
        expect((perturbed.traffic.populations[0].profile as { peakPerS: number }).peakPerS).toBeCloseTo(base.peakPerS * perturbation.factors[0], 9);
      }),
      { seed: 1, numRuns: 100 },
    );
    const details = fc.check(fc.property(trafficPerturbationArbitrary(config), (p) => p.factors.every((f) => f <= 1.5)), { seed: 1 });
    expect(details.counterexample?.[0].factors.filter((f) => f !== 1)).toEqual([1.51]);
  });

  it('vary DNS TTL, instances and autoscaling max within valid designs; shrink to the design as written', () => {
    fc.assert(
      fc.property(designParameterArbitrary(config), (parameters) => {
        expect(validateModel(applyDesignParameters(config, parameters))).toEqual([]);
      }),
      { seed: 1, numRuns: 100 },
    );
    const details = fc.check(fc.property(designParameterArbitrary(config), (p) => p.dnsTtlUs < 200 * S), { seed: 1 });
    expect(details.counterexample?.[0]).toEqual({ dnsTtlUs: 200 * S, instanceFactors: config.services.map(() => 1), autoscalingMax: config.services.map((s) => s.autoscaling?.max ?? null) });
  });
});
