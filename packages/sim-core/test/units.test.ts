import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UNIT_SPELLINGS,
  UnitError,
  formatDuration,
  formatRate,
  levenshtein,
  parseBandwidth,
  parseDuration,
  parseMoney,
  parsePercent,
  parseQuantity,
  parseRate,
  parseSize,
} from '../src/units/index.js';
import type { Money, UnitKind } from '../src/units/index.js';

const US_PER_S = 1_000_000;
const US_PER_DAY = 86_400 * US_PER_S;

/** Runs `parse` and returns the UnitError it throws, failing the test if it throws anything else. */
function unitErrorOf(parse: () => unknown): UnitError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UnitError);
    return error as UnitError;
  }
  throw new Error('expected a UnitError, but parsing succeeded');
}

describe('parseDuration: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['0s', 0],
    ['0us', 0],
    ['500us', 500],
    ['500µs', 500],
    ['500μs', 500],
    ['250ms', 250_000],
    ['1.5ms', 1_500],
    ['1s', US_PER_S],
    ['1.5s', 1_500_000],
    ['0.1s', 100_000],
    ['0.000001s', 1],
    ['5m', 300_000_000],
    ['2h', 7_200_000_000],
    ['1d', US_PER_DAY],
    ['250 ms', 250_000],
    ['  250ms\n', 250_000],
    ['1h30m', 5_400_000_000],
    ['2m30s', 150_000_000],
    ['1h 30m', 5_400_000_000],
    ['1m30.5s', 90_500_000],
    ['1.5h30m', 7_200_000_000],
    ['1s500ms', 1_500_000],
    ['1d2h3m4s5ms6us', 93_784_005_006],
    ['104249d', 104_249 * US_PER_DAY],
    ['0.30000000000000004s', 300_000],
    [`${0.1 + 0.2}s`, 300_000],
  ];
  for (const [text, expectedUs] of cases) {
    it(`parseDuration(${JSON.stringify(text)}) returns ${expectedUs}`, () => {
      expect(parseDuration(text)).toBe(expectedUs);
    });
  }

  it('parseDuration("250", { bareNumberUnit: "ms" }) reads a bare number in the given unit', () => {
    expect(parseDuration('250', { bareNumberUnit: 'ms' })).toBe(250_000);
    expect(parseDuration('2', { bareNumberUnit: 's' })).toBe(2_000_000);
  });

  it('parseDuration("1h30", { bareNumberUnit: "s" }) still requires units inside a compound', () => {
    expect(unitErrorOf(() => parseDuration('1h30', { bareNumberUnit: 's' })).suggestion).toBe('1h30m');
  });
});

describe('parseRate: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['1200rps', 1200],
    ['0rps', 0],
    ['0.5rps', 0.5],
    ['1.2krps', 1200],
    ['1.5Mrps', 1_500_000],
    ['50/s', 50],
    ['3000rpm', 50],
    ['3000/min', 50],
    ['3000/m', 50],
    ['1/min', 1 / 60],
    ['7200rph', 2],
    ['7200/h', 2],
    ['1/h', 1 / 3600],
    ['10 rps', 10],
  ];
  for (const [text, expectedPerS] of cases) {
    it(`parseRate(${JSON.stringify(text)}) returns ${expectedPerS}`, () => {
      expect(parseRate(text)).toBe(expectedPerS);
    });
  }
});

describe('parseSize: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['0B', 0],
    ['1B', 1],
    ['1kB', 1_000],
    ['1KB', 1_000],
    ['1.5MB', 1_500_000],
    ['500GB', 500_000_000_000],
    ['500 GB', 500_000_000_000],
    ['2TB', 2e12],
    ['3PB', 3e15],
    ['4KiB', 4_096],
    ['1.5KiB', 1_536],
    ['1MiB', 1_048_576],
    ['1GiB', 1_073_741_824],
    ['1TiB', 1_099_511_627_776],
    ['1PiB', 1_125_899_906_842_624],
    ['10PB', 1e16],
  ];
  for (const [text, expectedBytes] of cases) {
    it(`parseSize(${JSON.stringify(text)}) returns ${expectedBytes}`, () => {
      expect(parseSize(text)).toBe(expectedBytes);
    });
  }
});

describe('parseBandwidth: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['9600bps', 9_600],
    ['56kbps', 56_000],
    ['56Kbps', 56_000],
    ['100Mbps', 100_000_000],
    ['10Gbps', 10_000_000_000],
    ['1.5Gbps', 1_500_000_000],
    ['0.4Tbps', 400_000_000_000],
    ['10 Gbps', 10_000_000_000],
    ['100B/s', 800],
    ['1kB/s', 8_000],
    ['1KB/s', 8_000],
    ['250MB/s', 2_000_000_000],
    ['1.25GB/s', 10_000_000_000],
    ['1TB/s', 8e12],
    ['1KiB/s', 8_192],
    ['1MiB/s', 8_388_608],
    ['1GiB/s', 8_589_934_592],
  ];
  for (const [text, expectedBitsPerS] of cases) {
    it(`parseBandwidth(${JSON.stringify(text)}) returns ${expectedBitsPerS}`, () => {
      expect(parseBandwidth(text)).toBe(expectedBitsPerS);
    });
  }
});

describe('parsePercent: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['0%', 0],
    ['0.1%', 0.001],
    ['1%', 0.01],
    ['12.5 %', 0.125],
    ['99.9%', 0.999],
    ['99.99%', 0.9999],
    ['100%', 1],
  ];
  for (const [text, expectedFraction] of cases) {
    it(`parsePercent(${JSON.stringify(text)}) returns exactly ${expectedFraction}`, () => {
      expect(parsePercent(text)).toBe(expectedFraction);
    });
  }

  it('parsePercent("150%", { allowOver100: true }) returns 1.5', () => {
    expect(parsePercent('150%', { allowOver100: true })).toBe(1.5);
  });
});

describe('parseMoney: accepted spellings', () => {
  const cases: ReadonlyArray<readonly [string, Money]> = [
    ['$300', { usd: 300, per: 'once' }],
    ['$0', { usd: 0, per: 'once' }],
    ['$ 5', { usd: 5, per: 'once' }],
    ['$0.12/h', { usd: 0.12, per: 'hour' }],
    ['$0.12/hr', { usd: 0.12, per: 'hour' }],
    ['$0.12/hour', { usd: 0.12, per: 'hour' }],
    ['$0.12 /h', { usd: 0.12, per: 'hour' }],
    ['$1.2/mo', { usd: 1.2, per: 'month' }],
    ['$1.2/month', { usd: 1.2, per: 'month' }],
    ['$0.02/GB', { usd: 0.02, per: 'GB' }],
    ['$0.10/GB-month', { usd: 0.1, per: 'GB-month' }],
    ['$0.0000004/req', { usd: 0.0000004, per: 'request' }],
    ['$0.0000004/request', { usd: 0.0000004, per: 'request' }],
  ];
  for (const [text, expected] of cases) {
    it(`parseMoney(${JSON.stringify(text)}) returns ${JSON.stringify(expected)}`, () => {
      expect(parseMoney(text)).toEqual(expected);
    });
  }
});

describe('parseQuantity', () => {
  const cases: ReadonlyArray<readonly [UnitKind, string, number | Money]> = [
    ['duration', '250ms', 250_000],
    ['rate', '50/s', 50],
    ['size', '4KiB', 4_096],
    ['bandwidth', '10Gbps', 1e10],
    ['percent', '99.9%', 0.999],
    ['money', '$0.12/h', { usd: 0.12, per: 'hour' }],
  ];
  for (const [kind, text, expected] of cases) {
    it(`parseQuantity(${JSON.stringify(kind)}, ${JSON.stringify(text)}) dispatches to the ${kind} parser`, () => {
      expect(parseQuantity(kind, text)).toEqual(expected);
    });
  }

  it('parseQuantity("duration", "5mins") throws a UnitError of kind duration', () => {
    expect(unitErrorOf(() => parseQuantity('duration', '5mins')).kind).toBe('duration');
  });

  it('UNIT_SPELLINGS lists the canonical duration units first', () => {
    expect(UNIT_SPELLINGS.duration.slice(0, 6)).toEqual(['us', 'ms', 's', 'm', 'h', 'd']);
  });
});

describe('error messages', () => {
  const durationUnits = 'one of us, ms, s, m, h, d';
  const rateUnits = 'one of rps, krps, Mrps, /s, rpm, /min, /m, rph, /h';
  const sizeUnits = 'one of B, kB, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB';
  const bandwidthUnits = 'one of bps, kbps, Kbps, Mbps, Gbps, Tbps, B/s, kB/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s';
  const moneyUnits = 'a dollar amount with nothing after it (a one-off) or one of /h, /hr, /hour, /mo, /month, /GB, /GB-month, /req, /request';
  const plainNumber = 'a plain decimal number such as "1200" or "0.5"';

  const cases: ReadonlyArray<readonly [string, () => unknown, string, string | undefined]> = [
    ['parseDuration("5mins") suggests "5m"', () => parseDuration('5mins'),
      `invalid duration "5mins": unknown unit "mins"; expected ${durationUnits} — did you mean "5m"?`, '5m'],
    ['parseDuration("250MS") suggests "250ms" because units are case-sensitive', () => parseDuration('250MS'),
      `invalid duration "250MS": unknown unit "MS" (units are case-sensitive); expected ${durationUnits} — did you mean "250ms"?`, '250ms'],
    ['parseDuration("5 sec") suggests "5 s", keeping the spacing', () => parseDuration('5 sec'),
      `invalid duration "5 sec": unknown unit "sec"; expected ${durationUnits} — did you mean "5 s"?`, '5 s'],
    ['parseDuration("5mss") suggests "5ms" by edit distance', () => parseDuration('5mss'),
      `invalid duration "5mss": unknown unit "mss"; expected ${durationUnits} — did you mean "5ms"?`, '5ms'],
    ['parseDuration("5xyz") suggests nothing when no unit is close', () => parseDuration('5xyz'),
      `invalid duration "5xyz": unknown unit "xyz"; expected ${durationUnits}`, undefined],
    ['parseDuration("250") asks for a unit', () => parseDuration('250'),
      `invalid duration "250": a number without a unit; expected ${durationUnits} — add a unit, e.g. "250ms" or "250s"`, undefined],
    ['parseDuration("abc") reports that there is no number', () => parseDuration('abc'),
      'invalid duration "abc": no number; expected a number followed by a unit, e.g. "250ms"', undefined],
    ['parseDuration("") reports an empty string', () => parseDuration(''),
      'invalid duration "": an empty string; expected a number with a unit, e.g. "250ms"', undefined],
    ['parseDuration("NaN") reports a non-finite number', () => parseDuration('NaN'),
      'invalid duration "NaN": "NaN", which is not a finite number; expected a number followed by a unit, e.g. "250ms"', undefined],
    ['parseDuration("Infinity") reports a non-finite number', () => parseDuration('Infinity'),
      'invalid duration "Infinity": "Infinity", which is not a finite number; expected a number followed by a unit, e.g. "250ms"', undefined],
    ['parseDuration("-5s") rejects a negative value', () => parseDuration('-5s'),
      'invalid duration "-5s": a negative value; expected a duration of zero or more', undefined],
    ['parseDuration(5) rejects a number that is not a string', () => parseDuration(5 as unknown as string),
      'invalid duration: expected a string with a unit like "250ms", got the number 5', undefined],
    ['parseDuration(null) rejects null', () => parseDuration(null as unknown as string),
      'invalid duration: expected a string with a unit like "250ms", got null', undefined],
    ['parseDuration("0.0001us") rejects a fraction of a microsecond', () => parseDuration('0.0001us'),
      'invalid duration "0.0001us": a fraction of a microsecond; expected a whole number of microseconds (the simulated clock counts whole microseconds)', undefined],
    ['parseDuration("1.0000001ms") rejects a fraction of a microsecond and suggests "1ms"', () => parseDuration('1.0000001ms'),
      'invalid duration "1.0000001ms": a fraction of a microsecond; expected a whole number of microseconds (the simulated clock counts whole microseconds) — did you mean "1ms"?', '1ms'],
    ['parseDuration("30m1h") suggests the sorted "1h30m"', () => parseDuration('30m1h'),
      'invalid duration "30m1h": parts out of order; expected parts from the largest unit to the smallest, each unit at most once, e.g. "1h30m" — did you mean "1h30m"?', '1h30m'],
    ['parseDuration("1m1m") rejects a repeated unit without a guess', () => parseDuration('1m1m'),
      'invalid duration "1m1m": a unit used twice; expected parts from the largest unit to the smallest, each unit at most once, e.g. "1h30m"', undefined],
    ['parseDuration("1h30") suggests the next smaller unit, "1h30m"', () => parseDuration('1h30'),
      `invalid duration "1h30": a number without a unit after "1h"; expected ${durationUnits} — did you mean "1h30m"?`, '1h30m'],
    ['parseDuration("5ns") names nanoseconds as unsupported instead of guessing "us"', () => parseDuration('5ns'),
      `invalid duration "5ns": unsupported unit "ns" (the simulated clock counts whole microseconds); expected ${durationUnits}`, undefined],
    ['parseDuration("1,500ms") suggests dropping the digit separator', () => parseDuration('1,500ms'),
      `invalid duration "1,500ms": digit separators in "1,500"; expected ${plainNumber} — did you mean "1500ms"?`, '1500ms'],
    ['parseDuration("1,5s") reads a decimal comma and suggests "1.5s"', () => parseDuration('1,5s'),
      `invalid duration "1,5s": a decimal comma in "1,5"; expected ${plainNumber} — did you mean "1.5s"?`, '1.5s'],
    ['parseDuration(".5s") suggests "0.5s"', () => parseDuration('.5s'),
      `invalid duration ".5s": ".5" without a digit before the point; expected ${plainNumber} — did you mean "0.5s"?`, '0.5s'],
    ['parseDuration("1e3ms") expands exponent notation to "1000ms"', () => parseDuration('1e3ms'),
      'invalid duration "1e3ms": exponent notation "1e3"; expected a plain decimal number such as "1000" — did you mean "1000ms"?', '1000ms'],
    ['parseDuration("1.5us") rejects half a microsecond and suggests "2us"', () => parseDuration('1.5us'),
      'invalid duration "1.5us": a fraction of a microsecond; expected a whole number of microseconds (the simulated clock counts whole microseconds) — did you mean "2us"?', '2us'],
    ['parseDuration("1e-3s") expands exponent notation to "0.001s"', () => parseDuration('1e-3s'),
      'invalid duration "1e-3s": exponent notation "1e-3"; expected a plain decimal number such as "1000" — did you mean "0.001s"?', '0.001s'],
    ['parseDuration("1e999999ms") rejects a huge exponent without spelling it out', () => parseDuration('1e999999ms'),
      'invalid duration "1e999999ms": exponent notation "1e999999"; expected a plain decimal number such as "1000"', undefined],
    ['parseDuration("+5s") suggests dropping the plus sign', () => parseDuration('+5s'),
      'invalid duration "+5s": a plus sign; expected a number followed by a unit, e.g. "250ms" — did you mean "5s"?', '5s'],
    ['parseDuration("250ms extra") rejects trailing text', () => parseDuration('250ms extra'),
      'invalid duration "250ms extra": unexpected "extra" after "250ms"; expected a number followed by a unit, e.g. "250ms"', undefined],
    ['parseDuration("104250d") rejects a duration beyond the safe integers', () => parseDuration('104250d'),
      'invalid duration "104250d": 9007200000000000us, more than the clock can count exactly; expected at most 104249d (Number.MAX_SAFE_INTEGER microseconds)', undefined],
    ['parseRate("10qps") suggests "10rps"', () => parseRate('10qps'),
      `invalid rate "10qps": unknown unit "qps"; expected ${rateUnits} — did you mean "10rps"?`, '10rps'],
    ['parseRate("10/ms") names "/ms" as unsupported instead of guessing "/m"', () => parseRate('10/ms'),
      `invalid rate "10/ms": unsupported unit "/ms" (rates are written per second, minute or hour); expected ${rateUnits}`, undefined],
    ['parseRate("1000…0rps") rejects a value too large for a double', () => parseRate(`1${'0'.repeat(400)}rps`),
      `invalid rate "1${'0'.repeat(400)}rps": a value too large to represent; expected a rate that fits in a double`, undefined],
    ['parseRate("1.2k rps") rejects the space inside the unit', () => parseRate('1.2k rps'),
      'invalid rate "1.2k rps": unexpected "rps" after "1.2k"; expected a number followed by a unit, e.g. "1200rps"', undefined],
    ['parseRate("1,200rps") suggests "1200rps"', () => parseRate('1,200rps'),
      `invalid rate "1,200rps": digit separators in "1,200"; expected ${plainNumber} — did you mean "1200rps"?`, '1200rps'],
    ['parseSize("500gb") suggests "500GB"', () => parseSize('500gb'),
      `invalid size "500gb": unknown unit "gb" (units are case-sensitive); expected ${sizeUnits} — did you mean "500GB"?`, '500GB'],
    ['parseSize("1.1KiB") rejects a fraction of a byte and suggests "1126B"', () => parseSize('1.1KiB'),
      'invalid size "1.1KiB": a fraction of a byte; expected a whole number of bytes — did you mean "1126B"?', '1126B'],
    ['parseSize(5) rejects a number that is not a string', () => parseSize(5 as unknown as string),
      'invalid size: expected a string with a unit like "500GB", got the number 5', undefined],
    ['parseSize("64Gi") suggests "64GiB"', () => parseSize('64Gi'),
      `invalid size "64Gi": unknown unit "Gi"; expected ${sizeUnits} — did you mean "64GiB"?`, '64GiB'],
    ['parseBandwidth("10 GBps") explains the bits-or-bytes ambiguity', () => parseBandwidth('10 GBps'),
      `invalid bandwidth "10 GBps": ambiguous unit "GBps"; expected ${bandwidthUnits} — write "10 GB/s" for bytes per second or "10 Gbps" for bits per second`, '10 GB/s'],
    ['parseBandwidth("10gbps") suggests "10Gbps"', () => parseBandwidth('10gbps'),
      `invalid bandwidth "10gbps": unknown unit "gbps" (units are case-sensitive); expected ${bandwidthUnits} — did you mean "10Gbps"?`, '10Gbps'],
    ['parseBandwidth("10Gb/s") suggests "10Gbps"', () => parseBandwidth('10Gb/s'),
      `invalid bandwidth "10Gb/s": unknown unit "Gb/s"; expected ${bandwidthUnits} — did you mean "10Gbps"?`, '10Gbps'],
    ['parseBandwidth("10GB") says a size is not a bandwidth and suggests "10GB/s"', () => parseBandwidth('10GB'),
      `invalid bandwidth "10GB": "GB" is a size, not a bandwidth; expected ${bandwidthUnits} — did you mean "10GB/s"?`, '10GB/s'],
    ['parsePercent("150%") rejects more than 100%', () => parsePercent('150%'),
      'invalid percent "150%": 150%, which is more than 100%; expected a percentage from 0% to 100%', undefined],
    ['parsePercent("0.5") offers both readings of a bare number', () => parsePercent('0.5'),
      'invalid percent "0.5": a number without "%"; expected a percentage like "99.9%" — write "0.5%" for 0.5 percent, or "50%" if 0.5 is a fraction', undefined],
    ['parsePercent("99.9") suggests "99.9%"', () => parsePercent('99.9'),
      'invalid percent "99.9": a number without "%"; expected a percentage like "99.9%" — did you mean "99.9%"?', '99.9%'],
    ['parseMoney("0.12/h") suggests "$0.12/h"', () => parseMoney('0.12/h'),
      'invalid money "0.12/h": no "$" before the amount; expected an amount in US dollars like "$0.12/h" — did you mean "$0.12/h"?', '$0.12/h'],
    ['parseMoney("0.12 USD/h") suggests "$0.12/h"', () => parseMoney('0.12 USD/h'),
      'invalid money "0.12 USD/h": no "$" before the amount; expected an amount in US dollars like "$0.12/h" — did you mean "$0.12/h"?', '$0.12/h'],
    ['parseMoney("$") reports the missing amount', () => parseMoney('$'),
      'invalid money "$": no number after "$"; expected an amount in US dollars like "$0.12/h"', undefined],
    ['parseMoney("-$5") rejects a negative amount', () => parseMoney('-$5'),
      'invalid money "-$5": a negative value; expected an amount of zero or more', undefined],
    ['parseMoney("$20/TB") suggests the per-GB price "$0.02/GB"', () => parseMoney('$20/TB'),
      `invalid money "$20/TB": unsupported unit "/TB"; expected ${moneyUnits} — did you mean "$0.02/GB"?`, '$0.02/GB'],
    ['parseMoney("$0.12/hours") suggests "$0.12/h"', () => parseMoney('$0.12/hours'),
      `invalid money "$0.12/hours": unknown unit "/hours"; expected ${moneyUnits} — did you mean "$0.12/h"?`, '$0.12/h'],
    ['parseMoney("$1/day") names "/day" as unsupported', () => parseMoney('$1/day'),
      `invalid money "$1/day": unsupported unit "/day"; expected ${moneyUnits}`, undefined],
  ];
  for (const [title, parse, message, suggestion] of cases) {
    it(title, () => {
      const error = unitErrorOf(parse);
      expect(error.message).toBe(message);
      expect(error.suggestion).toBe(suggestion);
    });
  }

  it('parseDuration("5mins") fills every field of the UnitError', () => {
    const error = unitErrorOf(() => parseDuration('5mins'));
    expect(error.name).toBe('UnitError');
    expect(error.kind).toBe('duration');
    expect(error.input).toBe('5mins');
    expect(error.expected).toBe('one of us, ms, s, m, h, d');
    expect(error.found).toBe('unknown unit "mins"');
    expect(error.suggestion).toBe('5m');
  });

  it('every suggestion parses, so a quick fix never leads to another error', () => {
    for (const [, parse] of cases) {
      const error = unitErrorOf(parse);
      if (error.suggestion !== undefined) expect(() => parseQuantity(error.kind, error.suggestion as string)).not.toThrow();
    }
  });
});

describe('formatDuration and formatRate', () => {
  const durations: ReadonlyArray<readonly [number, string]> = [
    [0, '0s'],
    [1, '1us'],
    [500, '500us'],
    [1_500, '1.5ms'],
    [250_000, '250ms'],
    [999_999, '999.999ms'],
    [1_500_000, '1.5s'],
    [90_000_000, '1m30s'],
    [5_400_000_000, '1h30m'],
    [3_600_000_001, '1h1us'],
    [3_600_500_000, '1h500ms'],
    [90_061_500_000, '1d1h1m1.5s'],
    [10 * US_PER_DAY, '10d'],
  ];
  for (const [us, text] of durations) {
    it(`formatDuration(${us}) returns ${JSON.stringify(text)}`, () => {
      expect(formatDuration(us)).toBe(text);
    });
  }

  it('formatDuration(-1) and formatDuration(1.5) throw a RangeError', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });

  const rates: ReadonlyArray<readonly [number, string]> = [
    [0, '0rps'],
    [0.0123, '0.0123rps'],
    [0.5, '0.5rps'],
    [50, '50rps'],
    [999.4, '999.4rps'],
    [999.96, '1krps'],
    [1_200, '1.2krps'],
    [12_345, '12.35krps'],
    [3_400_000, '3.4Mrps'],
  ];
  for (const [perS, text] of rates) {
    it(`formatRate(${perS}) returns ${JSON.stringify(text)}`, () => {
      expect(formatRate(perS)).toBe(text);
    });
  }

  it('formatRate(NaN) throws a RangeError', () => {
    expect(() => formatRate(Number.NaN)).toThrow(RangeError);
  });
});

describe('levenshtein', () => {
  it('levenshtein counts insertions, deletions and substitutions', () => {
    expect(levenshtein('', '')).toBe(0);
    expect(levenshtein('ms', 'ms')).toBe(0);
    expect(levenshtein('mins', 'ms')).toBe(2);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('µs', 'us')).toBe(1);
  });
});

describe('properties', () => {
  it('parseDuration(formatDuration(us)) === us for every integer us in [0, 10 days]', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * US_PER_DAY }), (us) => parseDuration(formatDuration(us)) === us));
  });

  it('parseDuration(formatDuration(us)) === us for every safe integer us', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (us) => parseDuration(formatDuration(us)) === us));
  });

  it('parseDuration(`${n}ms`) === n * 1000 for every integer n', () => {
    const nMax = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
    fc.assert(fc.property(fc.integer({ min: 0, max: nMax }), (n) => parseDuration(`${n}ms`) === n * 1000));
  });

  it('parseDuration(`${h}h${m}m${s}s`) equals the exact sum of its parts', () => {
    const part = fc.integer({ min: 0, max: 10_000 });
    fc.assert(fc.property(part, part, part, (h, m, s) => parseDuration(`${h}h${m}m${s}s`) === ((h * 60 + m) * 60 + s) * US_PER_S));
  });

  it('parseQuantity throws only UnitError for arbitrary strings', () => {
    const kinds: readonly UnitKind[] = ['duration', 'rate', 'size', 'bandwidth', 'percent', 'money'];
    const alphabet = fc.constantFrom(...'0123456789.,_-+ $%/eEkKMGTPiBbpsmuµhdrq'.split(''));
    const text = fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 12 }));
    fc.assert(
      fc.property(fc.constantFrom(...kinds), text, (kind, input) => {
        try {
          parseQuantity(kind, input);
        } catch (error) {
          return error instanceof UnitError && error.kind === kind && error.message.length > 0;
        }
        return true;
      }),
      { numRuns: 5_000 },
    );
  });

  it('parseRate(formatRate(perS)) is within 0.5% of perS', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (perS) => {
        return Math.abs(parseRate(formatRate(perS)) - perS) <= perS * 5e-3;
      }),
    );
  });
});
