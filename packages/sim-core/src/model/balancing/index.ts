// The regional load balancer: its configuration, the instances behind it, and its choice.
export { BALANCER_POLICIES, validateBalancer } from './balancer-config.js';
export type { BalancerConfig, BalancerHealthCheckConfig, BalancerPolicy } from './balancer-config.js';
export { InstancePool } from './instance-pool.js';
export { BALANCER_DRAWS_PER_PICK, createBalancerCursor, pick } from './pick.js';
export type { BalancerCursor } from './pick.js';
