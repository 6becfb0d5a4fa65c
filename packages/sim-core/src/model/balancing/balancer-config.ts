import { describeValue } from '../../assert.js';
import { closestSpelling } from '../../units/levenshtein.js';

/**
 * How the regional load balancer chooses an instance for a request (see `pick`):
 * - `round-robin`: the eligible instances in turn;
 * - `least-connections`: the instance with the fewest active requests, ties broken uniformly
 *   at random;
 * - `power-of-two-choices`: two distinct eligible instances sampled uniformly, the one with
 *   fewer active requests (Mitzenmacher's "power of two choices");
 * - `random`: an eligible instance uniformly at random.
 */
export type BalancerPolicy = 'round-robin' | 'least-connections' | 'power-of-two-choices' | 'random';

/** Every policy, in the order error messages list them. */
export const BALANCER_POLICIES: readonly BalancerPolicy[] = ['round-robin', 'least-connections', 'power-of-two-choices', 'random'];

/** The load balancer's active health check of each instance. */
export interface BalancerHealthCheckConfig {
  /** Time between two probes of one instance, µs. */
  intervalUs: number;
  /** Consecutive failed probes after which an in-service instance is judged unhealthy. */
  unhealthyThreshold: number;
  /** Consecutive passed probes after which an unhealthy instance is judged healthy again. */
  healthyThreshold: number;
}

/**
 * The regional load balancer, fully resolved (every unit a number, names ending in their
 * unit). It is part of the public contract between the scenario language and the engine.
 */
export interface BalancerConfig {
  policy: BalancerPolicy;
  healthCheck: BalancerHealthCheckConfig;
  /**
   * From the verdict "unhealthy" (or an instance being stopped) to the balancer sending it no
   * new requests, µs: the time the verdict takes to reach every balancer node.
   */
  removalDelayUs: number;
  /** From the verdict "healthy" to the balancer sending the instance requests again, µs. */
  readmissionDelayUs: number;
}

/**
 * The problems in a balancer config, as sentences that name the field (relative to the
 * balancer, e.g. `healthCheck.intervalUs`) and the bad value; an empty list means the config
 * is usable. It never throws, so a scenario author sees every problem at once, and it checks
 * types too because the config may come from a YAML file through a cast.
 */
export function validateBalancer(config: BalancerConfig): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return [`balancer config must be an object { policy, healthCheck, removalDelayUs, readmissionDelayUs }, got ${describeValue(config)}`];
  }
  const problems: string[] = [];
  const policy: unknown = config.policy;
  if (!(BALANCER_POLICIES as readonly unknown[]).includes(policy)) {
    const known = BALANCER_POLICIES.map((name) => `"${name}"`).join(', ');
    const suggestion = typeof policy === 'string' ? closestSpelling(policy, BALANCER_POLICIES) : undefined;
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    problems.push(`policy must be one of ${known}, got ${describeValue(policy)}${hint}`);
  }
  const healthCheck: unknown = config.healthCheck;
  if (typeof healthCheck !== 'object' || healthCheck === null || Array.isArray(healthCheck)) {
    problems.push(`healthCheck must be an object { intervalUs, unhealthyThreshold, healthyThreshold }, got ${describeValue(healthCheck)}`);
  } else {
    const check = healthCheck as BalancerHealthCheckConfig;
    if (!isWholeMicroseconds(check.intervalUs) || check.intervalUs <= 0) {
      problems.push(`healthCheck.intervalUs must be a whole number of microseconds > 0, got ${describeValue(check.intervalUs)}`);
    }
    for (const field of ['unhealthyThreshold', 'healthyThreshold'] as const) {
      const value = check[field];
      if (!(Number.isSafeInteger(value) && value >= 1)) {
        problems.push(`healthCheck.${field} must be a whole number of probes >= 1, got ${describeValue(value)}`);
      }
    }
  }
  for (const field of ['removalDelayUs', 'readmissionDelayUs'] as const) {
    const value = config[field];
    if (!(isWholeMicroseconds(value) && value >= 0)) {
      problems.push(`${field} must be a whole number of microseconds >= 0, got ${describeValue(value)}`);
    }
  }
  return problems;
}

/** A time the kernel can schedule: a safe integer number of microseconds. */
function isWholeMicroseconds(value: unknown): value is number {
  return Number.isSafeInteger(value);
}
