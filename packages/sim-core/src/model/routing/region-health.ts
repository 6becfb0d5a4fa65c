import { describeValue } from '../../assert.js';
import type { RegionHealthCheckConfig } from '../routing.js';

/** The parts of the health-check config the state machine and the detection arithmetic read. */
export type RegionHealthThresholds = Pick<RegionHealthCheckConfig, 'intervalUs' | 'timeoutUs' | 'healthyThreshold' | 'unhealthyThreshold'>;

/** Every numeric problem with a region health-check config (empty when valid); never throws. */
export function validateRegionHealthCheck(config: RegionHealthThresholds): string[] {
  const problems: string[] = [];
  if (!(Number.isSafeInteger(config.intervalUs) && config.intervalUs > 0)) {
    problems.push(`healthCheck.intervalUs must be a whole number of microseconds > 0, got ${describeValue(config.intervalUs)}`);
  }
  if (!(Number.isSafeInteger(config.timeoutUs) && config.timeoutUs >= 0)) {
    problems.push(`healthCheck.timeoutUs must be a whole number of microseconds >= 0, got ${describeValue(config.timeoutUs)}`);
  }
  for (const field of ['healthyThreshold', 'unhealthyThreshold'] as const) {
    const value = config[field];
    if (!(Number.isSafeInteger(value) && value >= 1)) problems.push(`healthCheck.${field} must be a whole number of checks >= 1, got ${describeValue(value)}`);
  }
  return problems;
}

/**
 * How long after a region dies its health checks mark it unhealthy, µs.
 *
 * Checks start every I = intervalUs; a check started at or after the death fails, and a dead
 * region fails a check at the latest when its timeout T expires. The first failing check starts
 * within [0, I) after the death, and the k-th (k = unhealthyThreshold) starts (k−1)·I later, so
 * the verdict lands within [(k−1)·I, k·I + T]: the lower end when the region died exactly as a
 * check started and the failure is immediate (connection refused), the upper end when it died
 * just after a check started and every failure waits out the timeout.
 */
export function detectionDelayBoundsUs(config: RegionHealthThresholds): { minUs: number; maxUs: number } {
  const problems = validateRegionHealthCheck(config);
  if (problems.length > 0) throw new RangeError(`detectionDelayBoundsUs: ${problems.join('; ')}`);
  const k = config.unhealthyThreshold;
  return { minUs: (k - 1) * config.intervalUs, maxUs: k * config.intervalUs + config.timeoutUs };
}

/**
 * The per-region health-check state machine of global routing (DNS / anycast health checks).
 *
 * Regions start healthy. A healthy region becomes unhealthy after `unhealthyThreshold`
 * consecutive failed checks; an unhealthy one becomes healthy again after `healthyThreshold`
 * consecutive passes. Any opposite result resets the streak, so one flapping check never moves
 * the verdict. The engine schedules the checks and decides pass or fail (shallow vs deep is its
 * concern); this class only counts, on typed arrays, so recording allocates nothing.
 */
export class RegionHealth {
  /** 1 where the region is healthy; read directly by RouteTable.update. */
  readonly healthyMask: Uint8Array;
  readonly regionCount: number;
  private readonly healthyThreshold: number;
  private readonly unhealthyThreshold: number;
  /** Consecutive results opposite to the current verdict. */
  private readonly streak: Int32Array;
  private readonly changedAtUs: Float64Array;
  private healthy: number;

  /** Throws a RangeError for a bad region count or thresholds. */
  constructor(regionCount: number, config: Pick<RegionHealthCheckConfig, 'healthyThreshold' | 'unhealthyThreshold'>) {
    if (!(Number.isSafeInteger(regionCount) && regionCount >= 1)) throw new RangeError(`RegionHealth: regionCount must be an integer >= 1, got ${describeValue(regionCount)}`);
    const problems = validateRegionHealthCheck({ intervalUs: 1, timeoutUs: 0, healthyThreshold: config.healthyThreshold, unhealthyThreshold: config.unhealthyThreshold });
    if (problems.length > 0) throw new RangeError(`RegionHealth: ${problems.join('; ')}`);
    this.regionCount = regionCount;
    this.healthyThreshold = config.healthyThreshold;
    this.unhealthyThreshold = config.unhealthyThreshold;
    this.healthyMask = new Uint8Array(regionCount).fill(1);
    this.streak = new Int32Array(regionCount);
    this.changedAtUs = new Float64Array(regionCount);
    this.healthy = regionCount;
  }

  /** Records one check result at `nowUs`; true when the region's healthy flag changed. */
  recordCheck(regionIndex: number, passed: boolean, nowUs: number): boolean {
    if (!(regionIndex >= 0 && regionIndex < this.regionCount && Number.isInteger(regionIndex))) {
      throw new RangeError(`RegionHealth: region index must be an integer in [0, ${this.regionCount - 1}], got ${describeValue(regionIndex)}`);
    }
    const wasHealthy = this.healthyMask[regionIndex] === 1;
    if (passed === wasHealthy) {
      // A result that agrees with the verdict breaks any streak towards the other one.
      this.streak[regionIndex] = 0;
      return false;
    }
    const streak = this.streak[regionIndex] + 1;
    if (streak < (wasHealthy ? this.unhealthyThreshold : this.healthyThreshold)) {
      this.streak[regionIndex] = streak;
      return false;
    }
    this.streak[regionIndex] = 0;
    this.healthyMask[regionIndex] = wasHealthy ? 0 : 1;
    this.healthy += wasHealthy ? -1 : 1;
    this.changedAtUs[regionIndex] = nowUs;
    return true;
  }

  isHealthy(regionIndex: number): boolean {
    return this.healthyMask[regionIndex] === 1;
  }

  /** When the region's flag last changed, µs (0 if it never has). */
  lastChangeUs(regionIndex: number): number {
    return this.changedAtUs[regionIndex];
  }

  /** How many regions are healthy now. */
  get healthyCount(): number {
    return this.healthy;
  }
}
