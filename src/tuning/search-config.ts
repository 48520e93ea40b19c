import { ALS_DEFAULTS, resolveALSOptions, type ALSOptions } from '../als/options.js';
import type { ParamMap, ParamValue } from './param-grid.js';

/**
 * ALS options a grid may set: every option of ALSOptions except the callbacks and the column
 * names (which say how row objects are read, not how the model is fitted).
 */
export const TUNABLE_KEYS: readonly string[] = Object.keys(ALS_DEFAULTS).filter(
  (k) => !['userCol', 'itemCol', 'ratingCol', 'predictionCol'].includes(k),
);

/**
 * The ALS options of one search fit: the configuration's parameters over two search defaults —
 * coldStartStrategy 'drop' (the seed workflow's, so the best model drops unknown pairs too) and
 * computeLoss false (the loss is not needed to score a fit; the refitted best model records it).
 */
export function fitOptions(params: ParamMap): ALSOptions {
  return { coldStartStrategy: 'drop', computeLoss: false, ...(params as ALSOptions) };
}

/** 'rank=10, regParam=0.1' — a configuration as people read it. */
export function describeParams(params: ParamMap): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/**
 * Checks every configuration before anything is fitted: known keys, values of the option's type
 * (a number for rank, a boolean for implicitPrefs), and the ALS ranges (resolveALSOptions). The
 * error names the configuration, the key and the value.
 */
export function checkConfigs(configs: readonly ParamMap[], who: string): void {
  if (configs.length === 0) throw new RangeError(`${who}: no configurations to try; pass a grid with at least one point`);
  configs.forEach((params, j) => {
    const where = `${who}: configuration ${j + 1} of ${configs.length} (${describeParams(params)})`;
    for (const [key, value] of Object.entries(params)) {
      if (!TUNABLE_KEYS.includes(key)) {
        throw new RangeError(`${where}: unknown parameter '${key}'; a grid may set ${TUNABLE_KEYS.join(', ')}`);
      }
      const expected = typeof (ALS_DEFAULTS as Record<string, unknown>)[key];
      if (typeof value !== expected) {
        throw new TypeError(`${where}: ${key} must be a ${expected}, got ${JSON.stringify(value as ParamValue)}`);
      }
    }
    try {
      resolveALSOptions(fitOptions(params));
    } catch (e) {
      throw new RangeError(`${where}: ${(e as Error).message}`);
    }
  });
}
