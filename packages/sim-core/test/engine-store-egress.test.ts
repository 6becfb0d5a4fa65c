import { describe, expect, it } from 'vitest';
import { runModel } from '../src/index.js';
import { dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';

// Data store calls that cross regions are billed as egress (ARCHITECTURE §4: cross-region
// requests × price): a write carries its record from the caller's region, a read's answer one
// record from the member's region. Replication is billed apart, per write shipped.

describe('data store call egress', () => {
  it('bills each write from the caller\'s region and each read answer from the member\'s, one record each, exactly', () => {
    const result = runModel(
      dataModel({
        durationUs: 20 * S,
        oneWayUs: 10 * MS,
        users: [{ region: 'a', ratePerS: 500, writeRatio: 0.4 }],
        instances: { a: 20 },
        stores: [store({ primary: 'b', replicas: [], writeSizeBytes: 2000 })],
      }),
    );
    const db = result.data[0];
    const caller = db.callers.find((c) => c.region === 'a');
    if (caller === undefined) throw new Error('no calls from a');
    const bytes = (region: string): number => result.cost.requestEgress.byRegion.find((r) => r.region === region)?.bytes ?? -1;
    expect(caller.writes).toBeGreaterThan(3000);
    expect(bytes('a')).toBe(caller.writes * 2000);
    expect(bytes('b')).toBe(caller.reads * 2000);
    expect(db.egressGB).toBe(0); // no replica: nothing replicated
    const price = 0.02;
    expect(result.cost.requestEgress.usd).toBeCloseTo(((caller.writes + caller.reads) * 2000 * price) / 1e9, 12);
    console.log(`store egress: ${caller.writes} writes × 2000 B from a, ${caller.reads} read answers × 2000 B from b`);
  });

  it('calls within a region bill nothing', () => {
    const result = runModel(dataModel({ durationUs: 10 * S, users: [{ region: 'a', ratePerS: 200, writeRatio: 0.5 }], instances: { a: 20 }, stores: [store({ replicas: [] })] }));
    expect(result.cost.requestEgress.bytes).toBe(0);
  });
});
