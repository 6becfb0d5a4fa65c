import { describeValue } from '../../assert.js';
import type { FailureReason } from './failure-reason.js';

/** How a traced span ended. */
export type TraceOutcome = 'success' | 'degraded' | FailureReason;

/** One span of a sampled request trace, a plain serialisable object. */
export interface TraceSpan {
  /** The request's id, shared by every span of one trace. */
  readonly traceId: number;
  /** What the span covers, e.g. "checkout/pay attempt 2". */
  readonly name: string;
  readonly region: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly outcome: TraceOutcome;
}

export interface TraceSamplerOptions {
  /** Share of user requests traced, in [0, 1]. */
  readonly ratio: number;
  /** Most spans kept (a non-negative safe integer); later ones are only counted. */
  readonly max: number;
}

export interface TraceSamplerJSON {
  readonly ratio: number;
  readonly max: number;
  /** User requests the sampler chose to trace. */
  readonly sampled: number;
  /** Spans offered after `max` was reached. */
  readonly dropped: number;
  readonly spans: TraceSpan[];
}

/** The one method the sampler needs from a random stream (RandomStream has it). */
export interface TraceSamplerRng {
  float(): number;
}

/**
 * Head-based trace sampling: the engine asks `sample(rng)` once per user request and, when it
 * says yes, reports that request's spans. Exactly one draw is taken per call whatever the
 * ratio (0 and 1 included), so changing the ratio in a what-if run never shifts later draws on
 * the stream. Spans are kept up to `max`, in the order reported.
 */
export class TraceSampler {
  readonly ratio: number;
  readonly max: number;
  private readonly spans: TraceSpan[] = [];
  private sampledCount = 0;
  private droppedCount = 0;

  constructor(options: TraceSamplerOptions) {
    const { ratio, max } = options;
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new RangeError(`TraceSampler: ratio must be in [0, 1], got ${describeValue(ratio)}`);
    }
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`TraceSampler: max must be a non-negative safe integer, got ${describeValue(max)}`);
    }
    this.ratio = ratio;
    this.max = max;
  }

  /** Requests sampled so far. */
  get sampled(): number {
    return this.sampledCount;
  }

  /** Spans dropped because `max` was reached. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Whether to trace this user request: one draw, u < ratio. */
  sample(rng: TraceSamplerRng): boolean {
    const yes = rng.float() < this.ratio;
    if (yes) this.sampledCount += 1;
    return yes;
  }

  /** Stores a copy of `span`; returns false (and counts it) once `max` spans are held. */
  addSpan(span: TraceSpan): boolean {
    const { traceId, name, region, startUs, endUs, outcome } = span;
    if (!Number.isSafeInteger(startUs) || !Number.isSafeInteger(endUs) || endUs < startUs) {
      throw new RangeError(
        `TraceSampler.addSpan: need safe integers startUs <= endUs, got ${describeValue(startUs)} and ${describeValue(endUs)}`,
      );
    }
    if (this.spans.length >= this.max) {
      this.droppedCount += 1;
      return false;
    }
    // A copy, so a caller reusing its object cannot rewrite stored history.
    this.spans.push({ traceId, name, region, startUs, endUs, outcome });
    return true;
  }

  toJSON(): TraceSamplerJSON {
    return {
      ratio: this.ratio,
      max: this.max,
      sampled: this.sampledCount,
      dropped: this.droppedCount,
      spans: this.spans.map((s) => ({ ...s })),
    };
  }
}
