import { NETWORK_DEFAULTS } from '@stormglass/sim-core';
import type { LinkConfig, RegionConfig } from '@stormglass/sim-core';
import { z } from 'zod';
import { bandwidthBitsPerS, durationUs, money, percentRatio } from '../units-schema.js';

/**
 * The `regions` and `network` sections of a scenario (ARCHITECTURE §7), and what they resolve
 * to: sim-core's RegionConfig[] and LinkConfig[]. Defaults live here and in the schema (they
 * show in `stormglass schema`): zones a, b, c; link settings from sim-core's NETWORK_DEFAULTS.
 */

/** A price whose `per` must be `per`: `$0.19/month` for an instance is a mistake worth naming. */
function pricePer(per: 'hour' | 'GB', what: string, example: string) {
  return money.superRefine((price, ctx) => {
    if (price.per !== per) ctx.addIssue({ code: 'custom', message: `${what} is per ${per}`, params: { expected: `a price per ${per}, like ${example}`, found: `a price per ${price.per}` } });
  });
}

const PRICE_PER_HOUR = pricePer('hour', 'an instance price', '$0.19/h');
const PRICE_PER_GB = pricePer('GB', 'an egress price', '$0.02/GB');

export const REGION_ZONES_DEFAULT: readonly string[] = ['a', 'b', 'c'];

export const regionSchema = z
  .strictObject({
    id: z.string().min(1).describe('a unique region id, like us-east'),
    location: z.strictObject({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).describe('where its data centres are: longitude east, latitude north, in degrees'),
    zones: z.array(z.string().min(1)).min(1).default([...REGION_ZONES_DEFAULT]).describe('its availability zones'),
    price: PRICE_PER_HOUR.describe('one instance-hour, like $0.19/h'),
    egress: PRICE_PER_GB.describe('one GB leaving the region, like $0.02/GB'),
    residency: z.string().min(1).optional().describe('its data-residency zone, like eu'),
  })
  .transform(
    (region): RegionConfig => ({
      id: region.id,
      location: region.location,
      zones: region.zones,
      instancePriceUsdPerHour: region.price.usd,
      egressPriceUsdPerGB: region.egress.usd,
      ...(region.residency === undefined ? {} : { residency: region.residency }),
    }),
  );

const linkSettings = {
  jitter: durationUs.optional().describe(`mean extra delay of one crossing (default ${NETWORK_DEFAULTS.jitterUs / 1000}ms)`),
  loss: percentRatio.optional().describe(`probability a transmission is lost (default ${NETWORK_DEFAULTS.lossRatio * 100}%)`),
  bandwidth: bandwidthBitsPerS.optional().describe(`bandwidth one message is serialized at (default ${NETWORK_DEFAULTS.bandwidthBitsPerS / 1e9}Gbps)`),
  retransmitTimeout: durationUs.optional().describe(`wait before a lost transmission is sent again (default ${NETWORK_DEFAULTS.retransmitTimeoutUs / 1000}ms)`),
  retransmits: z.number().int().min(0).optional().describe(`retransmissions before a message is lost (default ${NETWORK_DEFAULTS.retransmitsMax})`),
};

export const linkSchema = z.strictObject({
  between: z.tuple([z.string().min(1), z.string().min(1)]).describe('the two region ids'),
  rtt: durationUs.optional().describe('round trip without jitter; absent: from the great-circle distance'),
  ...linkSettings,
});

export const networkSchema = z.strictObject({
  links: z.array(linkSchema).default([]).describe('links with their own settings; every other pair of regions gets one from distance'),
  defaults: z.strictObject(linkSettings).default({}).describe('settings for every link that does not give its own'),
});

export type NetworkSection = z.output<typeof networkSchema>;

/** The links as sim-core takes them: each setting from the link, else the section's defaults, else NETWORK_DEFAULTS. */
export function resolveLinks(network: NetworkSection): LinkConfig[] {
  const d = network.defaults;
  return network.links.map((link): LinkConfig => ({
    between: link.between,
    ...(link.rtt === undefined ? {} : { rttUs: link.rtt }),
    jitterUs: link.jitter ?? d.jitter ?? NETWORK_DEFAULTS.jitterUs,
    lossRatio: link.loss ?? d.loss ?? NETWORK_DEFAULTS.lossRatio,
    bandwidthBitsPerS: link.bandwidth ?? d.bandwidth ?? NETWORK_DEFAULTS.bandwidthBitsPerS,
    retransmitTimeoutUs: link.retransmitTimeout ?? d.retransmitTimeout ?? NETWORK_DEFAULTS.retransmitTimeoutUs,
    retransmitsMax: link.retransmits ?? d.retransmits ?? NETWORK_DEFAULTS.retransmitsMax,
  }));
}
