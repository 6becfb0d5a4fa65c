import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateModel } from '../src/index.js';
import type { ModelConfig, ModelProblem } from '../src/index.js';
import { badDeploy, deployModel, errorRule } from './fixtures/deploy-builders.js';
import { S } from './fixtures/engine-scenario-builders.js';
import { pathsOf, putAtPaths } from './fixtures/config-paths.js';

// The deployments, the migration and the bad-deploy fault through validateModel: shapes (the
// parts' own messages at their paths), unknown fields, and names.

/**
 * Regions a, b, c; api placed in a and b; a canary in a with a rollback on HighErrorRatio, a
 * rolling deploy everywhere, a blue-green one in b; a bad-deploy fault; a migration a → b with
 * a write freeze. validateModel finds nothing in it.
 */
function deployOpsModel(): ModelConfig {
  const config = deployModel({
    durationUs: 300 * S,
    regions: ['a', 'b', 'c'],
    instances: { a: 10, b: 10 },
    users: { a: 10, c: 10 },
    rules: [errorRule(), errorRule('SlowCheckout', { metric: 'queue-depth', threshold: 100 })],
    faults: [badDeploy(60 * S, 0.5, 1000)],
    deployments: [
      { service: 'api', region: 'a', atUs: 60 * S, strategy: { kind: 'canary', steps: [{ share: 0.05, durationUs: 30 * S }, { share: 0.5, durationUs: 30 * S }] }, rollback: { onAlerts: ['HighErrorRatio'], rollbackUs: 10 * S } },
      { service: 'api', atUs: 120 * S, strategy: { kind: 'rolling', batchSize: { ratio: 0.25 }, batchIntervalUs: 10 * S } },
      { service: 'api', region: 'b', atUs: 200 * S, strategy: { kind: 'blue-green', switchAfterUs: 30 * S, keepOldUs: 30 * S } },
    ],
  });
  config.migration = { from: 'a', to: 'b', weights: [{ atUs: 10 * S, toShare: 0 }, { atUs: 100 * S, toShare: 1 }], dualRunning: false, writeFreeze: { startUs: 50 * S, durationUs: 5 * S } };
  return config;
}

/** A fresh deployOpsModel with each value put at its path (undefined deletes the key). */
function withValues(changes: readonly (readonly [string, unknown])[]): ModelConfig {
  return putAtPaths(deployOpsModel(), changes, true);
}

interface Row {
  readonly set: string;
  readonly to: unknown;
  /** The path of the problem; `set` when absent. */
  readonly path?: string;
  readonly says: string;
}

const ROWS: readonly Row[] = [
  // The lists and objects.
  { set: 'deployments', to: {}, says: 'deployments must be an array (or absent), got an object' },
  { set: 'deployments[1]', to: 'rolling', says: 'deployments[1] must be an object, got "rolling"' },
  { set: 'migration', to: [], says: 'migration, when given, must be an object { from, to, weights, dualRunning, writeFreeze? }' },
  // A deployment's numbers, at the field's path (the part's own sentences).
  { set: 'deployments[0].strategy.steps[1].share', to: 50, says: 'strategy.steps[1].share must be a fraction of the traffic in (0, 1] (not a percentage), got 50' },
  { set: 'deployments[0].strategy.steps[0].durationUs', to: 0, says: 'strategy.steps[0].durationUs must be a whole number of µs > 0, got 0' },
  { set: 'deployments[0].strategy.steps', to: [], says: 'a canary without steps is a big-bang deploy' },
  { set: 'deployments[0].strategy.kind', to: 'canery', says: 'strategy.kind must be one of "rolling", "canary", "blue-green", got "canery" (did you mean "canary"?)' },
  { set: 'deployments[1].strategy.batchSize', to: { instances: 2, ratio: 0.5 }, says: 'strategy.batchSize must give exactly one of instances and ratio, got both' },
  { set: 'deployments[1].strategy.batchSize.ratio', to: 25, says: 'strategy.batchSize.ratio must be a fraction of the fleet in (0, 1] (not a percentage), got 25' },
  { set: 'deployments[1].atUs', to: -1, says: 'atUs must be a whole number of µs >= 0, got -1' },
  { set: 'deployments[2].strategy.keepOldUs', to: 1.5, says: 'strategy.keepOldUs must be a whole number of µs >= 0, got 1.5' },
  { set: 'deployments[0].rollback.onAlerts', to: [], says: 'rollback.onAlerts must be a non-empty array of alert rule names' },
  { set: 'deployments[0].rollback.rollbackUs', to: undefined, says: 'rollback.rollbackUs must be a whole number of µs >= 0, got undefined' },
  { set: 'deployments[0].region', to: 7, says: "region, when given, must be a non-empty string naming one of the service's regions" },
  // Unknown fields, with a suggestion.
  { set: 'deployments[0].regoin', to: 'a', path: 'deployments[0]', says: '"regoin" is not a field of a deployment (did you mean "region"?)' },
  { set: 'deployments[0].strategy.step', to: [], path: 'deployments[0].strategy', says: '"step" is not a field of a canary strategy (did you mean "steps"?)' },
  { set: 'deployments[0].strategy.steps[0].shares', to: 0.1, path: 'deployments[0].strategy.steps[0]', says: '"shares" is not a field of a canary step (did you mean "share"?)' },
  { set: 'deployments[0].rollback.onAlert', to: ['x'], path: 'deployments[0].rollback', says: '"onAlert" is not a field of a rollback (did you mean "onAlerts"?)' },
  { set: 'deployments[1].strategy.batchSize.ratoi', to: 0.5, path: 'deployments[1].strategy.batchSize', says: '"ratoi" is not a field of a batch size (did you mean "ratio"?)' },
  { set: 'migration.dualRuning', to: true, path: 'migration', says: '"dualRuning" is not a field of a migration (did you mean "dualRunning"?)' },
  { set: 'migration.writeFreeze.duration', to: 5, path: 'migration.writeFreeze', says: '"duration" is not a field of a write freeze (did you mean "durationUs"?)' },
  // The migration's numbers.
  { set: 'migration.weights[1].toShare', to: 100, says: 'weights[1].toShare must be a fraction of the traffic in [0, 1] (not a percentage), got 100' },
  { set: 'migration.weights[1].atUs', to: 5 * S, says: 'weights[1].atUs (5000000) must be >= weights[0].atUs (10000000): the points must be in time order' },
  { set: 'migration.to', to: 'a', path: 'migration.from', says: 'from and to must differ, got "a" for both' },
  { set: 'migration.dualRunning', to: 'yes', says: 'dualRunning must be true or false, got "yes"' },
  { set: 'migration.writeFreeze.durationUs', to: 0, says: 'writeFreeze.durationUs must be a whole number of µs > 0, got 0' },
  // Names.
  { set: 'deployments[0].service', to: 'apii', says: 'unknown service "apii" (did you mean "api"?)' },
  { set: 'deployments[0].region', to: 'c', says: 'service "api" does not run in region "c" (it runs in a, b)' },
  { set: 'deployments[0].region', to: 'bb', says: 'unknown region "bb" (did you mean "b"?)' },
  { set: 'deployments[0].rollback.onAlerts[0]', to: 'HighErrorRatoi', says: 'no alert rule is named "HighErrorRatoi" (did you mean "HighErrorRatio"?)' },
  { set: 'deployments[2].atUs', to: 300 * S, says: 'the deployment starts at 300000000 µs, outside the run (0 to 300000000 µs)' },
  { set: 'migration.to', to: 'c', says: 'the entry service "api" has no placement in region "c", so users cannot be served there (it runs in a, b)' },
  { set: 'migration.from', to: 'aa', says: 'unknown region "aa" (did you mean "a"?)' },
  // The bad-deploy fault.
  { set: 'faults[0].errorRatio', to: 1.5, says: 'errorRatio must be a number in [0, 1], got 1.5' },
  { set: 'faults[0].addedLatencyUs', to: -5, says: 'addedLatencyUs must be a whole number of µs >= 0, got -5' },
  { set: 'faults[0].service', to: 'ap', says: 'unknown service "ap" (did you mean "api"?)' },
];

describe('validateModel: deployments, migration and the bad-deploy fault', () => {
  it('the base config is valid', () => {
    expect(validateModel(deployOpsModel())).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.set} = ${JSON.stringify(row.to) ?? 'absent'}`, row] as const))('%s', (_name, row) => {
    const problems = validateModel(withValues([[row.set, row.to]]));
    expect(problems).toEqual([{ path: row.path ?? row.set, message: expect.stringContaining(row.says) }]);
  });

  it('a bad-deploy fault needs a deployment of its service', () => {
    const config = deployOpsModel();
    delete config.deployments;
    expect(validateModel(config)).toEqual([
      { path: 'faults[0].service', message: 'a bad-deploy fault hits the new version of "api", but no deployment of "api" is configured (the config has no deployments)' },
    ]);
  });

  it('rollback alerts need alert rules', () => {
    const config = deployOpsModel();
    delete config.alerting;
    expect(validateModel(config)).toEqual([{ path: 'deployments[0].rollback.onAlerts[0]', message: 'no alert rule is named "HighErrorRatio" (the config has no alerting rules)' }]);
  });

  it('never throws, whatever value replaces any part of the deployments, the migration or the fault', () => {
    const base = deployOpsModel();
    const paths = [...(['deployments', 'migration'] as const).flatMap((root) => [root, ...pathsOf(base[root], root)]), 'faults[0]', ...pathsOf(base.faults[0], 'faults[0]')];
    expect(paths).toContain('deployments[0].strategy.steps[1].share');
    expect(paths).toContain('migration.writeFreeze.startUs');
    const odd = fc.constantFrom<unknown>(undefined, null, Number.NaN, Infinity, -1, 0, '', [], {}, 'a', 'c', 'api', 'canary', 'rolling', 'blue-green', 'bad-deploy', 'HighErrorRatio', { kind: 'canary' }, { instances: 1 });
    const anyValue = fc.oneof(fc.jsonValue(), odd, fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), fc.anything());
    const ownPath = /^(deployments|migration)([.[]|$)|^faults\[0\]([.[]|$)/;
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, (path, value) => {
        const model = withValues([[path, value]]);
        let problems: ModelProblem[] = [];
        expect(() => (problems = validateModel(model))).not.toThrow();
        for (const problem of problems) {
          expect(typeof problem.message === 'string' && problem.message.length > 0).toBe(true);
          expect(problem.message).not.toContain('could not be checked');
          expect(problem.path, problem.message).toMatch(ownPath);
        }
      }),
      { numRuns: 500 },
    );
  });
});
