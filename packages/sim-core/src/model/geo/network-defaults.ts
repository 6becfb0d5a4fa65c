/**
 * Every default the network model falls back on, in one place, so that a scenario that leaves
 * something out gets a value a reader can look up, and the documentation cannot drift from
 * the code. Units are in the names: µs, km, bits/s, ratios in [0, 1].
 */
export const NETWORK_DEFAULTS = Object.freeze({
  /**
   * The mean Earth radius (IUGG), in km. The haversine formula on a sphere of this radius is
   * within about 0.5% of the ellipsoidal distance, far below the uncertainty of cable routes.
   */
  earthRadiusKm: 6371.0088,
  /**
   * How much longer the fibre path is than the great circle. Cables follow coasts, seabeds and
   * rights of way and pass through exchange points; measured inter-region RTTs of the large
   * clouds correspond to factors between about 1.3 and 1.8, so 1.5 is a middle value.
   */
  fiberFactor: 1.5,
  /**
   * The speed of light in glass fibre (refractive index about 1.47), in km per ms: one third
   * slower than in vacuum, so 1,000 km of fibre costs 5 ms one way.
   */
  fiberKmPerMs: 200,
  /** Mean jitter of a derived inter-region link: queueing in routers along a long path, in µs. */
  jitterUs: 1_000,
  /** Loss of a derived inter-region link per transmission: backbones typically lose < 0.01%. */
  lossRatio: 0.0001,
  /** Bandwidth available to one message on a derived link: a 10 Gbit/s flow. */
  bandwidthBitsPerS: 10e9,
  /** Time before a lost transmission is retried: Linux TCP's minimum retransmission timeout. */
  retransmitTimeoutUs: 200_000,
  /** Retransmissions after the first transmission before a message is given up for lost. */
  retransmitsMax: 3,
  /**
   * Round trip between two hosts in one region. Zones of a region sit within about 100 km of
   * each other, and the clouds quote under 2 ms between zones, about 0.1–0.5 ms within one.
   */
  intraRegionRttUs: 1_000,
  /** Mean jitter inside a region: a short path through a few switches, in µs. */
  intraRegionJitterUs: 100,
  /** Loss inside a region: data-centre fabrics lose so little that zero is the useful model. */
  intraRegionLossRatio: 0,
  /** Bandwidth available to one message inside a region: a 25 Gbit/s NIC. */
  intraRegionBandwidthBitsPerS: 25e9,
});

/** The type of NETWORK_DEFAULTS, for code that passes a modified copy around. */
export type NetworkDefaults = typeof NETWORK_DEFAULTS;
