import { describe, expect, it } from 'vitest';
import { coldUsersProtocol } from '../../src/fallback/cold-users-protocol.js';
import { tasteGroups } from './cold-protocol-fixture.js';

describe('coldUsersProtocol on planted taste groups', () => {
  const { data, features } = tasteGroups();
  const als = { rank: 4, maxIter: 10, regParam: 0.1, implicitPrefs: true, alpha: 5, numThreads: 1 } as const;

  it('holds out 10% of the users and scores every ranker at every N', async () => {
    const r = await coldUsersProtocol(data, { als, itemFeatures: features, reveal: [1, 3, 5] });
    expect(r.heldOutUsers).toBe(12);
    expect(r.rows.map((x) => `${x.reveal} ${x.ranker}`)).toEqual(
      [1, 3, 5].flatMap((n) => ['popularity', 'fold-in', 'hybrid(fold-in, popularity)', 'content', 'hybrid(fold-in, content)'].map((name) => `${n} ${name}`)),
    );
    expect(r.model.userIds.size).toBe(108);
  });

  it('finds fold-in above popularity once a few interactions are known (the groups are planted)', async () => {
    const r = await coldUsersProtocol(data, { als, reveal: [3, 5], order: 'random' });
    const p = (n: number, name: string) => r.rows.find((x) => x.reveal === n && x.ranker === name)!.precisionAtK;
    expect(p(5, 'fold-in')).toBeGreaterThan(p(5, 'popularity') + 0.2);
    expect(r.crossover).toBe(3);
  });

  it('is reproducible for a seed and rejects bad options', async () => {
    const a = await coldUsersProtocol(data, { als, reveal: [2], seed: 3 });
    const b = await coldUsersProtocol(data, { als, reveal: [2], seed: 3 });
    expect(a.rows).toEqual(b.rows);
    await expect(coldUsersProtocol(data, { fraction: 1.5 })).rejects.toThrow(/fraction must be in \(0, 1\), got 1.5/);
    await expect(coldUsersProtocol(data, { reveal: [0] })).rejects.toThrow(/reveal must list integers >= 1/);
  });
});
