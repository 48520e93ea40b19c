import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs alsrec's PySpark job (job.py, shipped beside this file in src/ and dist/) through
 * spark-submit. Which spark-submit, first found:
 *   1. `sparkSubmit` (--spark-submit PATH)
 *   2. $SPARK_HOME/bin/spark-submit
 *   3. bin/spark-submit of the first venv in $ALSREC_SPARK_VENVS (.ci/install-spark.sh's venvs)
 *   4. spark-submit on $PATH
 * A spark-submit inside a Python venv (pip's PySpark) runs the job with that venv's python
 * (PYSPARK_PYTHON), unless PYSPARK_PYTHON is already set.
 */
export const JOB_FILE = fileURLToPath(new URL('./job.py', import.meta.url));

/** Marker of the job's summary line on stdout. */
const SUMMARY_MARK = '@@alsrec-job ';

export interface SparkSubmitOptions {
  /** Spark master: local[*] (default), local[N], spark://host:port, yarn, k8s://…, mesos://… */
  master?: string;
  /** --conf key=value pairs for spark-submit. */
  conf?: string[];
  /** spark-submit to use (see the search order above). */
  sparkSubmit?: string;
  /** Environment to search (SPARK_HOME, ALSREC_SPARK_VENVS, PATH) and pass on. Default process.env. */
  env?: Record<string, string | undefined>;
}

export interface SparkCommand {
  /** argv[0] is spark-submit. */
  argv: string[];
  /** Variables set for the job on top of the environment (PYSPARK_PYTHON). */
  env: Record<string, string>;
}

const MASTER = /^(local(\[(\*|\d+)(,\d+)?\])?|spark:\/\/.+|yarn|k8s:\/\/.+|mesos:\/\/.+)$/;
const CONF = /^[A-Za-z0-9_.-]+=.*$/s;

/** The spark-submit command for `job.py jobArgs…`; validates master and conf. */
export function sparkCommand(jobArgs: string[], opts: SparkSubmitOptions = {}): SparkCommand {
  const env = opts.env ?? process.env;
  const master = opts.master ?? 'local[*]';
  if (!MASTER.test(master)) {
    throw new Error(`--master must be local[*], local[N], spark://host:port, yarn or k8s://…, got ${JSON.stringify(master)}`);
  }
  for (const c of opts.conf ?? []) {
    if (!CONF.test(c)) throw new Error(`--conf takes key=value (e.g. spark.executor.memory=4g), got ${JSON.stringify(c)}`);
  }
  const submit = findSparkSubmit(opts.sparkSubmit, env);
  const extraEnv: Record<string, string> = {};
  const venvPython = join(dirname(submit), 'python');
  if (!env.PYSPARK_PYTHON && submit.includes('/') && existsSync(venvPython) && existsSync(join(dirname(submit), '..', 'pyvenv.cfg'))) {
    extraEnv.PYSPARK_PYTHON = venvPython;
  }
  return {
    argv: [submit, '--master', master, ...(opts.conf ?? []).flatMap((c) => ['--conf', c]), JOB_FILE, ...jobArgs],
    env: extraEnv,
  };
}

export function findSparkSubmit(explicit: string | undefined, env: Record<string, string | undefined>): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`--spark-submit ${explicit} does not exist; pass the path of Spark's bin/spark-submit`);
    return explicit;
  }
  const candidates = [
    env.SPARK_HOME ? join(env.SPARK_HOME, 'bin', 'spark-submit') : null,
    ...(env.ALSREC_SPARK_VENVS?.trim().split(/\s+/) ?? []).filter(Boolean).map((v) => join(v, 'bin', 'spark-submit')),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'spark-submit')),
  ];
  const found = candidates.find((c): c is string => c !== null && existsSync(c));
  if (!found) {
    throw new Error(
      'no spark-submit found (looked in $SPARK_HOME/bin, $ALSREC_SPARK_VENVS and $PATH); ' +
        'pass --spark-submit PATH, set SPARK_HOME, or `pip install pyspark` into a venv and put its bin on PATH',
    );
  }
  return found;
}

/** The command as one shell line (each word quoted when it needs to be), env first. */
export function formatCommand(cmd: SparkCommand): string {
  const q = (w: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  return [...Object.entries(cmd.env).map(([k, v]) => `${k}=${q(v)}`), ...cmd.argv.map(q)].join(' ');
}

/**
 * Runs the command; Spark's log (stderr) is passed to `onStderr`, job stdout other than the summary
 * too. Resolves to the job's summary; rejects when spark-submit fails or prints no summary.
 */
export function runSparkJob(cmd: SparkCommand, opts: { env?: Record<string, string | undefined>; onStderr?: (t: string) => void } = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd.argv[0]!, cmd.argv.slice(1), {
      env: { ...(opts.env ?? process.env), ...cmd.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let summary: Record<string, unknown> | null = null;
    let pending = '';
    let tail = '';
    proc.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith(SUMMARY_MARK)) summary = JSON.parse(line.slice(SUMMARY_MARK.length)) as Record<string, unknown>;
        else opts.onStderr?.(line + '\n');
      }
    });
    proc.stderr.on('data', (d: Buffer) => {
      const t = d.toString();
      tail = (tail + t).slice(-3000);
      opts.onStderr?.(t);
    });
    proc.on('error', (e) => reject(new Error(`could not run ${cmd.argv[0]}: ${e.message}`)));
    proc.on('close', (code) => {
      if (code !== 0) {
        const jobError = /alsrec spark job: (.*)/.exec(tail)?.[1];
        reject(new Error(jobError ?? `spark-submit exited with code ${code}; its output ended with:\n${tail.trim().split('\n').slice(-15).join('\n')}`));
      } else if (!summary) reject(new Error(`spark-submit exited 0 but the job printed no summary; its output ended with:\n${tail}`));
      else resolve(summary);
    });
  });
}
