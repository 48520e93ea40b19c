import type { ALSOptions } from '../../src/als/options.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The Node end of tests/spark/driver.py: one PySpark session (one JVM, local[2]) per driver,
 * requests as JSON lines. Which PySpark: the venvs in ALSREC_SPARK_VENVS (space-separated, set by
 * .ci/install-spark.sh through .ci/run), else those under ~/.cache/alsrec/spark-venvs.
 * ALSREC_REQUIRE_SPARK=1 (CI) turns "no PySpark" from a skip into a failure.
 */
export const SPARK_REQUIRED = process.env.ALSREC_REQUIRE_SPARK === '1';

export function sparkVenvs(): string[] {
  const env = process.env.ALSREC_SPARK_VENVS?.trim();
  if (env) return env.split(/\s+/);
  const root = join(homedir(), '.cache', 'alsrec', 'spark-venvs');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((v) => join(root, v))
    .filter((dir) => existsSync(join(dir, '.alsrec-ready')))
    .sort();
}

/** Says why Spark tests are skipped (or throws under ALSREC_REQUIRE_SPARK=1); [] = run them. */
export function venvsOrSkip(testName: string): string[] {
  const venvs = sparkVenvs();
  if (venvs.length === 0) {
    if (SPARK_REQUIRED) throw new Error(`${testName}: ALSREC_REQUIRE_SPARK=1 but no PySpark venv found: run .ci/install-spark.sh`);
    console.warn(`${testName}: SKIPPED, no PySpark venv (run .ci/install-spark.sh; ALSREC_REQUIRE_SPARK=1 makes this a failure)`);
  }
  for (const v of venvs) {
    if (!existsSync(join(v, 'bin', 'python'))) throw new Error(`${testName}: ${v}/bin/python is missing; run .ci/install-spark.sh again`);
  }
  return venvs;
}

/** The ALS params the driver passes to PySpark's ALS: alsrec's options of the same names. */
export type SparkParams = Pick<
  ALSOptions,
  'rank' | 'maxIter' | 'regParam' | 'implicitPrefs' | 'alpha' | 'nonnegative' | 'seed' | 'coldStartStrategy' | 'userCol' | 'itemCol' | 'ratingCol' | 'predictionCol'
>;

export interface AppliedModel {
  params: { userCol: string; itemCol: string; predictionCol: string; coldStartStrategy: string };
  rank: number;
  /** [index of the pair sent, prediction or null for NaN]; dropped pairs are absent. */
  predictions: [number, number | null][];
  recs: [number | string, [number | string, number][]][];
  minFactor: number;
}

const MARK = '@@alsrec-driver ';
const DRIVER = new URL('./driver.py', import.meta.url).pathname;

export class SparkDriver {
  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly replies: AsyncIterator<string>,
    readonly sparkVersion: string,
    private readonly stderrTail: () => string,
  ) {}

  /** Starts the JVM through the venv's Python; resolves once the session is up. */
  static async start(venv: string): Promise<SparkDriver> {
    const proc = spawn(join(venv, 'bin', 'python'), [DRIVER], {
      env: { ...process.env, PYSPARK_PYTHON: join(venv, 'bin', 'python') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let tail = '';
    proc.stderr.on('data', (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
    });
    const lines = createInterface({ input: proc.stdout });
    const replies = (async function* () {
      for await (const line of lines) if (line.startsWith(MARK)) yield line.slice(MARK.length);
    })();
    const driver = new SparkDriver(proc, replies, '', () => tail);
    const hello = (await driver.next()) as { sparkVersion: string };
    return new SparkDriver(proc, replies, hello.sparkVersion, () => tail);
  }

  private async next(): Promise<unknown> {
    const r = await this.replies.next();
    if (r.done) throw new Error(`spark driver exited (code ${this.proc.exitCode}); its stderr ended with:\n${this.stderrTail()}`);
    const obj = JSON.parse(r.value) as { error?: string };
    if (obj.error) throw new Error(`spark driver: ${obj.error}`);
    return obj;
  }

  private async request<T>(req: Record<string, unknown>): Promise<T> {
    this.proc.stdin.write(JSON.stringify(req) + '\n');
    return (await this.next()) as T;
  }

  /** pyspark ALS(**params).fit(CSV with header user,item,rating) then save to `out`. */
  fit(data: string, params: SparkParams, out: string, ids: 'int' | 'string' = 'int'): Promise<unknown> {
    return this.request({ op: 'fit', data, params, out, ids });
  }

  /** ALSModel.load(model): transform on `pairs`, recommendForAllUsers(k). */
  apply(model: string, pairs: [number | string, number | string][], k: number, idMap = false): Promise<AppliedModel> {
    return this.request({ op: 'apply', model, pairs, k, idMap });
  }

  /** spark.read.parquet(path): the schema (simpleString) and every row as a plain object. */
  readParquet<Row = Record<string, unknown>>(path: string): Promise<{ schema: string; rows: Row[] }> {
    return this.request({ op: 'readParquet', path });
  }

  /** Spark writes the CSV `data` (header), read with the DDL `schema`, as `parts` Parquet part files in `out`. */
  writeParquet(data: string, schema: string, out: string, parts = 2): Promise<unknown> {
    return this.request({ op: 'writeParquet', data, schema, out, parts });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
