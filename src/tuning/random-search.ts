import { Random } from '../data/random.js';
import { ALS_DEFAULTS } from '../als/options.js';
import type { ParamMap, ParamValue } from './param-grid.js';

/** A continuous (or integer) range to sample a parameter from: `alpha=0.1:40:log`. */
export interface ParamRange {
  readonly key: string;
  readonly low: number;
  readonly high: number;
  /** 'log': uniform in log(value) (low > 0); 'linear': uniform in value. */
  readonly scale: 'log' | 'linear';
  /** Integer parameters (rank, maxIter, cgSteps) are rounded. */
  readonly integer: boolean;
}

const INTEGER_KEYS = new Set(['rank', 'maxIter', 'cgSteps', 'seed']);

/**
 * Parses `key=low:high[:log|:linear]` (default linear). The key is an ALS option name (camelCase,
 * or the kebab case of the flags: reg-param); the option must be numeric.
 */
export function parseRange(text: string): ParamRange {
  const eq = text.indexOf('=');
  const fail = (why: string) => new RangeError(`range '${text}': ${why}; write key=low:high[:log], e.g. alpha=0.1:40:log`);
  if (eq < 0) throw fail('no =');
  const written = text.slice(0, eq).trim();
  const camel = written.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const key = Object.keys(ALS_DEFAULTS).find((k) => k.toLowerCase() === camel.toLowerCase());
  if (!key || typeof (ALS_DEFAULTS as Record<string, unknown>)[key] !== 'number') throw fail(`'${written}' is not a numeric ALS option`);
  const parts = text.slice(eq + 1).split(':').map((s) => s.trim());
  if (parts.length < 2 || parts.length > 3) throw fail('expected low:high or low:high:scale');
  const low = Number(parts[0]);
  const high = Number(parts[1]);
  const scale = (parts[2] ?? 'linear') as 'log' | 'linear';
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw fail('low and high must be numbers');
  if (!(low < high)) throw fail(`low ${low} must be below high ${high}`);
  if (scale !== 'log' && scale !== 'linear') throw fail(`scale must be log or linear, got '${parts[2]}'`);
  if (scale === 'log' && !(low > 0)) throw fail('a log range needs low > 0');
  return { key, low, high, scale, integer: INTEGER_KEYS.has(key) };
}

/**
 * `count` configurations drawn at random from `ranges` (each independently: log-uniform or
 * uniform, integers rounded), over the `fixed` parameters, from Random(seed): the same seed gives
 * the same configurations. Random search beats a grid of the same size when few parameters
 * matter (Bergstra & Bengio 2012): every draw tries a new value of each.
 */
export function sampleConfigs(ranges: readonly ParamRange[], fixed: ParamMap, count: number, seed: number): ParamMap[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`random search: the budget must be an integer >= 1 fits, got ${count}`);
  const rng = new Random(seed);
  const out: ParamMap[] = [];
  for (let c = 0; c < count; c++) {
    const params: Record<string, ParamValue> = { ...fixed };
    for (const r of ranges) {
      const u = rng.next();
      let v = r.scale === 'log' ? Math.exp(Math.log(r.low) + u * (Math.log(r.high) - Math.log(r.low))) : r.low + u * (r.high - r.low);
      v = r.integer ? Math.round(v) : Number(v.toPrecision(4));
      params[r.key] = v;
    }
    out.push(params);
  }
  return out;
}
