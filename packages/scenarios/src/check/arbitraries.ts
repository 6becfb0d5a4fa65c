import fc from 'fast-check';
import type { FaultConfig, FaultKind, ModelConfig } from '@stormglass/sim-core';
import { faultTargets } from './fault-targets.js';
import type { FaultTarget } from './fault-targets.js';

const S = 1_000_000;
const MS = 1_000;

/** When generated faults start, µs from the run's start: [fromUs, toUs). */
export interface FaultWindow {
  fromUs: number;
  toUs: number;
}

export interface FaultScheduleOptions {
  /** Most faults in one schedule (default 3); a schedule may be empty. */
  maxFaults?: number;
  /** When faults start (default the whole run, [0, durationUs)). */
  window?: FaultWindow;
  /** The kinds a schedule may use (default every kind with a target in the config). */
  kinds?: readonly FaultKind[];
  /** How long a fault lasts, µs (default 10 s to the window's length, at least 10 s). */
  durationMinUs?: number;
  durationMaxUs?: number;
  /** Starts and durations are whole multiples of this, so replays read well (default 1 s). */
  gridUs?: number;
}

/** The options with every default filled in, checked against the config. */
export interface FaultScheduleSettings {
  maxFaults: number;
  window: FaultWindow;
  kinds: FaultKind[];
  durationMinUs: number;
  durationMaxUs: number;
  gridUs: number;
}

/** The defaults of faultScheduleArbitrary, written once. */
export const FAULT_SCHEDULE_DEFAULTS = Object.freeze({ maxFaults: 3, durationMinUs: 10 * S, gridUs: 1 * S });

export function faultScheduleSettings(config: ModelConfig, options: FaultScheduleOptions = {}): FaultScheduleSettings {
  const window = options.window ?? { fromUs: 0, toUs: config.durationUs };
  const gridUs = options.gridUs ?? FAULT_SCHEDULE_DEFAULTS.gridUs;
  const maxFaults = options.maxFaults ?? FAULT_SCHEDULE_DEFAULTS.maxFaults;
  const durationMinUs = options.durationMinUs ?? FAULT_SCHEDULE_DEFAULTS.durationMinUs;
  const durationMaxUs = options.durationMaxUs ?? Math.max(durationMinUs, window.toUs - window.fromUs);
  if (!(Number.isSafeInteger(gridUs) && gridUs > 0)) throw new RangeError(`faultScheduleArbitrary: gridUs must be a whole number of µs > 0, got ${gridUs}`);
  if (!(Number.isSafeInteger(window.fromUs) && Number.isSafeInteger(window.toUs) && window.fromUs >= 0 && window.fromUs < window.toUs && window.toUs <= config.durationUs)) {
    throw new RangeError(`faultScheduleArbitrary: window must satisfy 0 <= fromUs < toUs <= the run's ${config.durationUs} µs, got [${window.fromUs}, ${window.toUs})`);
  }
  if (!(Number.isSafeInteger(maxFaults) && maxFaults >= 0)) throw new RangeError(`faultScheduleArbitrary: maxFaults must be a whole number >= 0, got ${maxFaults}`);
  if (!(Number.isSafeInteger(durationMinUs) && durationMinUs > 0 && durationMaxUs >= durationMinUs)) throw new RangeError(`faultScheduleArbitrary: need 0 < durationMinUs <= durationMaxUs, got ${durationMinUs} and ${durationMaxUs}`);
  const available = faultTargets(config);
  const kinds = (options.kinds ?? [...available.keys()]).filter((kind) => available.has(kind));
  return { maxFaults, window, kinds, durationMinUs, durationMaxUs, gridUs };
}

/** One fault's draws, all small integers, so fast-check's integer shrinking simplifies it. */
interface FaultDraw {
  /** Which enabled kind, by weight: 0 shrinks to the first. */
  kindPick: number;
  /** Which target of the kind (modulo their number): 0 shrinks to the first. */
  target: number;
  /** Grid steps back from the window's end: 0 shrinks to the latest start. */
  startBack: number;
  /** Grid steps beyond the shortest duration: 0 shrinks to the shortest. */
  durationSteps: number;
  /** 1..100: errors, loss, crashed share, quota cut, spike size; 1 shrinks to the mildest. */
  intensity: number;
  /** Added latency in 10 ms steps (0..100): 0 shrinks to none. */
  latencySteps: number;
  /** instance-crash: 0 a count at the start, 1 a rate; links: 0 both ways, 1 forward, 2 backward. */
  variant: number;
}

const KIND_PICKS = 10_000;

/**
 * A fault schedule for `config`, swarm style (Groce et al., "Swarm testing"): each schedule first
 * draws its own mix — which fault kinds are enabled and their weights — then 0..maxFaults faults
 * of the enabled kinds, each with a target drawn from the config, a start in the window, a
 * duration and an intensity. Every fault passes validateModel when inlined in `config`.
 *
 * Shrinking (fast-check's, of arrays and integers) moves toward fewer faults, the first enabled
 * kind and target, later starts, shorter durations and milder intensities. The result is the
 * faults in draw order.
 */
export function faultScheduleArbitrary(config: ModelConfig, options: FaultScheduleOptions = {}): fc.Arbitrary<FaultConfig[]> {
  const settings = faultScheduleSettings(config, options);
  const targets = faultTargets(config);
  const { kinds, window, gridUs, durationMinUs, durationMaxUs } = settings;
  if (kinds.length === 0 || settings.maxFaults === 0) return fc.constant([]);
  const startSteps = Math.max(1, Math.ceil((window.toUs - window.fromUs) / gridUs));
  const durationSteps = Math.floor((durationMaxUs - durationMinUs) / gridUs);
  const draw: fc.Arbitrary<FaultDraw> = fc.record({
    kindPick: fc.integer({ min: 0, max: KIND_PICKS - 1 }),
    target: fc.nat({ max: 9_999 }),
    startBack: fc.integer({ min: 0, max: startSteps - 1 }),
    durationSteps: fc.integer({ min: 0, max: durationSteps }),
    intensity: fc.integer({ min: 1, max: 100 }),
    latencySteps: fc.integer({ min: 0, max: 100 }),
    variant: fc.integer({ min: 0, max: 2 }),
  });
  const mix = fc.record({
    enabled: fc.subarray(kinds, { minLength: 1 }),
    weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: kinds.length, maxLength: kinds.length }),
  });
  return fc.record({ mix, draws: fc.array(draw, { maxLength: settings.maxFaults }) }).map(({ mix: { enabled, weights }, draws }) => {
    const enabledWeights = enabled.map((kind) => weights[kinds.indexOf(kind)]);
    const total = enabledWeights.reduce((a, w) => a + w, 0);
    return draws.map((d): FaultConfig => {
      let mark = (d.kindPick * total) / KIND_PICKS;
      let k = 0;
      while (k < enabled.length - 1 && mark >= enabledWeights[k]) mark -= enabledWeights[k++];
      const kind = enabled[k];
      const list = targets.get(kind) as readonly FaultTarget[];
      const startUs = window.fromUs + (startSteps - 1 - d.startBack) * gridUs;
      return faultOf(kind, list[d.target % list.length], d, { startUs, durationUs: durationMinUs + d.durationSteps * gridUs });
    });
  });
}

const DIRECTIONS = ['both', 'forward', 'backward'] as const;

/** The fault of `kind` at `target` with the draw's intensity. */
function faultOf(kind: FaultKind, t: FaultTarget, d: FaultDraw, timing: { startUs: number; durationUs: number }): FaultConfig {
  const ratio = d.intensity / 100;
  const latencyUs = d.latencySteps * 10 * MS;
  const region = t.region === undefined ? {} : { region: t.region };
  const at = (name: string, value: string | undefined): string => {
    if (value === undefined) throw new Error(`faultScheduleArbitrary: a ${kind} target without ${name}`);
    return value;
  };
  switch (kind) {
    case 'region-outage':
      return { kind, region: at('region', t.region), ...timing };
    case 'zone-outage':
      return { kind, region: at('region', t.region), zone: at('zone', t.zone), ...timing };
    case 'instance-crash': {
      const instances = t.instances ?? 1;
      const how = d.variant === 1 ? { ratePerS: ratio } : { count: Math.max(1, Math.ceil(ratio * instances)) };
      return { kind, service: at('service', t.service), region: at('region', t.region), ...how, ...timing };
    }
    case 'dependency-outage':
    case 'cache-flush':
      return { kind, dependency: at('dependency', t.dependency), ...region, ...timing };
    case 'dependency-brownout':
      return { kind, dependency: at('dependency', t.dependency), ...region, errorRatio: ratio, addedLatencyUs: latencyUs, ...timing };
    case 'link-partition':
      return { kind, between: t.between as [string, string], direction: DIRECTIONS[d.variant], ...timing };
    case 'link-degradation':
      return { kind, between: t.between as [string, string], direction: DIRECTIONS[d.variant], addedLatencyUs: latencyUs, addedLossRatio: d.intensity / 1000, ...timing };
    case 'capacity-quota': {
      const instances = t.instances ?? 0;
      return { kind, service: at('service', t.service), region: at('region', t.region), instances: Math.max(0, instances - Math.ceil(ratio * instances)), ...timing };
    }
    case 'traffic-spike':
      return { kind, ...region, factor: 1 + d.intensity / 25, ...timing };
    case 'primary-failure':
      return { kind, store: at('store', t.store), ...timing };
    case 'replication-stall':
      return { kind, store: at('store', t.store), region: at('region', t.region), ...timing };
    case 'data-deletion':
      return { kind, store: at('store', t.store), startUs: timing.startUs };
    case 'bad-deploy':
      return { kind, service: at('service', t.service), errorRatio: ratio, addedLatencyUs: latencyUs, ...timing };
    default: {
      const unknown: never = kind;
      throw new Error(`faultScheduleArbitrary: unknown fault kind ${JSON.stringify(unknown)}`);
    }
  }
}
