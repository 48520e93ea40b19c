/**
 * Python's `'%.{p}g' % x` (the `fmt='.4g'` of seaborn's annotated heatmaps), exactly.
 *
 * Rule (C printf `%g`, as Python applies it): round x to p significant digits, giving
 * d.ddd × 10^X. If −4 ≤ X < p, write it in fixed notation with p − 1 − X decimals, else in
 * scientific notation with p − 1 decimals and an exponent of at least two digits; then drop
 * trailing zeros and a trailing decimal point. Examples with p = 4:
 *
 *   0.92634    → 9.263 × 10^-1 → "0.9263"
 *   12345      → 1.2345 × 10^4, an exact tie, rounds half to even → 1.234 × 10^4 → "1.234e+04"
 *   0.00012345 → the double is 0.000123449999…, so 1.234 × 10^-4 → "0.0001234"
 *
 * Rounding is done on the exact decimal value of the double (every finite double has a finite
 * decimal expansion), with ties to even, as Python does. `Number.prototype.toPrecision` differs:
 * it breaks exact ties upwards (12345 → "1.235e+4").
 */
export function formatG(value: number, precision = 4): string {
  if (!Number.isInteger(precision) || precision < 0) {
    throw new RangeError(`formatG: precision must be an integer >= 0, got ${precision}`);
  }
  const p = precision === 0 ? 1 : precision; // C and Python treat %.0g as %.1g
  if (Number.isNaN(value)) return 'nan';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (!Number.isFinite(value)) return `${sign}inf`;
  if (value === 0) return `${sign}0`;

  const { digits, exponent } = roundSignificant(exactDecimal(Math.abs(value)), p);
  if (exponent >= -4 && exponent < p) {
    return sign + trimFraction(fixedNotation(digits, exponent));
  }
  const mantissa = trimFraction(`${digits[0]}.${digits.slice(1)}`);
  const expSign = exponent < 0 ? '-' : '+';
  return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** A positive decimal d₀.d₁d₂… × 10^exponent, digits without leading zeros. */
interface Decimal {
  digits: string;
  exponent: number;
}

/**
 * The exact decimal expansion of a finite positive double. With x = m · 2^e (m a 53-bit integer):
 * for e ≥ 0 it is the integer m · 2^e; for e < 0, x = m · 5^−e / 10^−e, so the digits are those of
 * m · 5^−e with the decimal point moved −e places left.
 */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = biasedExp === 0 ? fraction : fraction | (1n << 52n); // subnormals have no hidden bit
  const e = (biasedExp === 0 ? 1 : biasedExp) - 1075;
  let digits: string;
  let pointShift: number; // value = digits × 10^−pointShift
  if (e >= 0) {
    digits = (m << BigInt(e)).toString();
    pointShift = 0;
  } else {
    digits = (m * 5n ** BigInt(-e)).toString();
    pointShift = -e;
  }
  const stripped = digits.replace(/0+$/, '');
  return { digits: stripped, exponent: digits.length - 1 - pointShift };
}

/** Round to p significant digits, ties to even; a carry (9.9995 → 10.00) bumps the exponent. */
function roundSignificant(d: Decimal, p: number): Decimal {
  if (d.digits.length <= p) return { digits: d.digits.padEnd(p, '0'), exponent: d.exponent };
  const head = d.digits.slice(0, p);
  const next = d.digits.charCodeAt(p) - 48;
  const restNonZero = /[1-9]/.test(d.digits.slice(p + 1));
  const lastOdd = (head.charCodeAt(p - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (restNonZero || lastOdd));
  if (!up) return { digits: head, exponent: d.exponent };
  const bumped = (BigInt(head) + 1n).toString();
  return bumped.length > p
    ? { digits: bumped.slice(0, p), exponent: d.exponent + 1 }
    : { digits: bumped, exponent: d.exponent };
}

/** d₀d₁… × 10^X written out with the decimal point in place (−4 ≤ X < number of digits). */
function fixedNotation(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

function trimFraction(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
