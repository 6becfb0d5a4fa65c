import fc from 'fast-check';
import type { ModelConfig, PopulationConfig, RateProfileConfig } from '@stormglass/sim-core';

const S = 1_000_000;

/**
 * Traffic perturbations and design parameters as fast-check arbitraries, each with the function
 * that applies it to a config (a new config; the given one is not changed). Both shrink toward
 * the config as written: a factor of ×1, the design's own TTL, instances and autoscaling bounds.
 */

/** One rate factor per population (in `traffic.populations` order). */
export interface TrafficPerturbation {
  factors: number[];
}

export interface TrafficPerturbationOptions {
  /** Smallest and largest factor (default ×0.5 and ×2); drawn in steps of 0.01. */
  minFactor?: number;
  maxFactor?: number;
}

/** Each population's request rate scaled by its own factor in [minFactor, maxFactor], shrinking to ×1. */
export function trafficPerturbationArbitrary(config: ModelConfig, options: TrafficPerturbationOptions = {}): fc.Arbitrary<TrafficPerturbation> {
  const minPercent = Math.round((options.minFactor ?? 0.5) * 100);
  const maxPercent = Math.round((options.maxFactor ?? 2) * 100);
  if (!(minPercent >= 0 && minPercent <= 100 && maxPercent >= 100)) throw new RangeError(`trafficPerturbationArbitrary: need 0 <= minFactor <= 1 <= maxFactor, got ${options.minFactor} and ${options.maxFactor}`);
  // An offset from 100% shrinks toward 0, that is toward the traffic as written.
  const factor = fc.integer({ min: minPercent - 100, max: maxPercent - 100 }).map((offset) => (100 + offset) / 100);
  const n = config.traffic.populations.length;
  return fc.array(factor, { minLength: n, maxLength: n }).map((factors) => ({ factors }));
}

/** Every `…PerS` rate of a profile (piecewise points included) times `factor`. */
function scaleProfile(profile: RateProfileConfig, factor: number): RateProfileConfig {
  const scale = (value: unknown, key: string): unknown => {
    if (typeof value === 'number' && key.endsWith('PerS')) return value * factor;
    if (Array.isArray(value)) return value.map((item) => scale(item, ''));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scale(v, k)]));
    return value;
  };
  return scale(profile, '') as RateProfileConfig;
}

export function applyTrafficPerturbation(config: ModelConfig, perturbation: TrafficPerturbation): ModelConfig {
  const populations = config.traffic.populations.map((p, i): PopulationConfig => ({ ...p, profile: scaleProfile(p.profile, perturbation.factors[i] ?? 1) }));
  return { ...config, traffic: { ...config.traffic, populations } };
}

/**
 * The design knobs an architect turns first (ARCHITECTURE §1): the DNS TTL (how long clients
 * keep sending to a lost region), each service's instances per placement (standby size) and
 * each autoscaled service's maximum (headroom under a failover's load).
 */
export interface DesignParameters {
  dnsTtlUs: number;
  /** Per service (in `services` order): its placements' instances times this, rounded, at least 1 where there was one. */
  instanceFactors: number[];
  /** Per service: its autoscaling max, or null for a service without autoscaling. */
  autoscalingMax: (number | null)[];
}

export interface DesignParameterOptions {
  /** DNS TTL range (default 0 to 300 s, in 5 s steps). */
  dnsTtlMaxUs?: number;
  /** Instance factors from ×0.5 to ×2 (steps of 0.25) unless given. */
  minInstanceFactor?: number;
  maxInstanceFactor?: number;
}

export function designParameterArbitrary(config: ModelConfig, options: DesignParameterOptions = {}): fc.Arbitrary<DesignParameters> {
  const stepUs = 5 * S;
  const ttlSteps = Math.floor((options.dnsTtlMaxUs ?? 300 * S) / stepUs);
  const writtenSteps = Math.min(ttlSteps, Math.round(config.routing.dnsTtlUs / stepUs));
  // Offsets from the written value shrink toward it.
  const dnsTtlUs = fc.integer({ min: -writtenSteps, max: ttlSteps - writtenSteps }).map((offset) => (writtenSteps + offset) * stepUs);
  const minQuarter = Math.round((options.minInstanceFactor ?? 0.5) * 4);
  const maxQuarter = Math.round((options.maxInstanceFactor ?? 2) * 4);
  const instanceFactor = fc.integer({ min: minQuarter - 4, max: maxQuarter - 4 }).map((offset) => (4 + offset) / 4);
  const limit = config.limits.instancesMax;
  const autoscalingMax = config.services.map((service) => {
    const a = service.autoscaling;
    if (a === undefined) return fc.constant(null);
    const low = Math.max(1, a.min);
    const high = Math.min(limit, a.max * 2);
    return fc.integer({ min: low - a.max, max: Math.max(low, high) - a.max }).map((offset): number | null => a.max + offset);
  });
  return fc.record({
    dnsTtlUs,
    instanceFactors: fc.tuple(...config.services.map(() => instanceFactor)),
    autoscalingMax: fc.tuple(...autoscalingMax),
  });
}

export function applyDesignParameters(config: ModelConfig, parameters: DesignParameters): ModelConfig {
  const limit = config.limits.instancesMax;
  const services = config.services.map((service, i) => {
    const factor = parameters.instanceFactors[i] ?? 1;
    const placements = service.placements.map((p) => ({ ...p, instances: p.instances === 0 ? 0 : Math.min(limit, Math.max(1, Math.round(p.instances * factor))) }));
    const max = parameters.autoscalingMax[i];
    const autoscaling = service.autoscaling === undefined || max === null || max === undefined ? service.autoscaling : { ...service.autoscaling, max, min: Math.min(service.autoscaling.min, max) };
    return { ...service, placements, ...(autoscaling === undefined ? {} : { autoscaling }) };
  });
  return { ...config, routing: { ...config.routing, dnsTtlUs: parameters.dnsTtlUs }, services };
}
