import os from 'node:os';
import type { SimpyProbe } from './simpy-peer.js';

/** Where the figures were measured: without it a throughput number means nothing. */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryTotalBytes: number;
  platform: string;
  node: string;
  python: string | null;
  simpy: string | null;
  hostname: string;
}

export function describeMachine(simpy: SimpyProbe): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryTotalBytes: os.totalmem(),
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    node: process.version,
    python: simpy.available ? simpy.python : null,
    simpy: simpy.available ? simpy.simpyVersion : null,
    hostname: shortHostname(),
  };
}

/** First label of the hostname, safe for a file name; 'local' when there is none. */
export function shortHostname(): string {
  const short = (os.hostname().split('.')[0] ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  return short.length > 0 ? short : 'local';
}

