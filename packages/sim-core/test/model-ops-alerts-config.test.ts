import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, AlertEvaluator, validateAlertRule, validateAlerting } from '../src/model/ops/alerts/index.js';
import type { AlertRuleConfig, AlertingConfig } from '../src/model/ops/alerts/index.js';

const S = 1_000_000;

/** Builds a config with some fields replaced by wrong values, typed as the config (as YAML might deliver it). */
function broken<T>(valid: T, changes: Record<string, unknown>): T {
  return { ...valid, ...changes } as T;
}

const rule: AlertRuleConfig = {
  name: 'eu-api-errors',
  metric: 'error-ratio',
  scope: { region: 'eu', service: 'api' },
  comparator: '>',
  threshold: 0.05,
  forUs: 60 * S,
  evaluationIntervalUs: 15 * S,
  severity: 'page',
  group: 'eu-outage',
  inhibitedBy: ['eu-down'],
};
const down: AlertRuleConfig = { ...rule, name: 'eu-down', metric: 'health', scope: { region: 'eu' }, comparator: '<', threshold: 1, forUs: 0, inhibitedBy: [] };
const config: AlertingConfig = { rules: [down, rule], groupWaitUs: 30 * S, repeatIntervalUs: 4 * 60 * 60 * S };

describe('validateAlertRule', () => {
  it('accepts a valid rule, every metric and comparator, an empty scope, forUs 0 and no group or inhibitions', () => {
    expect(validateAlertRule(rule)).toEqual([]);
    const { group: _group, inhibitedBy: _inhibitedBy, ...bare } = rule;
    expect(validateAlertRule({ ...bare, scope: {}, forUs: 0 })).toEqual([]);
    for (const metric of ALERT_METRICS) expect(validateAlertRule({ ...rule, metric, threshold: 0.5 })).toEqual([]);
    for (const comparator of ['>', '>=', '<', '<='] as const) expect(validateAlertRule({ ...rule, comparator })).toEqual([]);
    expect(validateAlertRule({ ...rule, metric: 'p99-ms', threshold: 800 })).toEqual([]);
  });

  it.each<[string, AlertRuleConfig, string[]]>([
    ['a non-object', null as unknown as AlertRuleConfig, ['an alert rule must be an object { name, metric, scope, comparator, threshold, forUs, evaluationIntervalUs, severity, group?, inhibitedBy? }, got null']],
    ['an empty name', broken(rule, { name: '' }), ['name must be a non-empty string, got ""']],
    ['a misspelt metric', broken(rule, { metric: 'error-ration' }), ['metric must be one of "availability", "error-ratio", "request-rate-per-s", "p50-ms", "p95-ms", "p99-ms", "queue-depth", "instances", "utilisation", "replication-lag-ms", "health", got "error-ration" (did you mean "error-ratio"?)']],
    ['a scope that is not an object', broken(rule, { scope: 'eu' }), ['scope must be an object { region?, service?, endpoint? } ({} watches everything), got "eu"']],
    ['a misspelt scope field', broken(rule, { scope: { regoin: 'eu' } }), ['scope.regoin is not a field of a scope (did you mean "region"?); the fields are region, service, endpoint']],
    ['a numeric region', broken(rule, { scope: { region: 3 } }), ['scope.region, when given, must be a non-empty string, got 3']],
    ['a word comparator', broken(rule, { comparator: 'gt' }), ['comparator must be one of ">", ">=", "<", "<=", got "gt"']],
    ['a reversed comparator', broken(rule, { comparator: '=<' }), ['comparator must be one of ">", ">=", "<", "<=", got "=<" (did you mean "<="?)']],
    ['a string threshold', broken(rule, { threshold: '0.05' }), ['threshold must be a finite number in the metric\'s unit, got "0.05"']],
    ['an infinite threshold', broken(rule, { threshold: Infinity }), ['threshold must be a finite number in the metric\'s unit, got Infinity']],
    ['a percentage for a fraction', broken(rule, { metric: 'availability', threshold: 99 }), ['threshold must be in [0, 1] for metric "availability" (a fraction, not a percentage), got 99']],
    ['a fractional for', broken(rule, { forUs: 1.5 }), ['forUs must be a whole number of µs >= 0, got 1.5']],
    ['a zero interval', broken(rule, { evaluationIntervalUs: 0 }), ['evaluationIntervalUs must be a whole number of µs > 0, got 0']],
    ['a misspelt severity', broken(rule, { severity: 'pgae' }), ['severity must be one of "page", "ticket", got "pgae" (did you mean "page"?)']],
    ['an empty group', broken(rule, { group: '' }), ['group, when given, must be a non-empty string, got ""']],
    ['inhibitedBy as a string', broken(rule, { inhibitedBy: 'eu-down' }), ['inhibitedBy, when given, must be an array of rule names, got "eu-down"']],
    ['a non-string inhibitor', broken(rule, { inhibitedBy: ['eu-down', 7] }), ['inhibitedBy[1] must be a non-empty string, got 7']],
    ['a misspelt optional field', broken(rule, { inhibitedby: ['eu-down'] }), ['inhibitedby is not a field of an alert rule (did you mean "inhibitedBy"?); the fields are name, metric, scope, comparator, threshold, forUs, evaluationIntervalUs, severity, group, inhibitedBy']],
  ])('reports %s, naming the field and the value', (_label, bad, expected) => {
    expect(validateAlertRule(bad)).toEqual(expected);
  });

  it('reports every problem at once, with the location prefix, and accepts an engine-specific metric list', () => {
    const bad = broken(rule, { name: 7, forUs: -1, severity: undefined });
    expect(validateAlertRule(bad, 'alerting.rules[3]')).toEqual([
      'alerting.rules[3]: name must be a non-empty string, got 7',
      'alerting.rules[3]: forUs must be a whole number of µs >= 0, got -1',
      'alerting.rules[3]: severity must be one of "page", "ticket", got undefined',
    ]);
    expect(validateAlertRule({ ...rule, metric: 'cache-hit-ratio' as never }, undefined, [...ALERT_METRICS, 'cache-hit-ratio'])).toEqual([]);
  });
});

describe('validateAlerting', () => {
  it('accepts a valid config, an empty rule list and a zero group wait', () => {
    expect(validateAlerting(config)).toEqual([]);
    expect(validateAlerting({ rules: [], groupWaitUs: 0, repeatIntervalUs: 1 })).toEqual([]);
    // One name in several scopes is several alerts of one rule (as per label set in Prometheus).
    expect(validateAlerting({ ...config, rules: [down, rule, { ...rule, scope: { region: 'us', service: 'api' }, inhibitedBy: [] }] })).toEqual([]);
  });

  it.each<[string, AlertingConfig, string[]]>([
    ['a non-object', [] as unknown as AlertingConfig, ['an alerting config must be an object { rules, groupWaitUs, repeatIntervalUs }, got an array']],
    ['missing rules', broken(config, { rules: undefined }), ['rules must be an array of alert rules (empty for none), got undefined']],
    ['a negative group wait', broken(config, { groupWaitUs: -1 }), ['groupWaitUs must be a whole number of µs >= 0, got -1']],
    ['a zero repeat interval', broken(config, { repeatIntervalUs: 0 }), ['repeatIntervalUs must be a whole number of µs > 0, got 0']],
    ['a bad rule, located', broken(config, { rules: [down, { ...rule, threshold: NaN }] }), ['rules[1].threshold must be a finite number in the metric\'s unit, got NaN']],
    ['a null rule', broken(config, { rules: [down, null] }), ['rules[1] must be an object { name, metric, scope, comparator, threshold, forUs, evaluationIntervalUs, severity, group?, inhibitedBy? }, got null']],
    ['a repeated name and scope', broken(config, { rules: [down, rule, { ...rule, threshold: 0.1 }] }), ['rules[2] repeats rules[1]: name "eu-api-errors" with the same scope (a name and a scope identify one alert)']],
    ['a misspelt inhibitor', broken(config, { rules: [down, { ...rule, inhibitedBy: ['eu-dwn'] }] }), ['rules[1].inhibitedBy[0] names no rule: "eu-dwn" (did you mean "eu-down"?)']],
    ['a self-inhibition', broken(config, { rules: [down, { ...rule, inhibitedBy: ['eu-api-errors'] }] }), ['rules[1].inhibitedBy[0] names the rule itself ("eu-api-errors"); an alert cannot inhibit its own name']],
    [
      'an inhibition cycle',
      broken(config, { rules: [{ ...down, inhibitedBy: ['eu-api-errors'] }, rule] }),
      ['inhibitedBy forms a cycle "eu-down" → "eu-api-errors" → "eu-down": rules that inhibit each other would all stay silent when they fire together'],
    ],
  ])('reports %s', (_label, bad, expected) => {
    expect(validateAlerting(bad)).toEqual(expected);
  });

  it('finds a longer cycle, and the evaluator refuses what the validator reports', () => {
    const a = { ...down, name: 'a', inhibitedBy: ['c'] };
    const b = { ...down, name: 'b', inhibitedBy: ['a'] };
    const c = { ...down, name: 'c', inhibitedBy: ['b'] };
    const cyclic = { ...config, rules: [a, b, c] };
    expect(validateAlerting(cyclic, 'alerting')).toEqual([
      'alerting: inhibitedBy forms a cycle "a" → "c" → "b" → "a": rules that inhibit each other would all stay silent when they fire together',
    ]);
    expect(() => new AlertEvaluator(cyclic)).toThrow(/^AlertEvaluator: invalid config: inhibitedBy forms a cycle/);
  });
});
