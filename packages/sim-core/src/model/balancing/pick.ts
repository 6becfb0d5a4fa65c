import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import type { BalancerPolicy } from './balancer-config.js';
import type { InstancePool } from './instance-pool.js';

/**
 * The state a balancer keeps between picks: where round-robin continues. One cursor per
 * balancer (per service and region); the other policies leave it untouched.
 */
export interface BalancerCursor {
  /** Position in the pool's dense eligible list that round-robin serves next (taken modulo eligibleCount). */
  position: number;
}

/** A cursor that starts round-robin at the first eligible position. */
export function createBalancerCursor(): BalancerCursor {
  return { position: 0 };
}

/**
 * Random draws one `pick` takes from its stream, per policy. The count is fixed — the same
 * whether zero, one or many instances are eligible and however ties fall — so that what-if
 * runs which change the number of instances keep the balancer's stream aligned draw for draw
 * (common random numbers), as the distributions do.
 */
export const BALANCER_DRAWS_PER_PICK: Readonly<Record<BalancerPolicy, number>> = {
  'round-robin': 0,
  'least-connections': 1,
  'power-of-two-choices': 2,
  random: 1,
};

/**
 * The instance a new request goes to: an index `i` with `pool.inService[i] === 1`, or -1 when
 * no instance is eligible. It only chooses; the caller increments `pool.active[i]` when it
 * dispatches. O(1) except least-connections, which scans the eligible instances (up to
 * twice); nothing is allocated.
 *
 * - `round-robin` serves the dense eligible list in order from `cursor.position` and advances
 *   the cursor. Any `eligibleCount` consecutive picks with no change of eligibility in between
 *   visit every eligible instance exactly once. A change swap-removes or appends in the list,
 *   so in the cycle it falls in one instance may be served once more or once less.
 * - `least-connections` takes the instance with the fewest `active`; ties are broken uniformly
 *   at random (one draw, always taken) rather than by lowest index, which would send all
 *   light traffic to one instance.
 * - `power-of-two-choices` samples an ordered pair of distinct eligible instances uniformly
 *   (two draws) and takes the one with fewer `active`, the first on a tie. With one eligible
 *   instance it takes that one.
 * - `random` takes an eligible instance uniformly (one draw).
 */
export function pick(pool: InstancePool, policy: BalancerPolicy, rng: RandomStream, cursor: BalancerCursor): number {
  switch (policy) {
    case 'round-robin':
      return pickRoundRobin(pool, cursor);
    case 'least-connections':
      return pickLeastConnections(pool, rng.float());
    case 'power-of-two-choices': {
      // Both draws come first so that the count never depends on the pool.
      const first = rng.float();
      const second = rng.float();
      return pickPowerOfTwo(pool, first, second);
    }
    case 'random': {
      const u = rng.float();
      const count = pool.eligibleCount;
      return count === 0 ? -1 : pool.eligible[Math.floor(u * count)];
    }
    default:
      return unknownPolicy(policy);
  }
}

function pickRoundRobin(pool: InstancePool, cursor: BalancerCursor): number {
  const count = pool.eligibleCount;
  if (count === 0) return -1;
  // The modulo also brings the cursor back into range after the list has shrunk.
  const position = cursor.position % count;
  cursor.position = position + 1;
  return pool.eligible[position];
}

/** `u` ∈ [0, 1) chooses among tied instances: the ⌊u·ties⌋-th in list order. */
function pickLeastConnections(pool: InstancePool, u: number): number {
  const count = pool.eligibleCount;
  if (count === 0) return -1;
  const eligible = pool.eligible;
  const active = pool.active;
  let fewest = active[eligible[0]];
  let ties = 1;
  let first = eligible[0];
  for (let position = 1; position < count; position++) {
    const index = eligible[position];
    const connections = active[index];
    if (connections < fewest) {
      fewest = connections;
      ties = 1;
      first = index;
    } else if (connections === fewest) {
      ties++;
    }
  }
  if (ties === 1) return first;
  let chosen = Math.floor(u * ties);
  for (let position = 0; position < count; position++) {
    const index = eligible[position];
    if (active[index] === fewest) {
      if (chosen === 0) return index;
      chosen--;
    }
  }
  // Unreachable: the second pass sees the same `ties` instances as the first.
  return first;
}

/** `u1`, `u2` ∈ [0, 1) choose the ordered pair of distinct positions. */
function pickPowerOfTwo(pool: InstancePool, u1: number, u2: number): number {
  const count = pool.eligibleCount;
  if (count === 0) return -1;
  const eligible = pool.eligible;
  if (count === 1) return eligible[0];
  const a = Math.floor(u1 * count);
  // The second position is uniform over the other count − 1: skip over the first.
  let b = Math.floor(u2 * (count - 1));
  if (b >= a) b++;
  const first = eligible[a];
  const second = eligible[b];
  return pool.active[second] < pool.active[first] ? second : first;
}

function unknownPolicy(policy: never): never {
  throw new RangeError(`pick(): unknown balancer policy ${describeValue(policy)} (validateBalancer reports it)`);
}
