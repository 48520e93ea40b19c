import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALS } from '../../src/als/als.js';
import { fromRows } from '../../src/data/interactions.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { loadALSModel, saveALSModel } from '../../src/io/als-model-dir.js';
import { readSparkModel } from '../../src/io/spark-model-read.js';
import { sparkFixtures } from './spark-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-model-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a biased model (biases: true) on disk', () => {
  it("is a plain Spark model of rank + 2 whose factors' dot products are alsrec's biased predictions", async () => {
    const { data } = plantedLowRank({ numUsers: 50, numItems: 40, rank: 3, density: 0.3, noise: 0.1, seed: 9 });
    const model = new ALS({ rank: 4, maxIter: 5, regParam: 0.05, seed: 3, biases: true }).fitSync(data);
    await saveALSModel(model, join(dir, 'biased'));
    // what Spark reads: metadata rank 6, factor rows of 6 floats (the biases folded in)
    const spark = await readSparkModel(join(dir, 'biased'));
    expect(spark.metadata.rank).toBe(6);
    const userRow = new Map(Array.from(spark.userFactors.ids, (id, r) => [id, r]));
    const itemRow = new Map(Array.from(spark.itemFactors.ids, (id, r) => [id, r]));
    const predicted = model.transform(data);
    let checked = 0;
    for (let j = 0; j < predicted.rows.length; j++) {
      const r = predicted.rows[j]!;
      const u = userRow.get(data.userIds.toExternal(data.users[r]!) as number)!;
      const i = itemRow.get(data.itemIds.toExternal(data.items[r]!) as number)!;
      let dot = 0;
      for (let a = 0; a < 6; a++) dot += spark.userFactors.factors[u * 6 + a]! * spark.itemFactors.factors[i * 6 + a]!;
      // and the prediction is μ + b_u + b_i + x·y, read from the columns
      const x = model.userFactors.subarray(u * 6, u * 6 + 6);
      const y = model.itemFactors.subarray(i * 6, i * 6 + 6);
      let xy = 0;
      for (let a = 0; a < 4; a++) xy += x[a]! * y[a]!;
      const mu = model.globalMean!;
      expect(dot).toBeCloseTo(predicted.prediction[j]!, 4);
      expect(mu + (x[4]! - mu) + y[5]! + xy).toBeCloseTo(predicted.prediction[j]!, 4);
      checked++;
    }
    expect(checked).toBe(data.users.length);
  });

  it('loads back as the same biased model (rank 4, μ, predictions)', async () => {
    const { data } = plantedLowRank({ numUsers: 30, numItems: 20, rank: 2, density: 0.4, noise: 0.1, seed: 2 });
    const model = new ALS({ rank: 4, maxIter: 3, biases: true }).fitSync(data);
    await saveALSModel(model, join(dir, 'biased2'));
    const back = await loadALSModel(join(dir, 'biased2'));
    expect(back.options).toEqual(model.options);
    expect(back.options.rank).toBe(4);
    expect(back.rank).toBe(6);
    expect(back.globalMean).toBe(model.globalMean);
    expect(Array.from(back.transform(data).prediction)).toEqual(Array.from(model.transform(data).prediction));
  });
});

describe('saveALSModel → loadALSModel', () => {
  it('gives identical predictions, recommendations and options (integer ids)', async () => {
    const { data } = plantedLowRank({ numUsers: 50, numItems: 40, rank: 3, density: 0.3, noise: 0.1, seed: 9 });
    const model = new ALS({ rank: 4, maxIter: 5, regParam: 0.05, seed: 3, coldStartStrategy: 'drop' }).fitSync(data);
    await saveALSModel(model, join(dir, 'int'));
    const back = await loadALSModel(join(dir, 'int'));
    expect(Array.from(back.transform(data).prediction)).toEqual(Array.from(model.transform(data).prediction));
    expect(back.recommendForAllUsers(5).toRows()).toEqual(model.recommendForAllUsers(5).toRows());
    expect(back.options).toEqual(model.options);
    expect(back.summary).toEqual(model.summary);
    expect(Array.from(back.itemCounts!)).toEqual(Array.from(model.itemCounts!));
  });

  it('keeps string ids (Spark holds row numbers, alsrec.json the strings)', async () => {
    const model = new ALS({ rank: 2, maxIter: 3, seed: 1 }).fitSync(
      fromRows([
        { user: 'ann', item: 'jaws', rating: 5 },
        { user: 'bob', item: 'jaws', rating: 2 },
        { user: 'bob', item: 'alien', rating: 4 },
      ]),
    );
    await saveALSModel(model, join(dir, 'str'));
    const back = await loadALSModel(join(dir, 'str'));
    expect(back.userIds.ids()).toEqual(['ann', 'bob']);
    expect(back.transformRows([{ user: 'bob', item: 'alien' }])).toEqual(model.transformRows([{ user: 'bob', item: 'alien' }]));
  });

  it('writes nothing when the target exists, and replaces it with overwrite', async () => {
    const model = new ALS({ rank: 1, maxIter: 1 }).fitSync(fromRows([{ user: 1, item: 1, rating: 1 }]));
    await saveALSModel(model, join(dir, 'once'));
    await expect(saveALSModel(model, join(dir, 'once'))).rejects.toThrow(/already exists/);
    await saveALSModel(model, join(dir, 'once'), { overwrite: true });
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary leftovers
  });

  it('rejects a sidecar that is not alsrec’s, naming the file and the fix', async () => {
    const model = new ALS({ rank: 1, maxIter: 1 }).fitSync(fromRows([{ user: 1, item: 1, rating: 1 }]));
    await saveALSModel(model, join(dir, 'foreign'));
    await writeFile(join(dir, 'foreign', 'alsrec.json'), '{"format":"something-else","version":1}');
    await expect(loadALSModel(join(dir, 'foreign'))).rejects.toThrow(/alsrec\.json: not an alsrec model sidecar/);
    await writeFile(join(dir, 'foreign', 'alsrec.json'), '{"format":"alsrec-mod');
    await expect(loadALSModel(join(dir, 'foreign'))).rejects.toThrow(/not valid JSON.*delete it/);
  });
});

describe.skipIf(!sparkFixtures)('loadALSModel on models saved by Spark', () => {
  it('loads Spark 3.0.2’s ML-100k model with its column names and predicts', async () => {
    const model = await loadALSModel(join(sparkFixtures!, 'spark-3.0.2-ml100k-rank10'));
    expect(model.rank).toBe(10);
    expect(model.userIds.size).toBe(943);
    expect(model.options.userCol).toBe('userID');
    expect(model.options.itemCol).toBe('movieID');
    const [row] = model.transformRows([{ userID: 196, movieID: 242 }]);
    expect(Number.isFinite(row!.prediction)).toBe(true);
    const recs = model.recommendForUserSubset([196], 3).toRows();
    expect(recs[0]!.recommendations).toHaveLength(3);
  });

  it('re-saves a Spark model as alsrec and loads it back unchanged', async () => {
    const model = await loadALSModel(join(sparkFixtures!, 'spark-3.5.3-rank10-negative-ids'));
    expect(model.userIds.ids().some((id) => (id as number) < 0)).toBe(true);
    await saveALSModel(model, join(dir, 'resaved'));
    const back = await loadALSModel(join(dir, 'resaved'));
    expect(back.userIds.ids()).toEqual(model.userIds.ids());
    expect(Buffer.from(back.itemFactors.buffer).equals(Buffer.from(model.itemFactors.buffer))).toBe(true);
  });

  it('loads a copy whose sidecar is absent as a plain Spark model', async () => {
    await cp(join(sparkFixtures!, 'spark-2.4.4-rank5'), join(dir, 'spark244'), { recursive: true });
    const model = await loadALSModel(join(dir, 'spark244'));
    expect(model.rank).toBe(5);
    expect(model.summary.loss).toEqual([]);
  });
});
