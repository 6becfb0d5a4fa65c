import { NETWORK_DEFAULTS } from './network-defaults.js';
import { Link } from './link.js';

/** What may differ between regions' internal networks; the rest comes from NETWORK_DEFAULTS. */
export interface LocalLinkOptions {
  /** Round trip between two hosts of the region, in µs (default NETWORK_DEFAULTS.intraRegionRttUs). */
  rttUs?: number;
  /** Mean exponential jitter of one crossing, in µs (default NETWORK_DEFAULTS.intraRegionJitterUs). */
  jitterUs?: number;
}

/**
 * The link for hops that stay inside one region (between[0] === between[1]), so the engine
 * treats every hop alike. Both directions behave the same; a region-internal fault can still
 * partition or degrade it like any other link. It loses nothing by default, and its
 * retransmission settings matter only under a degradation that adds loss.
 */
export function localLink(regionId: string, options: LocalLinkOptions = {}): Link {
  return new Link(
    {
      between: [regionId, regionId],
      rttUs: options.rttUs ?? NETWORK_DEFAULTS.intraRegionRttUs,
      jitterUs: options.jitterUs ?? NETWORK_DEFAULTS.intraRegionJitterUs,
      lossRatio: NETWORK_DEFAULTS.intraRegionLossRatio,
      bandwidthBitsPerS: NETWORK_DEFAULTS.intraRegionBandwidthBitsPerS,
      retransmitTimeoutUs: NETWORK_DEFAULTS.retransmitTimeoutUs,
      retransmitsMax: NETWORK_DEFAULTS.retransmitsMax,
    },
    'local',
  );
}
