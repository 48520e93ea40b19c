import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { closeSharedPool, prestartWorkers, withWorkers } from '../../src/kernels/pool/shared-pool.js';
import { availableCores, setThreadHost, threadHost, type ThreadHost } from '../../src/kernels/pool/thread-host.js';
import { WorkerPool } from '../../src/kernels/pool/worker-pool.js';

afterEach(() => {
  setThreadHost(null);
  vi.restoreAllMocks();
});

/** A host that counts its spawns and claims `cores` cores (its threads never run). */
function fakeHost(cores: number): ThreadHost & { spawned: number } {
  const host = {
    spawned: 0,
    cores: () => cores,
    spawn() {
      host.spawned++;
      return { postMessage() {}, onMessage() {}, onError() {}, ref() {}, unref() {}, terminate: async () => undefined };
    },
  };
  return host;
}

describe('the thread host seam', () => {
  it('starts with no host: one core, and no pool (the core imports no thread API)', async () => {
    expect(threadHost()).toBeNull();
    expect(availableCores()).toBe(1);
    expect(await WorkerPool.start(2)).toBeNull();
  });

  it('uses the injected host for cores and threads, and returns the previous host when replaced', async () => {
    const host = fakeHost(6);
    expect(setThreadHost(host)).toBeNull();
    expect(availableCores()).toBe(6);
    const pool = await WorkerPool.start(3);
    expect(pool?.size).toBe(3);
    expect(host.spawned).toBe(3);
    expect(setThreadHost(null)).toBe(host);
  });

  it('runs a job that asked for workers on the calling thread when there is no host, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await withWorkers(3, async (pool) => pool)).toBeNull();
    expect(await withWorkers(1, async (pool) => pool)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/numThreads 4 asked for, but no thread host is registered.*import 'alsrec\/node'.*setThreadHost/);
  });

  it('fits with numThreads 2 and no host the same model as on one thread', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { data } = plantedLowRank({ numUsers: 60, numItems: 40, rank: 3, density: 0.3, noise: 0.1, seed: 4 });
    const fit = (numThreads: number) => new ALS({ rank: 4, maxIter: 3, seed: 1, numThreads }).fit(data);
    const [one, two] = [await fit(1), await fit(2)];
    expect(two.userFactors).toEqual(one.userFactors);
    expect(two.itemFactors).toEqual(one.itemFactors);
  });

  it('prestarts the workers a coming job needs, so that the job finds them started and spawns none', async () => {
    const host = fakeHost(4);
    setThreadHost(host);
    try {
      prestartWorkers(2); // queued like a job: spawns once the caller yields
      expect(host.spawned).toBe(0);
      await Promise.resolve();
      await Promise.resolve();
      expect(host.spawned).toBe(2);
      expect(await withWorkers(2, async (pool) => pool?.size)).toBe(2);
      expect(host.spawned).toBe(2);
    } finally {
      await closeSharedPool();
    }
  });

  it('prestarts nothing, and says nothing, when there is no host', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    prestartWorkers(3);
    await closeSharedPool();
    expect(warn).not.toHaveBeenCalled();
  });
});
