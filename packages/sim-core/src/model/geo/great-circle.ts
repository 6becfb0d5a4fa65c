import { describeValue } from '../../assert.js';
import { NETWORK_DEFAULTS } from './network-defaults.js';
import type { GeoPoint } from './region.js';

const RADIANS_PER_DEGREE = Math.PI / 180;

/**
 * The great-circle distance between two points in km on a sphere of radius
 * NETWORK_DEFAULTS.earthRadiusKm, by the spherical special case of Vincenty's formula: the
 * central angle as atan2(|a × b|, a · b). It is well conditioned at every distance — the law
 * of cosines loses digits for nearby points and haversine near the antipodes (where its asin
 * has an infinite slope), which broke the triangle inequality by centimetres there.
 */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const latA = a.lat * RADIANS_PER_DEGREE;
  const latB = b.lat * RADIANS_PER_DEGREE;
  const deltaLon = (b.lon - a.lon) * RADIANS_PER_DEGREE;
  const sinLatA = Math.sin(latA);
  const cosLatA = Math.cos(latA);
  const sinLatB = Math.sin(latB);
  const cosLatB = Math.cos(latB);
  const cosDeltaLon = Math.cos(deltaLon);
  const cross1 = cosLatB * Math.sin(deltaLon);
  const cross2 = cosLatA * sinLatB - sinLatA * cosLatB * cosDeltaLon;
  const dot = sinLatA * sinLatB + cosLatA * cosLatB * cosDeltaLon;
  return NETWORK_DEFAULTS.earthRadiusKm * Math.atan2(Math.sqrt(cross1 * cross1 + cross2 * cross2), dot);
}

/** How a distance turns into fibre: both default to NETWORK_DEFAULTS. */
export interface FiberOptions {
  /** The fibre path's length over the great circle's, >= 1. */
  fiberFactor?: number;
  /** The speed of light in the fibre, in km per ms, > 0. */
  fiberKmPerMs?: number;
}

/**
 * The round-trip time, in whole µs, of a fibre path `fiberFactor` times longer than a great
 * circle of `km`: 2 · km · fiberFactor / fiberKmPerMs ms. It is the propagation floor only;
 * links add jitter, loss and serialization on top.
 *
 * With the defaults, us-east (Ashburn, Virginia) to eu-west (Dublin) is 5,461 km and 81.9 ms,
 * against the 70–80 ms the clouds publish between those regions: cables there run nearly
 * straight, so factor 1.5 slightly overestimates the transatlantic case and is closer for
 * routes around continents (the test file tabulates several pairs).
 */
export function rttFromDistanceUs(km: number, options: FiberOptions = {}): number {
  const fiberFactor = options.fiberFactor ?? NETWORK_DEFAULTS.fiberFactor;
  const fiberKmPerMs = options.fiberKmPerMs ?? NETWORK_DEFAULTS.fiberKmPerMs;
  if (!(km >= 0 && km < Infinity)) throw new RangeError(`rttFromDistanceUs: km must be a finite number >= 0, got ${describeValue(km)}`);
  if (!(fiberFactor >= 1 && fiberFactor < Infinity)) {
    throw new RangeError(`rttFromDistanceUs: fiberFactor must be a finite number >= 1, got ${describeValue(fiberFactor)}`);
  }
  if (!(fiberKmPerMs > 0 && fiberKmPerMs < Infinity)) {
    throw new RangeError(`rttFromDistanceUs: fiberKmPerMs must be a finite number > 0, got ${describeValue(fiberKmPerMs)}`);
  }
  return Math.round(((2 * km * fiberFactor) / fiberKmPerMs) * 1000);
}
