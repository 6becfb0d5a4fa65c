import { EVENTS_MAX_DEFAULT, formatDuration, integrateRate, validateModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';
import { z } from 'zod';
import { composeDocument } from './compose.js';
import type { SourceResolver } from './compose.js';
import { renameField, sourcePathOf } from './model-paths.js';
import { closest, problemsFromIssues, schemaKeysAt } from './problems.js';
import type { Scenario } from './scenario-types.js';
import { networkSchema, regionSchema, resolveLinks } from './sections/regions.js';
import { faultsSchema } from './sections/faults.js';
import { operationsSchema } from './sections/operations.js';
import { invariantsSchema, targetsSchema } from '../check/targets.js';
import { resolveTopology, topologySchema } from './sections/topology.js';
import { trafficSchema } from './sections/traffic.js';
import { segmentationViolations } from './segmentation.js';
import type { ParsedSource, ScenarioProblem } from './source.js';
import { durationUs, percentRatio } from './units-schema.js';

/**
 * A whole scenario file: the sections of ARCHITECTURE §7, each with its schema, and
 * `loadScenario`, which reads a file with its `extends` chain and `--set`s, runs the schema,
 * resolves it to sim-core's `ModelConfig`, runs sim-core's `validateModel` over it (references,
 * sense, limits) and maps every problem back to the line that wrote it. Every problem of a file
 * at once; never throws.
 */

export const SCENARIO_LIMITS = Object.freeze({ duration: '31d', durationUs: 31 * 86_400_000_000 });

/** The fewest kernel events one user request takes (arrival, crossing, work, answer): a lower bound for the budget check. */
export const EVENTS_PER_REQUEST_MIN = 3;

export const METRICS_DEFAULTS = Object.freeze({ interval: '10s', traceSample: '0.1%', eventLog: 10_000 });

const metricsSchema = z.strictObject({
  interval: durationUs.prefault(METRICS_DEFAULTS.interval).describe(`time-series resolution (default ${METRICS_DEFAULTS.interval})`),
  traceSample: percentRatio.prefault(METRICS_DEFAULTS.traceSample).describe(`share of user requests whose spans are kept (default ${METRICS_DEFAULTS.traceSample})`),
  eventLog: z.number().int().min(0).default(METRICS_DEFAULTS.eventLog).describe(`most entries of the event log (default ${METRICS_DEFAULTS.eventLog})`),
});

const limitsSchema = z.strictObject({
  events: z.number().int().min(1).default(EVENTS_MAX_DEFAULT).describe(`the run stops after this many kernel events (default ${EVENTS_MAX_DEFAULT})`),
  instances: z.number().int().min(1).default(1000).describe('instances of one service in one region can never exceed this (default 1000)'),
});

const text = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === 'string' ? [value] : value));

/** The sections a scenario file may have; `operations`, `targets` and `invariants` are added by their modules. */
export const scenarioShape = {
  $schema: z.string().optional().describe('the JSON Schema editors check this file against'),
  extends: z.string().optional().describe('a catalog scenario or a relative file this one overrides'),
  name: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'a name is lower-case words joined by dashes').describe('the scenario\'s name, like region-outage-async'),
  description: z.string().default('').describe('what the scenario is about'),
  lesson: text.default([]).describe('what a student should take from it'),
  expected: text.default([]).describe('the documented expected outcome (a test checks it)'),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1).describe('the random seed (default 1)'),
  duration: durationUs.describe('simulated time'),
  regions: z.array(regionSchema).min(1),
  network: networkSchema.prefault({}),
  topology: topologySchema,
  traffic: trafficSchema,
  faults: faultsSchema,
  operations: operationsSchema.prefault({}),
  targets: targetsSchema,
  invariants: invariantsSchema,
  metrics: metricsSchema.prefault({}),
  limits: limitsSchema.prefault({}),
};

export const scenarioSchema = z.strictObject(scenarioShape).describe('A Stormglass scenario: the infrastructure, its traffic, what goes wrong, and what must hold.');

export type ScenarioSection = z.output<typeof scenarioSchema>;

export interface LoadOptions {
  /** Finds `extends` parents: catalog names, relative files (the runner reads files). */
  resolve?: SourceResolver;
  /** `path=value` overrides, in order. */
  sets?: readonly string[];
}

export interface LoadResult {
  /** Absent when there is any problem. */
  scenario?: Scenario;
  problems: ScenarioProblem[];
}

/** Reads, merges, checks and resolves a scenario; every problem at once, never a throw. */
export function loadScenario(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const composed = composeDocument(text, file, options);
  if (composed.value === null) return { problems: composed.problems };
  const document = composed.value;
  const source = composed.source;
  const parsed = scenarioSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    return { problems: sortProblems(problemsFromIssues(parsed.error.issues, source, (path) => schemaKeysAt(scenarioSchema, path, document))) };
  }
  const s = parsed.data;
  const problems: ScenarioProblem[] = [];
  const at = (path: string, message: string, extra: Partial<ScenarioProblem> = {}): void => {
    const position = source.positionOf(path);
    problems.push({ file: source.fileOf(path), line: position?.line ?? null, column: position?.column ?? null, path, message, ...extra });
  };
  const durationBad = s.duration <= 0 || s.duration > SCENARIO_LIMITS.durationUs;
  if (durationBad) {
    at('duration', 'the run must last more than 0s and at most the limit', { expected: `more than 0s and at most ${SCENARIO_LIMITS.duration}`, found: JSON.stringify(document.duration) });
  }
  const topology = resolveTopology(s.topology, s.regions);
  const config: ModelConfig = {
    seed: s.seed,
    durationUs: s.duration,
    regions: s.regions,
    links: resolveLinks(s.network),
    routing: topology.routing,
    services: topology.services,
    dependencies: topology.dependencies,
    traffic: { populations: s.traffic.users, client: s.traffic.client },
    faults: s.faults,
    metrics: { intervalUs: s.metrics.interval, traceSampleRatio: s.metrics.traceSample, eventLogMax: s.metrics.eventLog },
    limits: { eventsMax: s.limits.events, instancesMax: s.limits.instances },
    ...(topology.dataStores === undefined ? {} : { dataStores: topology.dataStores }),
    ...(topology.residency === undefined ? {} : { residency: topology.residency }),
    ...s.operations,
  };
  if (s.topology.strategy === 'active-passive' && s.topology.primary === undefined) {
    at('topology.strategy', 'an active-passive topology names its primary', { expected: 'topology.primary: <region>', found: 'no primary' });
  }
  if (topology.flows !== undefined) {
    s.topology.services.forEach((service, i) => {
      if (service.tier === undefined) at(`topology.services[${i}]`, `service "${service.config.id}" needs a tier when segmentation is given`, { expected: 'tier: public, app, data, admin or external', found: 'no tier' });
    });
  }
  // Latency targets name an endpoint users call (of the entry service), or `all`.
  const entry = config.services.find((service) => service.id === config.routing.entryService);
  const endpoints = entry?.endpoints.map((endpoint) => endpoint.name) ?? [];
  // (With an unknown entry service there is nothing to check them against: that is its own problem.)
  for (const key of entry === undefined ? [] : Object.keys(s.targets.latency ?? {})) {
    if (key === 'all' || endpoints.includes(key)) continue;
    const near = closest(key, ['all', ...endpoints]);
    problems.push({ ...keyProblem(source, `targets.latency.${key}`), message: `"${key}" is not an endpoint users call`, expected: `all, or an endpoint of ${config.routing.entryService}: ${endpoints.join(', ')}`, found: `"${key}"`, ...(near === undefined ? {} : { suggestion: `"${near}"` }) });
  }
  const modelProblems = validateModel(config);
  // The instances limit is a promise ("never more than this"): a fleet written above it is refused.
  config.services.forEach((service, i) => {
    service.placements.forEach((placement, j) => {
      if (placement.instances > config.limits.instancesMax) modelProblems.push({ path: `services[${i}].placements[${j}].instances`, message: `${placement.instances} instances of ${service.id} in ${placement.region} exceed limits.instances (${config.limits.instancesMax})` });
    });
    if (service.autoscaling !== undefined && service.autoscaling.max > config.limits.instancesMax) {
      modelProblems.push({ path: `services[${i}].autoscaling.max`, message: `an autoscaling max of ${service.autoscaling.max} exceeds limits.instances (${config.limits.instancesMax})` });
    }
  });
  // An unknown entry service is its own problem; the health-check endpoint defaulted from it is then '' and says nothing more.
  const endpointUnresolved = entry === undefined && s.topology.routing.healthCheck.endpoint === undefined;
  // The failover order, when not written, is the primary and then the others: its first is the primary the user wrote.
  const fromPrimary = s.topology.routing.failoverOrder === undefined && s.topology.primary !== undefined;
  // The rest of an unwritten failover order is the entry service's placement regions: a bad one is
  // reported where it is written (the instances key), not again at a failoverOrder the file lacks.
  const derivedOrder = s.topology.routing.failoverOrder === undefined;
  for (const problem of modelProblems) {
    if (derivedOrder && /^routing\.failoverOrder\[[1-9]\d*\]/.test(problem.path)) continue;
    if (endpointUnresolved && problem.path === 'routing.healthCheck.endpoint') continue;
    if (durationBad && problem.path === 'durationUs') continue;
    const mapped = fromModelProblem(problem.path, problem.message, source, document);
    if (fromPrimary && problem.path === 'routing.failoverOrder[0]') {
      const position = source.positionOf('topology.primary');
      problems.push({ ...mapped, file: source.fileOf('topology.primary'), line: position?.line ?? null, column: position?.column ?? null, path: 'topology.primary' });
    } else problems.push(mapped);
  }
  if (modelProblems.length === 0) {
    // The event budget, before any run: a run that cannot fit stops early, so say so now.
    const requests = config.traffic.populations.reduce((sum, population) => sum + integrateRate(population.profile, 0, config.durationUs), 0);
    const events = requests * EVENTS_PER_REQUEST_MIN;
    if (events > config.limits.eventsMax) {
      at('duration', `this run needs about ${Math.round(requests).toLocaleString('en-US')} user requests, at least ${Math.round(events).toLocaleString('en-US')} events: more than the event budget (limits.events ${config.limits.eventsMax.toLocaleString('en-US')})`, {
        expected: 'a shorter run, lower rates, or a larger limits.events',
        found: JSON.stringify(document.duration),
      });
    }
  }
  if (problems.length > 0) return { problems: sortProblems(problems) };
  return {
    problems: [],
    scenario: {
      name: s.name,
      description: s.description,
      lesson: s.lesson,
      expected: s.expected,
      config,
      targets: s.targets,
      invariants: s.invariants,
      segmentation: segmentationViolations(topology, config, document, source),
      document,
    },
    // topology.strategy is kept on the document: the runner shows it.
  };
}

function keyProblem(source: ParsedSource, path: string): { file: string; line: number | null; column: number | null; path: string } {
  const position = source.keyPositionOf(path);
  return { file: source.fileOf(path), line: position?.line ?? null, column: position?.column ?? null, path };
}

/** One sim-core problem at the line that wrote the value, with its suggestion lifted out and µs spelled as durations. */
function fromModelProblem(modelPath: string, message: string, source: ParsedSource, document: unknown): ScenarioProblem {
  const path = sourcePathOf(modelPath, source, document);
  const position = source.positionOf(path);
  let text = message.replace(/^[a-zA-Z]+: /, '');
  let suggestion: string | undefined;
  const near = /\s*\(did you mean "([^"]+)"\?\)/.exec(text);
  if (near !== null) {
    suggestion = `"${near[1]}"`;
    text = text.replace(near[0], '');
  }
  // `deadlineUs (1000000)`: a µs field's value, as a duration.
  text = text.replace(/\b([A-Za-z][\w.[\]]*Us) \((\d+)\)/g, (whole, field: string, us: string) => (Number.isSafeInteger(Number(us)) ? `${field} (${formatDuration(Number(us))})` : whole));
  text = text.replace(/\b(\d+) µs\b/g, (whole, us: string) => {
    const value = Number(us);
    return Number.isSafeInteger(value) ? formatDuration(value) : whole;
  });
  // A distribution's parameters are µs in the model and durations in the file.
  if (/(serviceTime|latency|readLatency|writeLatency|response)\.[a-z0-9]+$/i.test(modelPath)) {
    text = text.replace(/\((\d+)\)/g, (whole, us: string) => (Number.isSafeInteger(Number(us)) ? `(${formatDuration(Number(us))})` : whole));
  }
  // Model field names (`intervalUs`, `deadlineUs`) as the file spells them.
  text = text.replace(/\b[a-z][A-Za-z]*(Us|PerS|Ratio)\b/g, (word) => renameField(word));
  return { file: source.fileOf(path), line: position?.line ?? null, column: position?.column ?? null, path, message: text, ...(suggestion === undefined ? {} : { suggestion }) };
}

/** By file, then line, then column: the order a reader goes through the file. */
function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems
    .map((problem, i) => ({ problem, i }))
    .sort((a, b) => (a.problem.file < b.problem.file ? -1 : a.problem.file > b.problem.file ? 1 : 0) || (a.problem.line ?? 0) - (b.problem.line ?? 0) || (a.problem.column ?? 0) - (b.problem.column ?? 0) || a.i - b.i)
    .map(({ problem }) => problem);
}
