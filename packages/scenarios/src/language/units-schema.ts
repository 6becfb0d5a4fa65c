import { UnitError, parseBandwidth, parseDuration, parseMoney, parsePercent, parseRate, parseSize } from '@stormglass/sim-core';
import { z } from 'zod';

/**
 * Zod schemas for values with units, as scenario files write them (`250ms`, `5m`, `1200rps`,
 * `1.5Gbps`, `0.1%`, `$0.12/h`), resolved by sim-core's one units parser to the numbers the
 * model takes. A bad value is an issue whose params carry the parser's expected, found and
 * suggestion (`5mins` → did you mean `5m`?), so the problem the user sees has all three.
 */
function withUnits<T>(kind: string, parse: (text: string) => T, example: string) {
  return z
    .string({ error: `expected a ${kind} with its unit, like ${example}` })
    .describe(`a ${kind} with its unit, like ${example}`)
    .transform((text, ctx): T => {
      try {
        return parse(text);
      } catch (error) {
        if (!(error instanceof UnitError)) throw error;
        ctx.addIssue({ code: 'custom', message: `invalid ${kind}`, params: { expected: error.expected, found: error.found, ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }) } });
        return z.NEVER;
      }
    });
}

/** A duration (`250ms`, `5m`, `2h`), in whole µs. */
export const durationUs = withUnits('duration', (text) => parseDuration(text), '250ms or 5m');
/** A rate (`1200rps`, `30/s`), per second. */
export const ratePerS = withUnits('rate', (text) => parseRate(text), '1200rps');
/** A size (`64KiB`, `1.5GB`), bytes. */
export const sizeBytes = withUnits('size', (text) => parseSize(text), '64KiB');
/** A bandwidth (`1.5Gbps`), bits per second. */
export const bandwidthBitsPerS = withUnits('bandwidth', (text) => parseBandwidth(text), '1.5Gbps');
/** A percentage (`0.1%`), as a fraction. */
export const percentRatio = withUnits('percentage', (text) => parsePercent(text), '0.1%');
/** A price (`$0.12/h`). */
export const money = withUnits('price', (text) => parseMoney(text), '$0.12/h');
