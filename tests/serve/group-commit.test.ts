import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/serve/group-commit.js';

describe('GroupCommit', () => {
  it('writes batches submitted in the same tick in one commit, and answers each batch with its own result', async () => {
    const commits: number[][][] = [];
    const g = new GroupCommit<number, number>(async (batches) => {
      commits.push(batches.map((b) => [...b]));
      return batches.map((b) => b.reduce((a, x) => a + x, 0));
    });
    const results = await Promise.all([g.submit([1, 2]), g.submit([3]), g.submit([4, 5, 6])]);
    expect(results).toEqual([3, 3, 15]);
    expect(commits).toEqual([[[1, 2], [3], [4, 5, 6]]]);
  });

  it('queues batches that arrive during a commit for the next one (never two commits at once)', async () => {
    let running = 0;
    let maxRunning = 0;
    const sizes: number[] = [];
    const g = new GroupCommit<number, void>(async (batches) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      sizes.push(batches.length);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return batches.map(() => undefined);
    });
    const first = g.submit([1]);
    await new Promise((r) => setTimeout(r, 5)); // the first commit is running now
    await Promise.all([first, g.submit([2]), g.submit([3]), g.submit([4])]);
    expect(maxRunning).toBe(1);
    expect(sizes).toEqual([1, 3]);
  });

  it('rejects every batch of a failed commit and keeps serving later ones', async () => {
    let fail = true;
    const g = new GroupCommit<number, string>(async (batches) => {
      if (fail) throw new Error('disk full');
      return batches.map(() => 'ok');
    });
    const a = g.submit([1]);
    const b = g.submit([2]);
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    fail = false;
    await expect(g.submit([3])).resolves.toBe('ok');
  });

  it('splits the queue at maxItems, keeping batches whole', async () => {
    const sizes: number[] = [];
    const g = new GroupCommit<number, void>(async (batches) => {
      sizes.push(batches.reduce((n, b) => n + b.length, 0));
      return batches.map(() => undefined);
    }, 4);
    await Promise.all([g.submit([1, 2, 3]), g.submit([4, 5]), g.submit([6]), g.submit([7, 8, 9, 10, 11])]);
    // [1,2,3] (+[4,5] would be 5 > 4) | [4,5] + [6] = 3 | [7..11] alone (one batch may exceed it)
    expect(sizes).toEqual([3, 3, 5]);
  });
});
