/**
 * Which library decodes alsrec's Parquet input (docs/scaling.md, "Parquet input"): hyparquet vs
 * DuckDB, each decoding the user, item and rating columns of a Spark part directory into typed
 * arrays (no id maps: the engine alone). Run each engine in its own process for its peak RSS:
 *
 *   flock /work/brief/bench.lock bash -c 'for e in hyparquet duckdb; do
 *     /usr/bin/time -f "%e s %M KB" node --import tsx bench/parquet-engines.ts $e ~/.cache/alsrec/bench-data/25m.parquet; done'
 *
 * The 25M directory is Spark's: `spark.read.csv(25m.csv, schema="user INT, item INT, rating
 * FLOAT").write.parquet(...)` on bench/make-csv.ts's file (3 snappy part files).
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetFiles } from '../src/io/parquet-input.js';
import { sqlString } from '../src/io/duckdb-session.js';

async function main(): Promise<void> {
  const [engine, path] = process.argv.slice(2);
  if ((engine !== 'hyparquet' && engine !== 'duckdb') || !path) throw new Error('usage: parquet-engines.ts hyparquet|duckdb PATH');
  const files = await parquetFiles(path);
  const t0 = performance.now();
  let users = new Int32Array(0);
  let items = new Int32Array(0);
  let ratings = new Float32Array(0);
  let n = 0;
  if (engine === 'hyparquet') {
    const opened: [AsyncBuffer, FileMetaData][] = [];
    for (const f of files) {
      const file = await asyncBufferFromFile(f);
      opened.push([file, await parquetMetadataAsync(file)]);
    }
    const total = opened.reduce((s, [, m]) => s + Number(m.num_rows), 0);
    [users, items, ratings] = [new Int32Array(total), new Int32Array(total), new Float32Array(total)];
    for (const [file, metadata] of opened) {
      let start = 0;
      for (const g of metadata.row_groups) {
        const end = start + Number(g.num_rows);
        const base = n;
        await parquetRead({
          file,
          metadata,
          columns: ['user', 'item', 'rating'],
          rowStart: start,
          rowEnd: end,
          onChunk(c) {
            const dst = c.columnName === 'user' ? users : c.columnName === 'item' ? items : ratings;
            dst.set(c.columnData as ArrayLike<number>, base + c.rowStart - start);
          },
        });
        n += end - start;
        start = end;
      }
    }
  } else {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const from = `read_parquet([${files.map(sqlString).join(', ')}])`;
    const total = Number((await (await con.run(`SELECT count(*) FROM ${from}`)).getRows())[0]![0]);
    [users, items, ratings] = [new Int32Array(total), new Int32Array(total), new Float32Array(total)];
    const result = await con.stream(`SELECT "user", item, rating FROM ${from}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const [u, i, r] = [0, 1, 2].map((k) => chunk.getColumnVector(k));
      for (let j = 0; j < chunk.rowCount; j++) {
        users[n + j] = u!.getItem(j) as number;
        items[n + j] = i!.getItem(j) as number;
        ratings[n + j] = r!.getItem(j) as number;
      }
      n += chunk.rowCount;
    }
    con.closeSync();
    db.closeSync();
  }
  let check = 0;
  for (let j = 0; j < n; j += 1000) check += users[j]! + items[j]! + ratings[j]!;
  process.stdout.write(
    `${engine}: ${n} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (checksum ${check})\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
