import { parseDuration } from '@stormglass/sim-core';

/**
 * Catalog entry 1: `queue-basics`, the first lesson. Until the scenario language lands
 * (YAML, one schema), the lesson is this typed object; its knobs use the same unit strings
 * a scenario file will.
 */
export interface QueueLesson {
  name: 'queue-basics';
  title: string;
  description: string;
  /** A short lesson for students, one paragraph per entry. */
  lesson: readonly string[];
  defaults: {
    servers: number;
    serviceMean: string;
    utilisation: number;
    customers: number;
    seed: number;
  };
  /** Utilisations for the waiting-against-load table. */
  sweepUtilisations: readonly number[];
}

export const catalogQueueBasics: QueueLesson = {
  name: 'queue-basics',
  title: 'One queue, c servers: utilisation against waiting',
  description:
    'An M/M/c queue: requests arrive at random (Poisson), each takes a random time to serve (exponential), ' +
    'and c identical servers share one first-come-first-served queue.',
  lesson: [
    'Utilisation is the share of time the servers are busy. Waiting is short at 50% and long at 90%, and it does not grow in a straight line.',
    'Waiting grows like 1/(1 − utilisation): the last 10% of capacity costs more waiting than the first 80%. That is the hockey stick.',
    'Pooling helps: 64 servers at 90% make requests wait far less than 1 server at 90%, because a free server is almost always near.',
    'Erlang C gives the exact answer for this queue, so it is the yardstick the simulator is checked against before anything else.',
  ],
  defaults: { servers: 4, serviceMean: '100ms', utilisation: 0.8, customers: 200_000, seed: 1 },
  sweepUtilisations: [0.5, 0.7, 0.8, 0.9, 0.95],
};

/** The lesson's defaults with units resolved: service mean in µs, arrival rate per second. */
export function queueBasicsParameters(lesson: QueueLesson = catalogQueueBasics): {
  servers: number;
  serviceMeanUs: number;
  arrivalRatePerS: number;
  customers: number;
  seed: number;
} {
  const { servers, serviceMean, utilisation, customers, seed } = lesson.defaults;
  const serviceMeanUs = parseDuration(serviceMean);
  return { servers, serviceMeanUs, arrivalRatePerS: (utilisation * servers * 1e6) / serviceMeanUs, customers, seed };
}
