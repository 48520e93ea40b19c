import { access, constants, lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './cli-io.js';

/**
 * The one place where a command's outputs are checked before it does any work. Every verb that
 * writes (split, train, recommend --out, tune --heatmap/--report/--save-best, quickstart --report)
 * declares its inputs and outputs here, so that:
 *
 *  - no output is an input of the same command, nor inside an input directory, nor (for a
 *    directory that would be replaced) holding an input — compared by resolved real paths, so
 *    `./r.csv`, `dir/../r.csv`, a symbolic link and a hard link to the same file are all caught;
 *  - no two outputs are the same file;
 *  - an existing file is replaced only with `--overwrite`, and then only by one of its kind: a
 *    model directory replaces a model directory, never a CSV file or an unrelated directory;
 *  - each output can be created: its name has an allowed extension, the nearest existing folder on
 *    its path is a folder (not a file) and is writable.
 *
 * Messages name the flag, the path as the user wrote it and the fix.
 */

/**
 * What an output is: a file, a model directory (Spark ALSModel layout), or a directory of Parquet
 * parts as Spark writes a table.
 */
export type OutputKind = 'file' | 'model-dir' | 'parquet-dir';

export interface OutputSpec {
  /** The flag that named it, e.g. '--train', '--out', '--report'. */
  flag: string;
  /** The path as given. */
  path: string;
  kind: OutputKind;
  /** Allowed extensions, lower case with the dot ('.csv'); the message says what the file is. */
  extensions?: { allowed: readonly string[]; what: string };
}

export interface InputSpec {
  /** How the input was given: '<input>', '--test', '--exclude', '<model-dir>', '$ALSREC_ML100K', … */
  flag: string;
  path: string;
}

export interface OutputCheck {
  /** The verb, for messages: 'split', 'tune', … (runCli prefixes `alsrec VERB: ` itself). */
  verb: string;
  inputs: readonly InputSpec[];
  outputs: readonly OutputSpec[];
  /** `--overwrite`: existing outputs of the right kind may be replaced. */
  overwrite: boolean;
}

/** A path where it will be compared: its real path, and the file's identity when it exists. */
interface Located {
  real: string;
  stats: Stats | null;
}

/**
 * Checks every output of a command before it reads or computes anything; throws a UsageError that
 * names the flag, the path and the fix. Returns nothing: the outputs are then written with
 * `OutputTransaction`.
 */
export async function checkOutputs(check: OutputCheck): Promise<void> {
  const { outputs, inputs, overwrite } = check;
  for (const o of outputs) checkExtension(o);
  const inputsAt = await Promise.all(inputs.map(async (i) => ({ spec: i, at: await locate(i.path) })));
  const outputsAt: { spec: OutputSpec; at: Located }[] = [];
  for (const o of outputs) {
    const at = await locate(o.path);
    for (const i of inputsAt) {
      const clash = relation(at, i.at);
      if (clash === 'same') {
        throw new UsageError(`${o.flag} ${o.path} is ${describeInput(i.spec)}; writing it would destroy the data being read — choose another ${o.flag} path`);
      }
      if (clash === 'inside' && i.at.stats?.isDirectory()) {
        throw new UsageError(`${o.flag} ${o.path} is inside ${describeInput(i.spec)}; write outside it — choose another ${o.flag} path`);
      }
      if (clash === 'contains' && o.kind !== 'file' && at.stats !== null) {
        throw new UsageError(`${o.flag} ${o.path} holds ${describeInput(i.spec)}; replacing the directory would delete it — choose another ${o.flag} path`);
      }
    }
    for (const earlier of outputsAt) {
      const clash = relation(at, earlier.at);
      if (clash !== 'none') {
        const how = clash === 'same' ? 'the same path as' : clash === 'inside' ? 'inside' : 'a folder holding';
        throw new UsageError(`${o.flag} ${o.path} is ${how} ${earlier.spec.flag} ${earlier.spec.path}; give each output its own path`);
      }
    }
    await checkWritable(o, at, overwrite);
    outputsAt.push({ spec: o, at });
  }
}

/** 'the input r.csv', 'the --exclude input train.csv', 'the input ml-100k (from $ALSREC_ML100K)'. */
function describeInput(i: InputSpec): string {
  if (i.flag.startsWith('<')) return `the input ${i.path}`;
  if (i.flag.startsWith('$')) return `the input ${i.path} (from ${i.flag})`;
  return `the ${i.flag} input ${i.path}`;
}

function checkExtension(o: OutputSpec): void {
  if (o.kind === 'file' && /[/\\]$/.test(o.path)) {
    throw new UsageError(`${o.flag} ${o.path} ends in a folder separator; give a file name${o.extensions ? ` ending in ${o.extensions.allowed.join(' or ')}` : ''}`);
  }
  if (!o.extensions) return;
  const ext = extname(o.path).toLowerCase();
  if (!o.extensions.allowed.includes(ext)) {
    const list = o.extensions.allowed.join(' or ');
    throw new UsageError(`${o.flag} ${o.path}: ${o.extensions.what}; give a name ending in ${list}`);
  }
}

/**
 * The real path of `path`: realpath of the path when it exists; else the realpath of its nearest
 * existing ancestor joined with the rest (so a new file under a symbolic link to a folder compares
 * equal to the same new file reached directly).
 */
async function locate(path: string): Promise<Located> {
  const abs = resolve(path);
  const stats = await stat(abs).catch(() => null);
  if (stats !== null) return { real: await realpath(abs), stats };
  let dir = dirname(abs);
  const rest = [basename(abs)];
  for (;;) {
    const real = await realpath(dir).catch(() => null);
    if (real !== null) return { real: join(real, ...rest.reverse()), stats: null };
    const parent = dirname(dir);
    if (parent === dir) return { real: abs, stats: null };
    rest.push(basename(dir));
    dir = parent;
  }
}

/** How `a` relates to `b`: the same file (also by hard link), inside it, holding it, or apart. */
function relation(a: Located, b: Located): 'same' | 'inside' | 'contains' | 'none' {
  if (a.stats && b.stats && a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino) return 'same';
  if (a.real === b.real) return 'same';
  if (isInside(a.real, b.real)) return 'inside';
  if (isInside(b.real, a.real)) return 'contains';
  return 'none';
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep);
}

async function checkWritable(o: OutputSpec, at: Located, overwrite: boolean): Promise<void> {
  if (at.stats !== null) {
    if (o.kind !== 'file') {
      const [ok, what, missing] =
        o.kind === 'model-dir'
          ? [await isModelDir(o.path), 'a model directory', 'no metadata/ folder in it']
          : [await isParquetDir(o.path), 'a directory of Parquet parts', 'no .parquet part or _SUCCESS in it'];
      if (!ok) {
        throw new UsageError(
          `${o.flag} ${o.path} exists and is not ${what} (${at.stats.isDirectory() ? missing : 'it is a file'}); ` +
            `only ${what} is ever replaced — choose a new ${o.flag} path`,
        );
      }
      if (!overwrite) throw new UsageError(`${o.flag} ${o.path} already exists; choose another path or pass --overwrite to replace it`);
    } else {
      if (at.stats.isDirectory()) throw new UsageError(`${o.flag} ${o.path} is a directory; give a file name (e.g. ${join(o.path, exampleName(o))})`);
      if (!overwrite) throw new UsageError(`${o.flag} ${o.path} already exists; choose another path or pass --overwrite to replace it`);
    }
  }
  // The nearest existing folder on the way must be a folder, and writable.
  let dir = dirname(resolve(o.path));
  for (;;) {
    const s = await stat(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
    if (s instanceof Error) {
      if ((s as NodeJS.ErrnoException).code === 'ENOTDIR') {
        throw new UsageError(`${o.flag} ${o.path}: ${await fileOnTheWay(o.path)} is a file, not a folder, so ${o.path} cannot be created; choose a path in a folder`);
      }
      throw new UsageError(`${o.flag} ${o.path}: cannot reach ${dir} (${(s as NodeJS.ErrnoException).code}); choose another path`);
    }
    if (s === null) {
      const link = await lstat(dir).catch(() => null);
      if (link?.isSymbolicLink()) {
        throw new UsageError(`${o.flag} ${o.path}: ${relative('.', dir) || dir} is a symbolic link to a folder that does not exist; create it or choose another path`);
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
      continue;
    }
    if (!s.isDirectory()) {
      throw new UsageError(`${o.flag} ${o.path}: ${relative('.', dir) || dir} is a file, not a folder, so ${o.path} cannot be created; choose a path in a folder`);
    }
    const ok = await access(dir, constants.W_OK).then(() => true, () => false);
    if (!ok) throw new UsageError(`${o.flag} ${o.path}: no permission to write in ${relative('.', dir) || dir}; choose a folder you can write to`);
    break;
  }
}

async function fileOnTheWay(path: string): Promise<string> {
  let dir = dirname(resolve(path));
  for (;;) {
    const s = await stat(dir).catch(() => null);
    if (s?.isFile()) return relative('.', dir) || dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(path);
    dir = parent;
  }
}

function exampleName(o: OutputSpec): string {
  return `out${o.extensions?.allowed[0] ?? '.csv'}`;
}

/** A table Spark wrote: a directory holding `*.parquet` parts or Spark's `_SUCCESS` marker. */
export async function isParquetDir(path: string): Promise<boolean> {
  const names = await readdir(path).catch(() => null);
  return names !== null && names.some((n) => n === '_SUCCESS' || n.endsWith('.parquet'));
}

/** A Spark ALSModel directory: it holds a metadata/ folder (alsrec's and Spark's own). */
export async function isModelDir(path: string): Promise<boolean> {
  const s = await stat(join(path, 'metadata')).catch(() => null);
  return s?.isDirectory() ?? false;
}
