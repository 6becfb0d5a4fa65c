import type { ModelConfig } from '@stormglass/sim-core';
import { regionLossModels } from '../src/catalog/region-loss.js';
import type { RegionLossDesign } from '../src/catalog/region-loss.js';
import type { Scenario, TargetsConfig } from '../src/language/scenario-types.js';
import type { InvariantName } from '../src/language/scenario-types.js';

const S = 1_000_000;

/**
 * region-loss made small for tests: 4 simulated minutes, us-east dark from 30 s for 2 min, ~100
 * user requests/s in all, three in four of them checkouts (writes), so an async store loses some at a
 * promotion. `document` is what its scenario file would say (units as written).
 */
export function smallRegionLossConfig(design: RegionLossDesign, ratePerRegionPerS = 33): ModelConfig {
  const found = regionLossModels({ durationUs: 240 * S, outageAtUs: 30 * S }).find((m) => m.design === design);
  if (found === undefined) throw new Error(`no design ${design}`);
  const config = found.config;
  config.faults = [{ kind: 'region-outage', region: 'us-east', startUs: 30 * S, durationUs: 120 * S }];
  config.traffic.populations = config.traffic.populations.map((p) => ({
    ...p,
    profile: { kind: 'constant', ratePerS: ratePerRegionPerS },
    mix: [
      { endpoint: 'browse', weight: 1 },
      { endpoint: 'checkout', weight: 3, writeRatio: 1 },
    ],
  }));
  return config;
}

export function smallRegionLossScenario(design: RegionLossDesign, targets: TargetsConfig, invariants: InvariantName[] = ['conservation', 'monotone-time']): Scenario {
  return {
    name: `region-loss-small-${design}`,
    description: 'region-loss, small: 4 min, ~100 rps',
    lesson: [],
    expected: [],
    config: smallRegionLossConfig(design),
    targets,
    invariants,
    segmentation: [],
    document: {
      name: `region-loss-small-${design}`,
      extends: 'region-loss',
      seed: 1,
      duration: '4m',
      faults: [{ kind: 'region-outage', region: 'us-east', at: '30s', duration: '2m' }],
      targets: { rpo: '0s' },
    },
  };
}
