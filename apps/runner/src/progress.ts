import { SingleBar } from 'cli-progress';

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
