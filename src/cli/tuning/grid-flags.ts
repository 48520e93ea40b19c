import { InvalidArgumentError } from 'commander';
import { resolveALSOptions } from '../../als/options.js';
import type { GridSpec, ParamValue } from '../../tuning/param-grid.js';
import { UsageError } from '../cli-io.js';

/**
 * The parameters `tune` accepts on --grid and --set: Spark's ALS names, also in the kebab case of
 * the `train` flags (reg-param = regParam), and what kind of value each takes.
 */
const KEYS: Record<string, 'int' | 'number' | 'boolean' | 'solver'> = { // 'solver': a word, checked by resolveALSOptions
  rank: 'int',
  maxIter: 'int',
  regParam: 'number',
  alpha: 'number',
  implicitPrefs: 'boolean',
  nonnegative: 'boolean',
  seed: 'int',
  solver: 'solver',
  cgSteps: 'int',
  biases: 'boolean',
  unobservedWeight: 'number',
  regScaling: 'solver',
  regExponent: 'number',
  initStd: 'number',
};

/** Keys whose range check needs implicitPrefs (they are options of implicit feedback). */
const IMPLICIT_KEYS = ['solver', 'unobservedWeight', 'regScaling', 'regExponent'];

/** One --grid or --set flag as read: the parameter, its values, and the text for messages. */
export interface GridFlag {
  key: string;
  values: ParamValue[];
  flag: '--grid' | '--set' | '--implicit';
  text: string;
}

/** commander parser of repeated `--grid key=v1,v2,…` flags. */
export function collectGrid(text: string, previous: GridFlag[] = []): GridFlag[] {
  return [...previous, parseAssignment(text, '--grid')];
}

/** commander parser of repeated `--set key=value` flags (one value each). */
export function collectSet(text: string, previous: GridFlag[] = []): GridFlag[] {
  const f = parseAssignment(text, '--set');
  if (f.values.length !== 1) {
    throw new InvalidArgumentError(`--set takes one value, got ${f.values.length} in '${text}'; use --grid ${text} to search over them.`);
  }
  return [...previous, f];
}

/**
 * The grid of the flags: --grid keys become lists (axes), --set keys and --implicit scalars.
 * Throws naming both flags when a parameter is given twice, and when no --grid is given.
 */
export function gridFromFlags(flags: readonly GridFlag[]): GridSpec {
  const spec: Record<string, ParamValue | ParamValue[]> = {};
  const source = new Map<string, GridFlag>();
  for (const f of flags) {
    const earlier = source.get(f.key);
    if (earlier) {
      throw new UsageError(`tune: ${f.key} is given twice (${show(earlier)} and ${show(f)}); give each parameter once`);
    }
    source.set(f.key, f);
    spec[f.key] = f.flag === '--grid' ? f.values : f.values[0]!;
  }
  if (!flags.some((f) => f.flag === '--grid')) {
    throw new UsageError('tune: no --grid given; search at least one parameter, e.g. --grid rank=10,15,20 --grid regParam=0.01,0.1,1');
  }
  return spec;
}

/** `--implicit` as a grid flag: implicitPrefs=true. */
export const IMPLICIT_FLAG: GridFlag = { key: 'implicitPrefs', values: [true], flag: '--implicit', text: '' };

function show(f: GridFlag): string {
  return f.flag === '--implicit' ? '--implicit' : `${f.flag} ${f.text}`;
}

function parseAssignment(text: string, flag: '--grid' | '--set'): GridFlag {
  const eq = text.indexOf('=');
  if (eq < 0) throw new InvalidArgumentError(`expected key=value${flag === '--grid' ? 's' : ''}, got '${text}' (e.g. ${flag} rank=10${flag === '--grid' ? ',15,20' : ''}).`);
  const written = text.slice(0, eq).trim();
  const key = canonicalKey(written);
  if (key === undefined) {
    throw new InvalidArgumentError(`unknown parameter '${written}' in '${text}'; known: ${Object.keys(KEYS).join(', ')}.`);
  }
  const items = text.slice(eq + 1).split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) throw new InvalidArgumentError(`'${text}' lists no value for ${key}; write ${key}=v1,v2,….`);
  const empty = items.indexOf('');
  if (empty >= 0) throw new InvalidArgumentError(`'${text}' has an empty value at position ${empty + 1}; remove the extra comma.`);
  const values = items.map((s) => parseValue(key, s, text));
  const seen = new Set<ParamValue>();
  for (const v of values) {
    if (seen.has(v)) throw new InvalidArgumentError(`'${text}' lists ${String(v)} twice; each value once.`);
    seen.add(v);
  }
  return { key, values, flag, text };
}

function canonicalKey(written: string): string | undefined {
  const camel = written.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.keys(KEYS).find((k) => k.toLowerCase() === camel.toLowerCase());
}

function parseValue(key: string, s: string, text: string): ParamValue {
  const kind = KEYS[key]!;
  let v: ParamValue;
  if (kind === 'boolean') {
    if (s !== 'true' && s !== 'false') throw new InvalidArgumentError(`${key} takes true or false, got '${s}' in '${text}'.`);
    v = s === 'true';
  } else if (kind === 'solver') {
    v = s;
  } else {
    const n = Number(s);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${key} takes numbers, got '${s}' in '${text}'.`);
    v = n;
  }
  try {
    // The option's own range check (rank >= 1, regParam >= 0, …); solver 'cg' is for implicit feedback.
    resolveALSOptions({ [key]: v, ...(IMPLICIT_KEYS.includes(key) ? { implicitPrefs: true } : {}) });
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message.replace(/^als: /, '')} (in '${text}').`);
  }
  return v;
}
