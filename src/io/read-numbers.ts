/**
 * Number parsing straight from a span of a larger string, so the readers never cut a field out as
 * its own string on the common path. Spaces and tabs around the number are ignored (`1, 2, 3.5`).
 */

const SPACE = 32;
const TAB = 9;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** Powers of ten that a double holds exactly (10^0 … 10^22). */
export const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function skipSpace(text: string, start: number, end: number): number {
  while (start < end) {
    const c = text.charCodeAt(start);
    if (c !== SPACE && c !== TAB) break;
    start++;
  }
  return start;
}

function trimSpaceEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  return end;
}

/**
 * The integer written in `text[start, end)` — an optional sign and decimal digits — or NaN when the
 * span is anything else (empty, a fraction, an exponent, letters). Values past 2^53 are approximate,
 * which is harmless: they are far outside Spark's int range and rejected as ids anyway.
 */
export function parseIntSpan(text: string, start: number, end: number): number {
  start = skipSpace(text, start, end);
  end = trimSpaceEnd(text, start, end);
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  if (i >= end) return Number.NaN;
  let v = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/**
 * The id written in `text[start, end)` when that text is the canonical decimal form of a Spark int
 * (`0`, or an optional '-' and digits without a leading zero, in [−2³¹, 2³¹−1], nothing around it),
 * else NaN: `007`, `+7`, `-0`, `7.0`, `1e3`, ` 7` and `2147483648` are not, so the reader keeps
 * them as the text they are (see data/id-map.ts canonicalInt, the same rule on a whole string).
 */
export function parseCanonicalIntSpan(text: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 11) return Number.NaN;
  const negative = text.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  if (i === end) return Number.NaN;
  if (text.charCodeAt(i) === ZERO) return n === 1 ? 0 : Number.NaN;
  let v = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  if (negative) v = -v;
  return v >= -2147483648 && v <= 2147483647 ? v : Number.NaN;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The decimal number written in `text[start, end)`, or NaN when it is not one. Accepts `3`, `-4.5`,
 * `.5`, `1e-3`; rejects empty spans, hex, `NaN`, `Infinity` and `1_000` (JavaScript's `Number()`
 * would read '' as 0 and '0x10' as 16).
 *
 * Fast path (Clinger): with at most 15 significant digits d and f ≤ 22 fraction digits, the value is
 * d / 10^f with d and 10^f both exact doubles, so the one rounding of the division gives the
 * correctly rounded result — the same double `Number()` returns. Anything else goes to `Number()`.
 */
export function parseNumberSpan(text: string, start: number, end: number): number {
  start = skipSpace(text, start, end);
  end = trimSpaceEnd(text, start, end);
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT && fraction < 0) {
      fraction = 0;
    } else {
      break;
    }
  }
  if (i === end && digits > 0 && digits <= 15) {
    const v = fraction > 0 ? mantissa / EXACT_POW10[fraction]! : mantissa;
    return negative ? -v : v;
  }
  const s = text.slice(start, end);
  return DECIMAL.test(s) ? Number(s) : Number.NaN;
}
