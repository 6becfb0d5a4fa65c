import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monotonicNs, elapsedS, timed } from './timing.js';

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
   * time, minus this process's CPU time, minus its children's (SimPy and the RSS child
   * approximated by their wall time: they are single-threaded and CPU-bound; the check child
   * and the sweep CLIs measured, see childrenCpuS). 0 on a quiet machine.
   */
  otherProcessesCores: number;
  /** Above this many cores the report flags the run as disturbed. */
  busyThresholdCores: number;
  busy: boolean;
}

/** A quarter of a core on average is already visible in the figures of a 2-core VM. */
const BUSY_THRESHOLD_CORES = 0.25;

export interface ContentionProbe {
  /** Call at the end of the run with the total CPU time of child processes (or its estimate), s. */
  finish(childrenCpuS: number): Contention;
}

export function startContentionProbe(): ContentionProbe {
  const loadAverage1mStart = loadAverage1m();
  const busyStartMs = cpuBusyAllCoresMs();
  const ownStart = process.cpuUsage();
  const startNs = monotonicNs();
  return {
    finish(childrenCpuS: number): Contention {
      const wallS = elapsedS(startNs);
      const own = process.cpuUsage(ownStart);
      const ownS = (own.user + own.system) / 1e6;
      const busyS = (cpuBusyAllCoresMs() - busyStartMs) / 1e3;
      const otherProcessesCores = Math.max(0, (busyS - ownS - childrenCpuS) / wallS);
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

/** Linux reports CPU times in /proc in USER_HZ ticks, which is 100 on every architecture Node runs on. */
const USER_HZ = 100;

/**
 * CPU time, user + system, of every child process this process has waited for so far, s, all
 * their threads included (a sweep's worker pool); null where /proc/self/stat does not exist.
 * The difference of two readings around a synchronous spawn is that child's CPU time.
 */
export function childrenCpuS(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? ticks / USER_HZ : null;
}

/**
 * Runs `work` (which must wait for the children it starts) and returns its result with the
 * children's CPU time: measured on Linux, `estimateS(wallS)` elsewhere.
 */
export function withChildrenCpu<T>(work: () => T, estimateS: (wallS: number) => number): { result: T; wallS: number; childrenCpuS: number } {
  const before = childrenCpuS();
  const { result, wallS } = timed(work);
  const after = childrenCpuS();
  // Rounded to the tick: a difference of two tick counts, without the floating-point dust.
  return { result, wallS, childrenCpuS: before === null || after === null ? estimateS(wallS) : Math.round((after - before) * USER_HZ) / USER_HZ };
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
