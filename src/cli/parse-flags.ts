import { InvalidArgumentError } from 'commander';
import { parseBudget, type SearchBudget } from '../tuning/budgeted-search.js';

/** Flag parsers for commander: each rejects a bad value naming it and the range. */
export function intFlag(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got '${value}'.`);
    }
    return n;
  };
}

export function floatFlag(min: number, max = Infinity, { exclusiveMin = false, exclusiveMax = false } = {}) {
  return (value: string): number => {
    const n = Number(value);
    const low = exclusiveMin ? n > min : n >= min;
    const high = exclusiveMax ? n < max : n <= max;
    if (value.trim() === '' || !Number.isFinite(n) || !low || !high) {
      const range = `${exclusiveMin ? '(' : '['}${min}, ${max === Infinity ? '∞' : max}${exclusiveMax ? ')' : ']'}`;
      throw new InvalidArgumentError(`expected a number in ${range}, got '${value}'.`);
    }
    return n;
  };
}

export function choiceFlag<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'.`);
    return value as T;
  };
}

/** A search budget: fits (30) or a duration (120s, 2m); tuning/budgeted-search.ts. */
export function budgetFlag(value: string): SearchBudget {
  try {
    return parseBudget(value);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}
