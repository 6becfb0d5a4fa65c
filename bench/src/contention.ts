import os from 'node:os';
import { monotonicNs, elapsedS } from './timing.js';

/**
 * How much of the machine other processes took while the bench ran. On a small VM a
 * concurrent compiler or test run costs a third of the throughput or more, and the figures
 * alone cannot tell you that; this can.
 */
export interface Contention {
  /** 1-minute load average at the start and the end (lags by about a minute). */
  loadAverage1mStart: number;
  loadAverage1mEnd: number;
  /**
   * Average number of cores kept busy by other processes during the run: all cores' busy
   * time, minus this process's CPU time, minus the SimPy children's (approximated by their
   * wall time: they are single-threaded and CPU-bound). 0 on a quiet machine.
   */
  otherProcessesCores: number;
  /** Above this many cores the report flags the run as disturbed. */
  busyThresholdCores: number;
  busy: boolean;
}

/** A quarter of a core on average is already visible in the figures of a 2-core VM. */
const BUSY_THRESHOLD_CORES = 0.25;

export interface ContentionProbe {
  /** Call at the end of the run with the total wall time of child processes, s. */
  finish(childrenWallS: number): Contention;
}

export function startContentionProbe(): ContentionProbe {
  const loadAverage1mStart = loadAverage1m();
  const busyStartMs = cpuBusyAllCoresMs();
  const ownStart = process.cpuUsage();
  const startNs = monotonicNs();
  return {
    finish(childrenWallS: number): Contention {
      const wallS = elapsedS(startNs);
      const own = process.cpuUsage(ownStart);
      const ownS = (own.user + own.system) / 1e6;
      const busyS = (cpuBusyAllCoresMs() - busyStartMs) / 1e3;
      const otherProcessesCores = Math.max(0, (busyS - ownS - childrenWallS) / wallS);
      return {
        loadAverage1mStart,
        loadAverage1mEnd: loadAverage1m(),
        otherProcessesCores,
        busyThresholdCores: BUSY_THRESHOLD_CORES,
        busy: otherProcessesCores > BUSY_THRESHOLD_CORES,
      };
    },
  };
}

/** Non-idle CPU time summed over every core, ms (kernel ticks: 10 ms resolution). */
function cpuBusyAllCoresMs(): number {
  let busyMs = 0;
  for (const cpu of os.cpus()) busyMs += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  return busyMs;
}

/** 0 on Windows, which has no load average. */
function loadAverage1m(): number {
  return os.loadavg()[0] ?? 0;
}
