// The network part of the infrastructure model: regions, distance, links and the network.
export { NETWORK_DEFAULTS } from './network-defaults.js';
export type { NetworkDefaults } from './network-defaults.js';
export { validateRegions } from './region.js';
export type { GeoPoint, RegionConfig } from './region.js';
export { greatCircleKm, rttFromDistanceUs } from './great-circle.js';
export type { FiberOptions } from './great-circle.js';
export { linkLabel, validateLinkValues, validateLinks } from './link-config.js';
export type { LinkConfig, LinkConfigWithRtt } from './link-config.js';
export { LINK_DRAWS_PER_HOP, Link } from './link.js';
export type { LinkDegradation, LinkDirection, LinkDirections, LinkOrigin, LinkState } from './link.js';
export { localLink } from './local-link.js';
export type { LocalLinkOptions } from './local-link.js';
export { validateNetworkOptions } from './network-options.js';
export type { NetworkOptions } from './network-options.js';
export { Network } from './network.js';
