import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceResolver } from '../src/language/compose.js';
import { loadScenario } from '../src/language/load.js';
import { renameField } from '../src/language/model-paths.js';
import { catalogResolver, catalogSource } from '../src/catalog/registry.js';
import { formatProblem } from '../src/language/source.js';

// Bugs found by the second reading of the scenario loader, one test each.

const shop = readFileSync(new URL('./fixtures/shop.yaml', import.meta.url), 'utf8');
const replace = (text: string, from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};
const inMemory = (files: Record<string, string>): SourceResolver => (ref) => (Object.prototype.hasOwnProperty.call(files, ref) ? { text: files[ref], file: ref } : { error: 'no such file' });
const problemsOf = (text: string, options = {}) => loadScenario(text, 'child.yaml', options).problems.map(formatProblem);

describe('review regressions', () => {
  it('a misspelt region in an active-passive fleet is one problem at the key, not also at a failoverOrder the file does not have', () => {
    const source = replace(catalogSource('region-outage-async')!, 'instances: { us-east: 6, eu-west: 6 }', 'instances: { us-east: 6, eu-wst: 6 }');
    const problems = loadScenario(source, 'mine.yaml').problems.map(formatProblem);
    expect(problems.filter((p) => p.includes('failoverOrder'))).toEqual([]);
    expect(problems[0]).toMatch(/^mine\.yaml:\d+:\d+ topology\.services\[0\]\.instances\.eu-wst: unknown region "eu-wst" — did you mean "eu-west"\?$/);
  });

  it('a problem inside a list the child replaced names the child, not the parent that wrote the same path', () => {
    const resolve = inMemory({ 'base.yaml': shop });
    // The child's faults list replaces the parent's whole; its item has no region. The parent's
    // faults[0].region (line 55) is not in the merged scenario.
    const problems = problemsOf('extends: base.yaml\nfaults:\n  - { kind: region-outage, at: 2m, duration: 1m }\n', { resolve });
    expect(problems).toEqual(['child.yaml:3:5 faults[0].region: a required field is missing (expected a text, found nothing)']);
  });

  it('two --sets of one path: a problem names the last, whose value is the one checked', () => {
    expect(problemsOf(shop, { sets: ['duration=5m', 'duration=5mins'] })).toEqual(['--set duration=5mins duration: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "5m"?']);
  });

  it('an alias to an anchor that is not written before it is a problem, not a silent null (which removed the field)', () => {
    expect(problemsOf(replace(shop, 'seed: 7', 'seed: *nope'))).toEqual(['child.yaml:3:7 seed: no anchor &nope is written before this alias (expected an alias to an anchor above it, like &name ... *name, found *nope)']);
    expect(problemsOf(replace(shop, 'seed: 7', 'seed: *later\nx: &later 7'))[0]).toBe('child.yaml:3:7 seed: no anchor &later is written before this alias (expected an alias to an anchor above it, like &name ... *name, found *later)');
  });

  it('--set extends is refused: the chain is read before the --sets, so it was silently ignored', () => {
    expect(problemsOf(shop, { sets: ['extends=region-outage-async'] })).toEqual(['--set extends=region-outage-async extends: extends cannot be set with --set: the extends chain is read before the --sets (expected extends written in the file, found "region-outage-async")']);
  });

  it('--set through a name an object inherits (toString) sets a field, and a value not a mapping is named in words, not dumped', () => {
    // toString.x read Object.prototype.toString and said "not a mapping" with no found.
    expect(problemsOf(shop, { sets: ['toString.x=1'] })[0]).toMatch(/^--set toString\.x=1 toString: "toString" is not a field here/);
    expect(problemsOf(shop, { sets: ['regions.length=0'] })).toEqual(['--set regions.length=0 regions.length: cannot set a field inside a value that is not a mapping (found a list)']);
  });

  it('.nan and .inf are found as themselves, not "null" (JSON.stringify spelled them null)', () => {
    expect(problemsOf(replace(shop, 'seed: 7', 'seed: .nan'))).toEqual(['child.yaml:3:7 seed: wrong type (expected a number, found .nan)']);
    expect(problemsOf(replace(shop, 'max: 40', 'max: -.inf'))).toEqual(['child.yaml:30:14 topology.services[0].autoscaling.max: wrong type (expected a number, found -.inf)']);
  });

  it('!!binary, !!timestamp, !!set and !!omap values are refused by their tag, not found as "a mapping"', () => {
    // The line is the value's; the column, where the yaml package starts the node after its tag.
    const at = (value: string) => problemsOf(replace(shop, 'description: A web shop in three regions.', `description: ${value}`)).map((p) => p.replace(/^child\.yaml:2:\d+ /, 'child.yaml:2 '));
    const refused = (tag: string) => [`child.yaml:2 description: ${tag} values are not supported in a scenario (expected a text, a number, true or false, a list or a mapping, found ${tag})`];
    expect(at('!!binary aGVsbG8=')).toEqual(refused('!!binary'));
    expect(at('!!timestamp 2001-12-14')).toEqual(refused('!!timestamp'));
    expect(at('!!set { a, b }')).toEqual(refused('!!set'));
    expect(at('!!omap [ a: 1 ]')).toEqual(refused('!!omap'));
  });

  it('the client\'s sim-core problems are at traffic.client\'s fields with durations, not retry.* in µs', () => {
    expect(problemsOf(shop, { sets: ['traffic.client.deadline=1s'] })).toEqual(['child.yaml:53:22 traffic.client.timeout: timeout (3s) exceeds deadline (1s): the deadline would always end the attempt first']);
    expect(problemsOf(shop, { sets: ['traffic.client.backoff={ base: 10s, cap: 1s }'] })).toEqual(['--set traffic.client.backoff={ base: 10s, cap: 1s } traffic.client.backoff.cap: backoff.cap (1s) is below backoff.base (10s)']);
  });

  it('routing weights are written by region: a problem names weights.<region>, not weights[1].region', () => {
    const text = replace(shop, '    dnsTtl: 60s\n', '    dnsTtl: 60s\n    policy: weighted\n    weights: { us-east: 1, eu-wst: 1 }\n');
    expect(problemsOf(text)).toEqual(['child.yaml:18:36 topology.routing.weights.eu-wst: unknown region "eu-wst" — did you mean "eu-west"?']);
  });

  it('an unknown entry service is one problem, not also an empty health-check endpoint the user never wrote', () => {
    expect(problemsOf(shop, { sets: ['topology.routing.entry=wbe'] })).toEqual(['--set topology.routing.entry=wbe topology.routing.entry: unknown service "wbe" — did you mean "web"?']);
  });

  it('a call written as a bare name in a --set is named by its path, like one written in a file', () => {
    expect(problemsOf(shop, { sets: ['topology.services[0].endpoints[1].calls[1]=paymnts'] })).toEqual(['--set topology.services[0].endpoints[1].calls[1]=paymnts topology.services[0].endpoints[1].calls[1]: unknown dependency "paymnts" — did you mean "payments"?']);
  });

  it('a custom tag (!foo, !ENV) is a problem, not silently dropped so its text is read as written', () => {
    expect(problemsOf(replace(shop, 'duration: 5m', 'duration: !ENV 5m'))).toEqual(['child.yaml:4:11 the tag !ENV is not supported in a scenario (expected a value without a tag, found !ENV)']);
  });

  it('a key written twice as two kinds of scalar ("1" and 1) is a duplicate, not a silent overwrite', () => {
    expect(problemsOf(replace(shop, 'instances: { us-east: 2,', 'instances: { "1": 2, 1: 3, us-east: 2,'))).toEqual(['child.yaml:35:28 topology.services[1].instances.1: "1" is written twice in this mapping (expected each key once, found 1)']);
  });

  it('a YAML merge key says merge keys are not supported, not only that "<<" is not a field', () => {
    const problems = problemsOf(replace(shop, 'network:\n  links:', 'network:\n  <<: { defaults: {} }\n  links:'));
    expect(problems).toEqual(['child.yaml:10:3 network.<<: YAML merge keys (<<) are not supported in a scenario (expected the fields written out, or shared through extends, found "<<")']);
  });

  it('a file nested past what the parser can read says so in words, not "Maximum call stack size exceeded"', () => {
    const problems = problemsOf(replace(shop, 'seed: 7', `seed: 7\nx: ${'['.repeat(5000)}${']'.repeat(5000)}`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^child\.yaml:4:\d+ the file nests too deeply to be read \(expected a few levels of nesting, as a scenario has\)$/);
  });

  it('a duration of 0s is one problem, not also sim-core\'s durationUs', () => {
    const problems = problemsOf(shop, { sets: ['duration=0s'] });
    expect(problems.filter((p) => p.includes(' duration: '))).toEqual(['--set duration=0s duration: the run must last more than 0s and at most the limit (expected more than 0s and at most 31d, found "0s")']);
  });

  it('an active-passive primary that is wrong is named at topology.primary, not at a failoverOrder the user never wrote', () => {
    expect(problemsOf(shop, { sets: ['topology.strategy=active-passive', 'topology.primary=us-eats'] })).toEqual(['--set topology.primary=us-eats topology.primary: unknown region "us-eats" — did you mean "us-east"?']);
    const text = replace(shop, '  strategy: active-active\n', '  strategy: active-passive\n  primary: ap-southeast\n');
    expect(problemsOf(text, { sets: ['topology.services[0].instances={ us-east: 4, eu-west: 4 }'] })).toEqual(['child.yaml:14:12 topology.primary: service "web" has no placement in region "ap-southeast" to fail over to']);
  });

  it('latency targets are not checked against the endpoints of an entry service that does not exist', () => {
    expect(problemsOf(shop, { sets: ['topology.routing.entry=wbe', 'targets={ latency: { browse: { p99: 1s } } }'] })).toEqual(['--set topology.routing.entry=wbe topology.routing.entry: unknown service "wbe" — did you mean "web"?']);
  });

  it('a region named toString with no zones written for it spreads over all its zones (zones.toString read Object.prototype.toString)', () => {
    const text = replace(shop.replaceAll('ap-southeast', 'toString'), '      instances: { us-east: 4,', '      zones: { us-east: [a] }\n      instances: { us-east: 4,');
    const { scenario, problems } = loadScenario(text, 'child.yaml');
    expect(problems.map(formatProblem)).toEqual([]);
    expect(scenario?.config.services[0].placements).toEqual([
      { region: 'us-east', instances: 4, zones: ['a'] },
      { region: 'eu-west', instances: 4, zones: [] },
      { region: 'toString', instances: 4, zones: [] },
    ]);
  });

  it('renameField keeps a field that only an object inherits the name of', () => {
    expect(renameField('toString')).toBe('toString');
    expect(renameField('constructor')).toBe('constructor');
  });

  it('a file-looking extends where only catalog names resolve suggests the catalog name it spells', () => {
    expect(problemsOf('extends: ./region-outage-async.yaml\nname: mine\n', { resolve: catalogResolver() })).toEqual(['child.yaml:1:10 extends: cannot extend "./region-outage-async.yaml": only catalog names can be extended here (found "./region-outage-async.yaml") — did you mean "region-outage-async"?']);
  });

  it('null removes a field at any depth under extends, also inside a mapping the parent does not have', () => {
    const resolve = inMemory({ 'base.yaml': shop });
    // The parent has topology.routing but no metrics: metrics.interval: null was kept as a null.
    expect(problemsOf('extends: base.yaml\ntopology:\n  routing:\n    dnsTtl: null\nmetrics:\n  interval: null\n', { resolve })).toEqual([]);
    // The same in a file of its own, as at the top level (network: null is removed there).
    expect(problemsOf(replace(shop, 'dnsTtl: 60s', 'dnsTtl: null'))).toEqual([]);
  });

  it('extends: base.YAML is a file, as the runner reads a .YAML argument as a file', () => {
    expect(problemsOf('extends: base.YAML\nname: mine\n', { resolve: catalogResolver(inMemory({ 'base.YAML': shop })) })).toEqual([]);
  });

  it('a list too short or too long is found by its length, not only as "a list"', () => {
    expect(problemsOf(shop, { sets: ['regions=[]'] })).toEqual(['--set regions=[] regions: too small (expected >= 1 items, found an empty list)']);
  });

  it('a file that is one scalar is found as YAML reads it (.nan was "null")', () => {
    expect(problemsOf('.nan\n')).toEqual(['child.yaml:1:1 a scenario must be a mapping of sections (expected a mapping (name, duration, regions, topology, traffic, ...), found .nan)']);
  });

  it('a standard tag that does not fit its value (!!float 1) is said so, not "not supported"', () => {
    expect(problemsOf(replace(shop, 'seed: 7', 'seed: !!float 7'))).toEqual(['child.yaml:3:7 the tag !!float does not fit this value (expected the value without the tag, found !!float)']);
  });
});
