import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSparkSubmit, formatCommand, JOB_FILE, runSparkJob, sparkCommand } from '../../src/spark/spark-submit.js';

/**
 * The launcher without a JVM: which spark-submit it picks, the command it builds and prints, and how
 * it reads the job's summary and failures. Fake spark-submit scripts stand in for Spark here; the
 * real job runs in tests/spark/job.test.ts.
 */
let dir: string;
let venv: string;
let sparkHome: string;
let onPath: string;

async function script(path: string, body: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-submit-'));
  venv = join(dir, 'venv');
  sparkHome = join(dir, 'spark-home');
  onPath = join(dir, 'path-bin');
  for (const d of [join(venv, 'bin'), join(sparkHome, 'bin'), onPath]) await mkdir(d, { recursive: true });
  await writeFile(join(venv, 'pyvenv.cfg'), 'home = /usr/bin\n');
  await script(join(venv, 'bin', 'python'), 'exit 0');
  await script(join(venv, 'bin', 'spark-submit'), 'exit 0');
  await script(join(sparkHome, 'bin', 'spark-submit'), 'exit 0');
  await script(join(onPath, 'spark-submit'), 'exit 0');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('findSparkSubmit', () => {
  it('prefers --spark-submit, then $SPARK_HOME, then $ALSREC_SPARK_VENVS, then $PATH', () => {
    const all = { SPARK_HOME: sparkHome, ALSREC_SPARK_VENVS: venv, PATH: onPath };
    expect(findSparkSubmit(join(onPath, 'spark-submit'), all)).toBe(join(onPath, 'spark-submit'));
    expect(findSparkSubmit(undefined, all)).toBe(join(sparkHome, 'bin', 'spark-submit'));
    expect(findSparkSubmit(undefined, { ALSREC_SPARK_VENVS: venv, PATH: onPath })).toBe(join(venv, 'bin', 'spark-submit'));
    expect(findSparkSubmit(undefined, { PATH: `/nonexistent:${onPath}` })).toBe(join(onPath, 'spark-submit'));
  });

  it('names the places it looked and the fixes when there is none', () => {
    expect(() => findSparkSubmit(undefined, { PATH: '/nonexistent' })).toThrow(/no spark-submit found.*--spark-submit PATH.*SPARK_HOME.*pip install pyspark/);
    expect(() => findSparkSubmit('/no/such/spark-submit', {})).toThrow('--spark-submit /no/such/spark-submit does not exist');
  });
});

describe('sparkCommand', () => {
  it('builds spark-submit --master … --conf … job.py args, with the venv python for a venv spark-submit', () => {
    const cmd = sparkCommand(['train', 'in.csv', '--out', 'model'], {
      master: 'local[2]', conf: ['spark.executor.memory=4g', 'spark.sql.shuffle.partitions=8'], env: { ALSREC_SPARK_VENVS: venv },
    });
    expect(cmd.argv).toEqual([
      join(venv, 'bin', 'spark-submit'), '--master', 'local[2]',
      '--conf', 'spark.executor.memory=4g', '--conf', 'spark.sql.shuffle.partitions=8',
      JOB_FILE, 'train', 'in.csv', '--out', 'model',
    ]);
    expect(cmd.env).toEqual({ PYSPARK_PYTHON: join(venv, 'bin', 'python') });
  });

  it("leaves Python alone for a Spark installation and when PYSPARK_PYTHON is set; defaults to Spark's local[*]", () => {
    expect(sparkCommand(['train'], { env: { SPARK_HOME: sparkHome } })).toMatchObject({ env: {}, argv: [join(sparkHome, 'bin', 'spark-submit'), '--master', 'local[*]', JOB_FILE, 'train'] });
    expect(sparkCommand(['train'], { env: { ALSREC_SPARK_VENVS: venv, PYSPARK_PYTHON: '/usr/bin/python3' } }).env).toEqual({});
  });

  it('accepts the master URLs Spark does and rejects others and conf without =', () => {
    for (const m of ['local', 'local[*]', 'local[4]', 'local[4,2]', 'spark://host:7077', 'yarn', 'k8s://https://api:6443']) {
      expect(sparkCommand([], { master: m, env: { PATH: onPath } }).argv[2]).toBe(m);
    }
    expect(() => sparkCommand([], { master: 'local[two]', env: { PATH: onPath } })).toThrow('--master must be local[*], local[N], spark://host:port, yarn or k8s://…, got "local[two]"');
    expect(() => sparkCommand([], { conf: ['spark.executor.memory'], env: { PATH: onPath } })).toThrow('--conf takes key=value (e.g. spark.executor.memory=4g), got "spark.executor.memory"');
  });

  it('prints a line a shell runs as is: variables first, special characters quoted', () => {
    const line = formatCommand({ argv: ['/x/spark-submit', '--master', 'local[2]', 'job.py', "it's", 'a b'], env: { PYSPARK_PYTHON: '/v/bin/python' } });
    expect(line).toBe(`PYSPARK_PYTHON=/v/bin/python /x/spark-submit --master 'local[2]' job.py 'it'\\''s' 'a b'`);
  });
});

describe('runSparkJob', () => {
  it("resolves to the job's summary line and passes everything else on as log", async () => {
    const fake = await script(join(dir, 'ok-submit'), 'echo "some log" >&2; echo "py4j says hi"; echo \'@@alsrec-job {"rows": 3}\'');
    let log = '';
    const summary = await runSparkJob({ argv: [fake], env: {} }, { onStderr: (t) => void (log += t) });
    expect(summary).toEqual({ rows: 3 });
    expect(log).toContain('some log');
    expect(log).toContain('py4j says hi');
  });

  it("fails with the job's own message, or spark-submit's last lines and exit code", async () => {
    const jobError = await script(join(dir, 'job-error'), 'echo "alsrec spark job: model exists; pass --overwrite to replace it" >&2; exit 2');
    await expect(runSparkJob({ argv: [jobError], env: {} })).rejects.toThrow(/^model exists; pass --overwrite to replace it$/);
    const crash = await script(join(dir, 'crash'), 'echo "Exception in thread main" >&2; exit 1');
    await expect(runSparkJob({ argv: [crash], env: {} })).rejects.toThrow(/exited with code 1.*\n.*Exception in thread main/);
    const silent = await script(join(dir, 'silent'), 'exit 0');
    await expect(runSparkJob({ argv: [silent], env: {} })).rejects.toThrow('printed no summary');
  });
});
