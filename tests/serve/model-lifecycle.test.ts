import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLifecycle, type LifecycleOptions } from '../../src/serve/model-lifecycle.js';
import { ModelSlot } from '../../src/serve/model-slot.js';
import { modelRoot } from './fixtures.js';

// m1 and m2 are the hand models of fixtures.ts; only their versions and directories matter here.
describe('ModelLifecycle', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  beforeAll(async () => {
    fx = await modelRoot();
  });
  afterAll(async () => fx.cleanup());

  async function open(installs: string[] = []) {
    const o: LifecycleOptions = { modelRoot: fx.root, train: null, cacheK: 2, storeSpec: null, rawWeights: {}, retrainIterations: 1 };
    const first = await ModelSlot.load(fx.m1, { cacheK: 2 });
    return new ModelLifecycle(first, o, (next, kind) => installs.push(`${kind} ${next.version}`));
  }

  it('starts with one history line, swaps to a model in the root and rolls back to the one it replaced', async () => {
    const installs: string[] = [];
    const life = await open(installs);
    const v1 = life.current.version;
    const s = await life.swap('m2');
    expect(s.previous).toBe(v1);
    expect(life.current.version).toBe(s.modelVersion);
    expect(life.current.cacheComplete).toBe(true); // a swap waits for the new cache
    const back = await life.rollback();
    expect([back.modelVersion, back.previous]).toEqual([v1, s.modelVersion]);
    expect(life.history.map((h) => [h.kind, h.version])).toEqual([['start', v1], ['swap', s.modelVersion], ['rollback', v1]]);
    expect(installs).toEqual([`swap ${s.modelVersion}`, `rollback ${v1}`]);
    await life.close();
  });

  it('runs a rollback queued behind a swap after it, so it rolls back that swap', async () => {
    const life = await open();
    const v1 = life.current.version;
    const [s, back] = await Promise.all([life.swap('m2'), life.rollback()]);
    expect(back).toMatchObject({ modelVersion: v1, previous: s.modelVersion });
    await life.close();
  });

  it('keeps serialising after a failed swap, and refuses a rollback with no previous model', async () => {
    const life = await open();
    await expect(life.rollback()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('no previous model') });
    await expect(life.swap('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect((await life.swap('m2')).modelVersion).toBe(life.current.version);
    expect(life.history.map((h) => h.kind)).toEqual(['start', 'swap']);
    await life.close();
  });

  it('refuses a retrain without training data and a retrain interval that is not positive', async () => {
    const life = await open();
    await expect(life.retrain()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('--train-data') });
    expect(() => life.retrainEvery(0, () => {})).toThrow('serve: retrain interval must be > 0 seconds, got 0');
    await life.close();
  });
});
