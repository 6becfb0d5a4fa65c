import type { ModelConfig } from '@stormglass/sim-core';

/**
 * What a scenario file resolves to: sim-core's `ModelConfig` plus what the model does not
 * hold (its story, its targets and its invariants). Shared by the loader (`loadScenario`), the
 * property-testing harness (`checkScenario`) and the runner.
 */

/** Latency targets of successful user requests, µs (ARCHITECTURE §5: percentiles over successes). */
export interface LatencyTarget {
  p50Us?: number;
  p95Us?: number;
  p99Us?: number;
  p999Us?: number;
}

/**
 * A scenario's targets (`targets:` in the file), every unit resolved. Each is checked against
 * one run's `ModelResult`; an absent target is not checked.
 */
export interface TargetsConfig {
  /** Every fault's measured RTO at most this; a fault never recovered within the run fails it. */
  rtoUs?: number;
  /** Every fault's RPO at most this (a fault that lost no write has RPO 0). */
  rpoUs?: number;
  /** Availability of user requests over the run at least this (a fraction). */
  availability?: number;
  /** Keyed by an entry endpoint's name, or `all` for every user request. */
  latency?: Record<string, LatencyTarget>;
  /** The run's total cost at most this many dollars. */
  costMaxUsd?: number;
  /** Every fault detected (first alert naming its part) within this, µs; undetected fails it. */
  timeToDetectUs?: number;
  /** Acknowledged writes lost over the run at most this many. */
  lostWritesMax?: number;
}

/** The built-in invariants a scenario may assert (`invariants:` in the file). */
export type InvariantName = 'conservation' | 'no-acknowledged-write-lost' | 'residency' | 'segmentation' | 'monotone-time';

export const INVARIANT_NAMES: readonly InvariantName[] = ['conservation', 'no-acknowledged-write-lost', 'residency', 'segmentation', 'monotone-time'];

/** A flow the segmentation rules forbid: found statically, before any run. */
export interface SegmentationViolation {
  /** The scenario path of the offending part (a call, or a user population), and where it is written. */
  path: string;
  file: string;
  line: number | null;
  column: number | null;
  /** `web (public) → orders (data)`. */
  flow: string;
  message: string;
}

/** A loaded, resolved scenario. */
export interface Scenario {
  name: string;
  description: string;
  /** Short lesson for students, one paragraph per entry. */
  lesson: string[];
  /** The documented expected outcome (prose; tests check it). */
  expected: string[];
  config: ModelConfig;
  targets: TargetsConfig;
  invariants: InvariantName[];
  /** Found at load time; the `segmentation` invariant fails when non-empty. */
  segmentation: SegmentationViolation[];
  /**
   * The scenario as plain data with `extends` already merged (and `--set` applied), before the
   * schema ran: what a replay document is made from (units as written).
   */
  document: Record<string, unknown>;
}
