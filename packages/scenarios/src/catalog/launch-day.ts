import { integrateRate, parseDuration, threeRegionLaunchModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';

/**
 * Catalog entry 2: `launch-day`, the first example of the request-level model — the standard
 * 3-region active-active topology through a product launch, a region outage and a payments
 * brownout. A typed object until the scenario language lands.
 */
export interface LaunchDayLesson {
  name: 'launch-day';
  title: string;
  description: string;
  /** A short lesson for students, one paragraph per entry: what the run will show. */
  lesson: readonly string[];
  defaults: { duration: string; seed: number };
  /** The shortest and longest run the lesson allows (a run shorter than an autoscaler evaluation teaches nothing). */
  durationRange: { min: string; max: string };
}

export const catalogLaunchDay: LaunchDayLesson = {
  name: 'launch-day',
  title: 'Launch day in three regions: a traffic ramp, a region outage and a payments brownout',
  description:
    'A web service runs active-active in us-east, eu-west and ap-southeast. Each request goes to the nearest healthy ' +
    'region, through a load balancer to an instance, which reads a session cache (misses go to an accounts service) ' +
    'and, for a checkout, calls a third-party payments API.',
  lesson: [
    'Launch at 10 min: traffic ramps from 200 to up to 2,000 requests/s per region in five minutes. The autoscaler ' +
      'looks once a minute and a new instance takes 90 s to provision and 30 s to start, so from about 12 to 15 min the ' +
      'fleet is too small: queues fill and requests are rejected (and retried, within the retry budget) until capacity catches up.',
    'us-east goes dark at 20 min. Its users\' requests go unanswered and time out until the health checks mark the region ' +
      'unhealthy (three failed checks 10 s apart) and routing sends its users to eu-west. Users keep the old DNS answer for up ' +
      'to its TTL (60 s), so they move over during the next minute, not at once. eu-west, now serving both regions\' users, ' +
      'fills its queues and rejects requests for a couple of minutes until it scales out. ' +
      'At 30 min us-east comes back with the fleet it had (a dark region\'s autoscaler is down with it), but its users ' +
      'return only once its checks pass and their DNS answers expire; meanwhile the autoscaler sees an idle fleet and ' +
      'shrinks it to its minimum, so us-east rejects requests for a few minutes more.',
    'The payments API browns out at 40 min for 5 min: 30% of calls fail and every call is half a second slower. The ' +
      'degrade fallback answers the failed calls, so checkouts come back degraded instead of failing, and the circuit ' +
      'breaker stays closed (30% errors is under its 50% threshold). But an instance holds a worker for the whole ' +
      'checkout: the extra half second fills every region\'s workers, and for about three minutes browse and checkout ' +
      'requests alike are rejected until new instances arrive. A slow dependency hurts more than a failing one.',
    'Read the figures per users\' region: us-east users carry the outage in their availability and latency even while ' +
      'eu-west serves them.',
  ],
  defaults: { duration: '60m', seed: 1 },
  durationRange: { min: '1m', max: '24h' },
};

export interface LaunchDayOptions {
  seed?: number;
  /** Shorter than the default hour: faults that would start after the end are left out. */
  durationUs?: number;
}

/** The model of the lesson: `threeRegionLaunchModel()` with its seed and, optionally, its duration overridden. */
export function launchDayModel(options: LaunchDayOptions = {}): ModelConfig {
  const model = threeRegionLaunchModel();
  const durationUs = options.durationUs ?? parseDuration(catalogLaunchDay.defaults.duration);
  return {
    ...model,
    seed: options.seed ?? catalogLaunchDay.defaults.seed,
    durationUs,
    faults: model.faults.filter((fault) => fault.startUs < durationUs),
  };
}

/** Expected user requests of a run (the integral of every population's rate): for an "≈" before it starts. */
export function expectedRequests(config: ModelConfig): number {
  return config.traffic.populations.reduce((sum, population) => sum + integrateRate(population.profile, 0, config.durationUs), 0);
}
