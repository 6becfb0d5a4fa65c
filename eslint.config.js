// One lint configuration for the whole workspace.
//
// Two rules matter more than style here:
// 1. Purity: sim-core, scenarios and report run unchanged in Node and in the browser and must be
//    deterministic, so they may not reach the wall clock, global randomness, timers, the
//    process, Node built-ins or the DOM. Entropy and time enter only through the runner and
//    the viz, which hand a seed down.
// 2. Boundaries: packages import each other only through their public entry point
//    (`@stormglass/sim-core`, never `@stormglass/sim-core/src/...`), and dependencies flow
//    one way: sim-core <- scenarios <- report <- runner / viz.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const impureGlobals = [
  'Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
  'clearInterval', 'clearImmediate', 'queueMicrotask', 'requestAnimationFrame', 'process',
  'require', 'module', 'Buffer', 'global', 'window', 'document', 'navigator', 'location',
  'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'crypto',
].map((name) => ({
  name,
  message: `sim-core, scenarios and report are pure and deterministic: \`${name}\` is not allowed here. Take time from the simulation (sim.nowUs) and randomness from sim.stream(name); I/O belongs in the runner or the viz.`,
}));

const deepImport = {
  group: ['@stormglass/*/*'],
  message: 'Import another package only through its entry point (e.g. `@stormglass/sim-core`), never a deep path.',
};

/** no-restricted-imports for a package: deep imports, plus whatever it may not depend on. */
function importRules({ forbidPackages = [], forbidNode = false }) {
  const paths = forbidNode
    ? nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in the pure packages (they must run in the browser too).' }))
    : [];
  const patterns = [deepImport];
  if (forbidPackages.length > 0) {
    patterns.push({ group: forbidPackages, message: 'Dependencies flow one way: sim-core <- scenarios <- report <- runner / viz.' });
  }
  return ['error', { paths, patterns }];
}

const purity = {
  'no-restricted-globals': ['error', ...impureGlobals],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use a named stream: sim.stream("component/name").float().' },
    { object: 'globalThis', message: 'Reaching through globalThis is not allowed in the pure packages.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "ImportExpression", message: 'Dynamic import is not allowed in the pure packages.' },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '**/coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': importRules({}),
    },
  },
  {
    files: ['packages/sim-core/src/**/*.ts'],
    rules: { ...purity, 'no-restricted-imports': importRules({ forbidNode: true, forbidPackages: ['@stormglass/*'] }) },
  },
  {
    files: ['packages/scenarios/src/**/*.ts'],
    rules: {
      ...purity,
      'no-restricted-imports': importRules({ forbidNode: true, forbidPackages: ['@stormglass/report', '@stormglass/runner', '@stormglass/viz', '@stormglass/bench'] }),
    },
  },
  {
    files: ['packages/report/src/**/*.ts'],
    rules: {
      ...purity,
      'no-restricted-imports': importRules({ forbidNode: true, forbidPackages: ['@stormglass/runner', '@stormglass/viz', '@stormglass/bench'] }),
    },
  },
  {
    files: ['packages/viz/src/**/*.ts'],
    rules: { 'no-restricted-imports': importRules({ forbidNode: true, forbidPackages: ['@stormglass/runner', '@stormglass/bench'] }) },
  },
);
