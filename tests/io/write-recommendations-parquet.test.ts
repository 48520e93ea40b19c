import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { openDuckSession, sqlString } from '../../src/io/duckdb-session.js';
import { writeRecommendationsParquet } from '../../src/io/write-recommendations-parquet.js';
import { twoUserRecommendations } from './two-user-recommendations.js';

// Read back by DuckDB, a reader independent of the writer (hyparquet-writer). Spark reading these
// files is checked in tests/spark/job.test.ts.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-recs-parquet-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readBack(path: string): Promise<{ schema: string[]; rows: string }> {
  const db = await openDuckSession('test');
  try {
    const schema = (await db.rows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`)).map((r) => `${r[0]} ${r[1]}`);
    const rows = await db.rows(`SELECT to_json(t) FROM read_parquet(${sqlString(path)}) t`);
    return { schema, rows: rows.map((r) => String(r[0])).join('\n') };
  } finally {
    db.close();
  }
}

describe('writeRecommendationsParquet', () => {
  it("writes Spark's recommendForAllUsers schema with INT ids: user, recommendations: array<struct<item, rating FLOAT>>", async () => {
    const path = join(dir, 'nested.parquet');
    await writeRecommendationsParquet(path, twoUserRecommendations(IdMap.from([3, 7]), IdMap.from([10, 20, 30])));
    expect(await readBack(path)).toEqual({
      schema: ['user INTEGER', 'recommendations STRUCT(item INTEGER, rating FLOAT)[]'],
      rows: [
        '{"user":3,"recommendations":[{"item":20,"rating":4.5},{"item":10,"rating":0.25}]}',
        '{"user":7,"recommendations":[{"item":30,"rating":-1.0}]}',
      ].join('\n'),
    });
  });

  it('writes text ids as STRING, as read (007 stays 007), and appends fallback lists', async () => {
    const path = join(dir, 'nested-text.parquet');
    const extra = [{ query: 'new', targets: ['b'], scores: [0.5] }];
    await writeRecommendationsParquet(path, twoUserRecommendations(IdMap.from(['007', 'x']), IdMap.from(['a', 'b', '9'])), { extra });
    const back = await readBack(path);
    expect(back.schema).toEqual(['user VARCHAR', 'recommendations STRUCT(item VARCHAR, rating FLOAT)[]']);
    expect(back.rows.split('\n')).toEqual([
      '{"user":"007","recommendations":[{"item":"b","rating":4.5},{"item":"a","rating":0.25}]}',
      '{"user":"x","recommendations":[{"item":"9","rating":-1.0}]}',
      '{"user":"new","recommendations":[{"item":"b","rating":0.5}]}',
    ]);
  });

  it('writes one row per recommendation with --flat: user, item, rank, score (the CSV columns)', async () => {
    const path = join(dir, 'flat.parquet');
    await writeRecommendationsParquet(path, twoUserRecommendations(IdMap.from([3, 7]), IdMap.from([10, 20, 30])), { flat: true });
    expect(await readBack(path)).toEqual({
      schema: ['user INTEGER', 'item INTEGER', 'rank INTEGER', 'score FLOAT'],
      rows: ['{"user":3,"item":20,"rank":1,"score":4.5}', '{"user":3,"item":10,"rank":2,"score":0.25}', '{"user":7,"item":30,"rank":1,"score":-1.0}'].join('\n'),
    });
  });
});
