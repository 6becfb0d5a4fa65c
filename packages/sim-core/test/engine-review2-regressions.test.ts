import { describe, expect, it } from 'vitest';
import { ModelEngine, validateModel } from '../src/index.js';
import type { DeploymentStrategy, ModelConfig } from '../src/index.js';
import { deployModel, deployment } from './fixtures/deploy-builders.js';
import { S } from './fixtures/engine-scenario-builders.js';

// Regressions found by the second reading of issue 4's deployments, alert readings and cost
// (docs/notes-review2.md): one `it` per defect, each named for the behaviour it pins.

/** A config validateModel accepts runs to its end; one it rejects names the problem. Never a throw from inside the run. */
function runsOrIsRejected(config: ModelConfig): { problems: string[]; thrown: string | null } {
  const problems = validateModel(config).map((problem) => `${problem.path}: ${problem.message}`);
  if (problems.length > 0) return { problems, thrown: null };
  try {
    new ModelEngine(config).run();
    return { problems, thrown: null };
  } catch (error) {
    return { problems, thrown: String(error) };
  }
}

describe('second reading (part 3): deployments, alert readings, cost', () => {
  it.each<[string, DeploymentStrategy]>([
    ['blue-green whose switch + keepOld ends past the safe integers', { kind: 'blue-green', switchAfterUs: Number.MAX_SAFE_INTEGER - 10, keepOldUs: 1_000 }],
    ['canary whose steps end past the safe integers', { kind: 'canary', steps: [{ share: 0.1, durationUs: Number.MAX_SAFE_INTEGER - 10 }, { share: 0.5, durationUs: 1_000 }] }],
    ['rolling whose last batch falls past the safe integers', { kind: 'rolling', batchSize: { instances: 5 }, batchIntervalUs: 2 ** 52 }],
  ])('validateModel rejects a deployment whose plan ends beyond the safe integers of µs (%s) instead of the engine throwing at its start', (_, strategy) => {
    const config = deployModel({ durationUs: 10 * S, deployments: [deployment(strategy, 1 * S)] });
    const { problems, thrown } = runsOrIsRejected(config);
    expect(thrown).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^deployments\[0\]\.strategy: .*safe integers/);
  });

  it('validateModel still accepts a long but representable plan (a rolling deploy whose batches run past the run)', () => {
    const config = deployModel({ durationUs: 10 * S, deployments: [deployment({ kind: 'rolling', batchSize: { instances: 5 }, batchIntervalUs: 2 ** 40 }, 1 * S)] });
    expect(runsOrIsRejected(config)).toEqual({ problems: [], thrown: null });
  });
});
