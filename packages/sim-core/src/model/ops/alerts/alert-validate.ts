import { describeValue } from '../../../assert.js';
import { closestSpelling } from '../../../units/levenshtein.js';
import { checkOneOf, checkWholeUs, isRecord, prefixOf } from '../../resilience/validate.js';
import { ALERT_COMPARATORS, ALERT_FRACTION_METRICS, ALERT_METRICS, ALERT_SEVERITIES } from './alert-config.js';
import type { AlertRuleConfig, AlertingConfig } from './alert-config.js';

const RULE_FIELDS: readonly string[] = ['name', 'metric', 'scope', 'comparator', 'threshold', 'forUs', 'evaluationIntervalUs', 'severity', 'group', 'inhibitedBy'];
const SCOPE_FIELDS: readonly string[] = ['region', 'service', 'endpoint'];

/**
 * The problems in one alert rule, as sentences naming the field and the bad value; empty when
 * it is usable. Never throws, and checks types too (the rule may come from YAML through a
 * cast). `name` prefixes each sentence with the rule's location; `metrics` are the metrics the
 * engine can read (ALERT_METRICS by default). References to other rules (`inhibitedBy`) are
 * checked by `validateAlerting`, which sees every rule.
 */
export function validateAlertRule(rule: AlertRuleConfig, name?: string, metrics: readonly string[] = ALERT_METRICS): string[] {
  const problems: string[] = [];
  checkRule(problems, prefixOf(name), '', rule, metrics);
  return problems;
}

/**
 * The problems in an alerting config: every rule (fields named `rules[i].field`), the
 * notification intervals, and across rules: no two rules with the same name and scope (the
 * pair identifies an alert), every `inhibitedBy` name is a rule's name other than the rule's
 * own, and inhibition has no cycle (rules that inhibit each other would silence each other).
 */
export function validateAlerting(config: AlertingConfig, name?: string, metrics: readonly string[] = ALERT_METRICS): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}an alerting config must be an object { rules, groupWaitUs, repeatIntervalUs }, got ${describeValue(config)}`);
    return problems;
  }
  checkWholeUs(problems, prefix, 'groupWaitUs', config.groupWaitUs, 0);
  checkWholeUs(problems, prefix, 'repeatIntervalUs', config.repeatIntervalUs, 1);
  const rules: unknown = config.rules;
  if (!Array.isArray(rules)) {
    problems.push(`${prefix}rules must be an array of alert rules (empty for none), got ${describeValue(rules)}`);
    return problems;
  }
  const list = rules as readonly AlertRuleConfig[];
  list.forEach((rule, i) => checkRule(problems, prefix, `rules[${i}].`, rule, metrics));
  checkDuplicates(problems, prefix, list);
  checkInhibitions(problems, prefix, list);
  return problems;
}

function checkRule(problems: string[], prefix: string, at: string, rule: AlertRuleConfig, metrics: readonly string[]): void {
  if (!isRecord(rule)) {
    problems.push(
      `${prefix}${at === '' ? 'an alert rule' : at.slice(0, -1)} must be an object { name, metric, scope, comparator, threshold, forUs, evaluationIntervalUs, severity, group?, inhibitedBy? }, got ${describeValue(rule)}`,
    );
    return;
  }
  checkUnknownFields(problems, prefix, at, rule, RULE_FIELDS);
  checkName(problems, prefix, `${at}name`, rule.name);
  const metricValid = checkOneOf(problems, prefix, `${at}metric`, rule.metric, metrics);
  checkScope(problems, prefix, at, rule.scope);
  checkComparator(problems, prefix, `${at}comparator`, rule.comparator);
  const threshold: unknown = rule.threshold;
  if (!(typeof threshold === 'number' && Number.isFinite(threshold))) {
    problems.push(`${prefix}${at}threshold must be a finite number in the metric's unit, got ${describeValue(threshold)}`);
  } else if (metricValid && (ALERT_FRACTION_METRICS as readonly string[]).includes(rule.metric) && !(threshold >= 0 && threshold <= 1)) {
    problems.push(`${prefix}${at}threshold must be in [0, 1] for metric "${rule.metric}" (a fraction, not a percentage), got ${describeValue(threshold)}`);
  }
  checkWholeUs(problems, prefix, `${at}forUs`, rule.forUs, 0);
  checkWholeUs(problems, prefix, `${at}evaluationIntervalUs`, rule.evaluationIntervalUs, 1);
  checkOneOf(problems, prefix, `${at}severity`, rule.severity, ALERT_SEVERITIES);
  if (rule.group !== undefined) checkName(problems, prefix, `${at}group`, rule.group, true);
  const inhibitedBy: unknown = rule.inhibitedBy;
  if (inhibitedBy !== undefined) {
    if (!Array.isArray(inhibitedBy)) {
      problems.push(`${prefix}${at}inhibitedBy, when given, must be an array of rule names, got ${describeValue(inhibitedBy)}`);
    } else {
      inhibitedBy.forEach((entry: unknown, j) => checkName(problems, prefix, `${at}inhibitedBy[${j}]`, entry));
    }
  }
}

/** Edit distance means little between symbols: suggest only the reversed spellings "=>" and "=<". */
function checkComparator(problems: string[], prefix: string, field: string, value: unknown): void {
  if ((ALERT_COMPARATORS as readonly unknown[]).includes(value)) return;
  const reversed = value === '=>' || value === '=<' ? ` (did you mean "${[...value].reverse().join('')}"?)` : '';
  problems.push(`${prefix}${field} must be one of ${ALERT_COMPARATORS.map((c) => `"${c}"`).join(', ')}, got ${describeValue(value)}${reversed}`);
}

function checkScope(problems: string[], prefix: string, at: string, scope: unknown): void {
  if (!isRecord(scope)) {
    problems.push(`${prefix}${at}scope must be an object { region?, service?, endpoint? } ({} watches everything), got ${describeValue(scope)}`);
    return;
  }
  checkUnknownFields(problems, prefix, `${at}scope.`, scope, SCOPE_FIELDS);
  for (const field of SCOPE_FIELDS) {
    if (scope[field] !== undefined) checkName(problems, prefix, `${at}scope.${field}`, scope[field], true);
  }
}

function checkName(problems: string[], prefix: string, field: string, value: unknown, optional = false): void {
  if (!(typeof value === 'string' && value.length > 0)) {
    problems.push(`${prefix}${field}${optional ? ', when given,' : ''} must be a non-empty string, got ${describeValue(value)}`);
  }
}

/** A misspelt optional field would silently change the rule (a scope "regoin" watches every region). */
function checkUnknownFields(problems: string[], prefix: string, at: string, record: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const suggestion = closestSpelling(key, known);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    problems.push(`${prefix}${at}${key} is not a field of ${at === '' || !at.endsWith('scope.') ? 'an alert rule' : 'a scope'}${hint}; the fields are ${known.join(', ')}`);
  }
}

/** The identity of a rule (name and scope), for rules whose name is a string. */
function identity(rule: AlertRuleConfig): string | undefined {
  if (!isRecord(rule) || typeof rule.name !== 'string') return undefined;
  const scope: Record<string, unknown> = isRecord(rule.scope) ? rule.scope : {};
  return JSON.stringify([rule.name, scope.region ?? null, scope.service ?? null, scope.endpoint ?? null]);
}

function checkDuplicates(problems: string[], prefix: string, rules: readonly AlertRuleConfig[]): void {
  const firstAt = new Map<string, number>();
  rules.forEach((rule, i) => {
    const key = identity(rule);
    if (key === undefined) return;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, i);
    else problems.push(`${prefix}rules[${i}] repeats rules[${first}]: name ${describeValue(rule.name)} with the same scope (a name and a scope identify one alert)`);
  });
}

/** Every inhibitedBy entry names another rule; the "inhibited by" relation between names has no cycle. */
function checkInhibitions(problems: string[], prefix: string, rules: readonly AlertRuleConfig[]): void {
  const names = [...new Set(rules.filter((r) => isRecord(r) && typeof r.name === 'string').map((r) => r.name))];
  const edges = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  rules.forEach((rule, i) => {
    if (!isRecord(rule) || typeof rule.name !== 'string' || !Array.isArray(rule.inhibitedBy)) return;
    rule.inhibitedBy.forEach((by: unknown, j) => {
      if (typeof by !== 'string' || by.length === 0) return;
      const field = `${prefix}rules[${i}].inhibitedBy[${j}]`;
      if (by === rule.name) {
        problems.push(`${field} names the rule itself (${describeValue(by)}); an alert cannot inhibit its own name`);
      } else if (!edges.has(by)) {
        const suggestion = closestSpelling(by, names);
        problems.push(`${field} names no rule: ${describeValue(by)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`);
      } else {
        edges.get(rule.name)?.add(by);
      }
    });
  });
  const cycle = findCycle(names, edges);
  if (cycle !== undefined) {
    problems.push(`${prefix}inhibitedBy forms a cycle ${cycle.map((n) => describeValue(n)).join(' → ')}: rules that inhibit each other would all stay silent when they fire together`);
  }
}

/** The first cycle found by depth-first search, as names with the first repeated at the end; undefined when there is none. */
function findCycle(names: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const DONE = 2;
  const ON_PATH = 1;
  const mark = new Map<string, number>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    mark.set(n, ON_PATH);
    path.push(n);
    for (const next of edges.get(n) ?? []) {
      if (mark.get(next) === ON_PATH) return [...path.slice(path.indexOf(next)), next];
      if (mark.get(next) === undefined) {
        const found = visit(next);
        if (found !== undefined) return found;
      }
    }
    path.pop();
    mark.set(n, DONE);
    return undefined;
  };
  for (const n of names) {
    if (mark.get(n) !== undefined) continue;
    const found = visit(n);
    if (found !== undefined) return found;
  }
  return undefined;
}
