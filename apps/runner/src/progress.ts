import { SingleBar } from 'cli-progress';
import type { ModelEngine, ModelResult } from '@stormglass/sim-core';

/** A progress bar on stderr for long commands, shown only when stderr is a terminal (silent in CI and pipes). */
export interface Progress {
  tick(): void;
  stop(): void;
}

const silent: Progress = { tick: () => undefined, stop: () => undefined };

export function progressBar(label: string, total: number): Progress {
  if (process.stderr.isTTY !== true || total <= 1) return silent;
  const plain = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} · {eta_formatted} left`, stream: process.stderr, hideCursor: true, clearOnComplete: true, barCompleteChar: plain ? '#' : '█', barIncompleteChar: plain ? '-' : '░' },
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/** Steps a long run is cut into for its progress bar: each a slice of simulated time. */
const RUN_STEPS = 100;

/**
 * Runs an engine to its end, in slices of simulated time when a bar is shown (stderr a
 * terminal), in one go otherwise. Slicing does not change the run: the kernel stops after the
 * last event at or before each slice's end and carries on from there (test/run-slices.test.ts).
 */
export function runWithProgress(engine: ModelEngine, label: string, steps = process.stderr.isTTY === true ? RUN_STEPS : 1): ModelResult {
  if (steps <= 1) return engine.run();
  const progress = progressBar(label, steps);
  const durationUs = engine.config.durationUs;
  for (let k = 1; k <= steps; k++) {
    const run = engine.runUntil(k === steps ? durationUs : Math.floor((durationUs * k) / steps));
    progress.tick();
    if (run.stoppedBy === 'eventsMax') break;
  }
  progress.stop();
  return engine.result();
}
