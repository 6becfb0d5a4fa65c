import { describe, expect, it } from 'vitest';
import { hedgeAction, nextHedgeAtUs } from '../src/model/resilience/index.js';
import type { HedgeAction, HedgeState, HedgingConfig } from '../src/model/resilience/index.js';

const config: HedgingConfig = { delayUs: 50_000, hedgesMax: 2 };
const base: HedgeState = { hedgesSent: 0, lastAttemptStartUs: 1_000_000, nowUs: 1_000_000, answered: false, attemptFailed: false };

describe('hedgeAction', () => {
  it.each<[string, Partial<HedgeState>, HedgeAction]>([
    ['waits before delayUs has passed since the first attempt', { nowUs: 1_049_999 }, 'wait'],
    ['sends the first hedge once delayUs has passed unanswered', { nowUs: 1_050_000 }, 'send'],
    ['sends when the timer fires late', { nowUs: 1_200_000 }, 'send'],
    ['measures the delay from the latest hedge', { hedgesSent: 1, lastAttemptStartUs: 1_050_000, nowUs: 1_099_999 }, 'wait'],
    ['sends the second hedge delayUs after the first', { hedgesSent: 1, lastAttemptStartUs: 1_050_000, nowUs: 1_100_000 }, 'send'],
    ['sends nothing more after hedgesMax hedges', { hedgesSent: 2, lastAttemptStartUs: 1_100_000, nowUs: 5_000_000 }, 'none'],
    ['sends nothing once the call is answered', { nowUs: 1_050_000, answered: true }, 'none'],
    ['sends the next hedge at once after a retryable failure', { nowUs: 1_010_000, attemptFailed: true }, 'send'],
    ['sends nothing after a failure when no hedge remains', { hedgesSent: 2, nowUs: 1_010_000, attemptFailed: true }, 'none'],
  ])('hedgeAction %s', (_title, overrides, expected) => {
    expect(hedgeAction(config, { ...base, ...overrides })).toBe(expected);
  });

  it("hedgeAction with hedgesMax 0 is always 'none' (hedging off)", () => {
    expect(hedgeAction({ delayUs: 0, hedgesMax: 0 }, { ...base, nowUs: 9_000_000 })).toBe('none');
  });

  it("hedgeAction with delayUs 0 sends every hedge at once (parallel requests)", () => {
    expect(hedgeAction({ delayUs: 0, hedgesMax: 3 }, { ...base, hedgesSent: 2 })).toBe('send');
  });
});

describe('nextHedgeAtUs', () => {
  it('nextHedgeAtUs is delayUs after the latest attempt while hedges remain, then -1', () => {
    expect(nextHedgeAtUs(config, 1_000_000, 0)).toBe(1_050_000);
    expect(nextHedgeAtUs(config, 1_030_000, 1)).toBe(1_080_000);
    expect(nextHedgeAtUs(config, 1_080_000, 2)).toBe(-1);
  });
});
