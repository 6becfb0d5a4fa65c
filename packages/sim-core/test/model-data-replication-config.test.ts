import { describe, expect, it } from 'vitest';
import { ReplicationLog, effectiveQuorum, validateReplication } from '../src/model/data/replication/index.js';
import type { ReplicationConfig } from '../src/model/data/replication/index.js';

/** A config as it might arrive from YAML through a cast. */
const cast = (value: unknown): ReplicationConfig => value as ReplicationConfig;

describe('validateReplication', () => {
  it('accepts each mode with its fields, and fields of other modes when valid (one config compares modes)', () => {
    expect(validateReplication({ mode: 'sync', replicas: 2, quorum: 2, writeSizeBytes: 512 })).toEqual([]);
    expect(validateReplication({ mode: 'async', replicas: 0, writeSizeBytes: 0.5 })).toEqual([]);
    expect(validateReplication({ mode: 'semi-sync', replicas: 1, semiSyncTimeoutUs: 10_000, writeSizeBytes: 1 })).toEqual([]);
    expect(validateReplication({ mode: 'async', replicas: 3, quorum: 2, semiSyncTimeoutUs: 5, writeSizeBytes: 1 })).toEqual([]);
  });

  it('names the field and the bad value, with a spelling suggestion for a misspelt mode', () => {
    expect(validateReplication(cast({ mode: 'asynch', replicas: 1, writeSizeBytes: 1 }))).toEqual([
      'mode must be one of "sync", "async", "semi-sync", got "asynch" (did you mean "async"?)',
    ]);
    expect(validateReplication(cast({ mode: 'sync', replicas: 1.5, quorum: 1, writeSizeBytes: 1 }))).toEqual(['replicas must be a whole number > 0, got 1.5']);
    expect(validateReplication(cast({ mode: 'sync', replicas: 0, quorum: 1, writeSizeBytes: 1 }))).toEqual(['replicas must be a whole number > 0, got 0']);
    expect(validateReplication(cast({ mode: 'async', replicas: '2', writeSizeBytes: 1 }))).toEqual(['replicas must be a whole number >= 0, got "2"']);
    expect(validateReplication(cast({ mode: 'sync', replicas: 2, writeSizeBytes: 1 }))).toEqual([
      'quorum is required in sync mode (a whole number in [1, replicas]), got undefined',
    ]);
    expect(validateReplication(cast({ mode: 'sync', replicas: 2, quorum: 3, writeSizeBytes: 1 }))).toEqual([
      'quorum must be <= replicas (2): a write cannot wait for more replicas than exist, got 3',
    ]);
    expect(validateReplication(cast({ mode: 'semi-sync', replicas: 2, quorum: 0, semiSyncTimeoutUs: 1, writeSizeBytes: 1 }))).toEqual(['quorum must be a whole number > 0, got 0']);
    expect(validateReplication(cast({ mode: 'semi-sync', replicas: 2, writeSizeBytes: 1 }))).toEqual([
      'semiSyncTimeoutUs is required in semi-sync mode (a whole number of µs > 0), got undefined',
    ]);
    expect(validateReplication(cast({ mode: 'async', replicas: 2, semiSyncTimeoutUs: 2.5, writeSizeBytes: Number.NaN }))).toEqual([
      'semiSyncTimeoutUs must be a whole number of µs > 0, got 2.5',
      'writeSizeBytes must be a finite number of bytes > 0, got NaN',
    ]);
    expect(validateReplication(cast({ mode: 'async', replicas: 2, writeSizeBytes: '1kB' }))).toEqual(['writeSizeBytes must be a finite number of bytes > 0, got "1kB"']);
  });

  it('reports every problem at once, prefixed with the location, and never throws on non-objects', () => {
    const problems = validateReplication(cast({ mode: 'quorum', replicas: -1, quorum: 'all', semiSyncTimeoutUs: 0, writeSizeBytes: 0 }), 'stores.orders.replication');
    expect(problems).toHaveLength(5);
    for (const problem of problems) expect(problem.startsWith('stores.orders.replication: ')).toBe(true);
    for (const field of ['mode', 'replicas', 'quorum', 'semiSyncTimeoutUs', 'writeSizeBytes']) expect(problems.some((p) => p.includes(field))).toBe(true);
    for (const value of [null, undefined, 3, 'sync', []]) {
      expect(validateReplication(cast(value))).toEqual([
        `a replication config must be an object { mode, replicas, quorum?, semiSyncTimeoutUs?, writeSizeBytes }, got ${value === null ? 'null' : value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? '"sync"' : '3'}`,
      ]);
    }
  });

  it('effectiveQuorum: the quorum for sync, 1 by default for semi-sync, 0 for async', () => {
    expect(effectiveQuorum({ mode: 'sync', replicas: 3, quorum: 2, writeSizeBytes: 1 })).toBe(2);
    expect(effectiveQuorum({ mode: 'semi-sync', replicas: 3, semiSyncTimeoutUs: 1, writeSizeBytes: 1 })).toBe(1);
    expect(effectiveQuorum({ mode: 'async', replicas: 3, quorum: 2, writeSizeBytes: 1 })).toBe(0);
  });
});

describe('new ReplicationLog', () => {
  const config: ReplicationConfig = { mode: 'async', replicas: 2, writeSizeBytes: 100 };

  it('throws one RangeError listing every problem of the config and the options', () => {
    let message = '';
    try {
      new ReplicationLog(cast({ mode: 'sync', replicas: 2, writeSizeBytes: -1 }), { bandwidthBitsPerS: 1e9, initialCapacity: 0, retainedWritesMax: 0.5 });
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      message = (error as Error).message;
    }
    expect(message.startsWith('ReplicationLog: ')).toBe(true);
    for (const part of ['quorum is required', 'writeSizeBytes must be', 'initialCapacity must be', 'retainedWritesMax must be']) expect(message).toContain(part);
  });

  it('checks the bandwidths (one number or members × members, the diagonal ignored), the primary and the hooks', () => {
    expect(() => new ReplicationLog(config, { bandwidthBitsPerS: 0 })).toThrow('bandwidthBitsPerS must be a number of bits/s > 0 (Infinity: no queue), got 0');
    expect(() => new ReplicationLog(config, { bandwidthBitsPerS: new Float64Array(4) })).toThrow(/members × members = 9 entries/);
    const matrix = new Float64Array(9).fill(1e9);
    matrix[0] = 0; // the diagonal is not a link
    matrix[5] = -3; // member 1 to member 2
    expect(() => new ReplicationLog(config, { bandwidthBitsPerS: matrix })).toThrow('bandwidthBitsPerS[5] (member 1 to 2) must be > 0 bits/s, got -3');
    expect(() => new ReplicationLog(config, { bandwidthBitsPerS: 1e9, primary: 3 })).toThrow('primary must be a member index in [0, 2], got 3');
    expect(() => new ReplicationLog(config, { bandwidthBitsPerS: 1e9, onWriteLost: cast('log') as never })).toThrow(/onWriteLost, when given, must be a function/);
    expect(() => new ReplicationLog(config, cast(null) as never)).toThrow(/options must be an object/);
    const log = new ReplicationLog(config, { bandwidthBitsPerS: 1e9, primary: 2 });
    expect([log.primary, log.members, log.lastWriteId]).toEqual([2, 3, -1]);
  });

  it('uses the new primary’s row of the bandwidth matrix after a promotion', () => {
    // 1000 bytes: 0→1 at 8e8 bits/s = 10 µs; 1→2 at 8e7 bits/s = 100 µs; the rest instant.
    const matrix = new Float64Array(9).fill(Infinity);
    matrix[0 * 3 + 1] = 8e8;
    matrix[1 * 3 + 2] = 8e7;
    const log = new ReplicationLog({ mode: 'async', replicas: 2, writeSizeBytes: 1000 }, { bandwidthBitsPerS: matrix });
    log.write(0, Float64Array.of(0, 0, 0));
    expect(log.appliedPosition(1, 9)).toBe(0);
    expect(log.appliedPosition(1, 10)).toBe(1);
    log.promote(1, 20, Float64Array.of(0, 0, 0));
    log.write(30, Float64Array.of(0, 0, 0));
    expect(log.appliedPosition(2, 129)).toBe(1);
    expect(log.appliedPosition(2, 130)).toBe(2);
  });
});
