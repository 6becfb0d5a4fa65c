import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tinypool } from 'tinypool';
import { runSweepSeed } from './sweep-row.js';
import type { SweepRow, SweepTask } from './sweep-row.js';

/** A seed that threw or whose worker thread died: a bug, reported with its seed while the sweep goes on. */
export interface SeedCrash {
  /** null: a worker thread failed between seeds. */
  seed: number | null;
  message: string;
  stack: string | undefined;
}

export interface SweepSeedsOptions {
  workers: number;
  /** Asked before each new seed: true stops taking seeds (Ctrl-C); the seeds in progress still finish. */
  stopped(): boolean;
  /** Called once per seed done, finished or crashed. */
  tick(): void;
}

const crashOf = (seed: number | null, error: unknown): SeedCrash => ({
  seed,
  message: error instanceof Error ? error.message : String(error),
  stack: error instanceof Error ? error.stack : undefined,
});

/** Lets a pending signal (Ctrl-C) and the progress bar's timer run between seeds of the inline loop. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a sweep's seeds inline (one worker) or on a worker-thread pool; the rows come back in
 * the order they finished. A seed that crashes is reported and the sweep goes on.
 */
export async function runSweepSeeds(tasks: readonly SweepTask[], options: SweepSeedsOptions): Promise<{ rows: SweepRow[]; crashes: SeedCrash[] }> {
  const rows: SweepRow[] = [];
  const crashes: SeedCrash[] = [];
  const workerFile = fileURLToPath(new URL('./sweep-worker.js', import.meta.url));
  if (options.workers === 1 || !existsSync(workerFile)) {
    for (const task of tasks) {
      try {
        rows.push(runSweepSeed(task));
      } catch (error) {
        crashes.push(crashOf(task.seed, error));
      }
      options.tick();
      // A signal is only handled between seeds: a seed that started always finishes.
      await yieldToEventLoop();
      if (options.stopped()) break;
    }
    return { rows, crashes };
  }
  const pool = new Tinypool({ filename: workerFile, minThreads: 1, maxThreads: options.workers, isolateWorkers: false });
  // A worker failing with no task of ours running: tinypool emits it on the pool.
  pool.on('error', (error: unknown) => crashes.push(crashOf(null, error)));
  const watch = watchThreadExits(pool);
  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!options.stopped() && next < tasks.length) {
        const task = tasks[next++];
        try {
          const result = pool.run(task) as Promise<SweepRow>;
          watch.newThreads();
          rows.push(await result);
        } catch (error) {
          crashes.push(crashOf(task.seed, error));
        }
        options.tick();
      }
    };
    await Promise.all(Array.from({ length: options.workers }, () => lane()));
  } finally {
    watch.stop();
    await pool.destroy();
  }
  return { rows, crashes };
}

/**
 * tinypool 2.2.0 does not notice a worker thread that exits (`process.exit` in a worker, or
 * a native module ending the thread): only a thread's 'error' event fails its task and starts
 * a fresh worker, so the seed it was running would never settle and the sweep would end with
 * nothing written (Node's exit 13, an unsettled top-level await). Piscina, which tinypool
 * forked, had the same bug (piscinajs/piscina#304). This turns an unexpected exit into the
 * 'error' tinypool handles. An exit is unexpected while the thread is still one of the pool's:
 * tinypool removes a thread before it terminates one.
 */
function watchThreadExits(pool: Tinypool): { newThreads(): void; stop(): void } {
  const watched = new WeakSet<object>();
  let stopped = false;
  const newThreads = (): void => {
    for (const thread of pool.threads) {
      if (watched.has(thread)) continue;
      watched.add(thread);
      thread.on('exit', (code: number) => {
        if (stopped || !pool.threads.includes(thread)) return;
        thread.emit('error', new Error(`its worker thread exited (code ${code})`));
        // tinypool may have started the replacement already: watch it before it takes a seed.
        newThreads();
      });
    }
  };
  return {
    newThreads,
    stop: () => {
      stopped = true;
    },
  };
}
