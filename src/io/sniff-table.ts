/**
 * Guessing how a delimited text table is laid out from its first lines: which delimiter separates
 * the fields, and whether the first line is a header. A pure function of the lines (no file access),
 * so it is tested on generated tables.
 *
 * Delimiter: each candidate splits every sample line; a candidate is *consistent* when every line
 * gets the same number of fields, at least 2. Among consistent candidates the one giving the most
 * fields wins ("1;2;3,5" is 3 fields by ';', not 2 by ','), then the first in CANDIDATES order.
 * Runs of spaces or tabs are the last resort, when no single delimiter is consistent (so a comma
 * file whose titles hold spaces stays comma-separated). Without any consistent candidate, the one
 * that splits the most lines alike wins.
 *
 * Header: the first line is a header when some column holds numbers on every later line but text
 * on line 1 ("rating" above 3, 4.5, …); or, when every column is text, when line 1 names a known
 * column (user, item, rating, …, or names the caller passes). A line of numbers is never a header.
 */

/** ',' '\t' ';' '|' '::', or 'whitespace' for runs of spaces and tabs. */
export type Delimiter = ',' | '\t' | ';' | '|' | '::' | 'whitespace';

export const CANDIDATES: readonly Delimiter[] = ['\t', ',', ';', '|', '::'];

export interface TableGuess {
  delimiter: Delimiter;
  header: boolean;
  /** Fields per line (the most common count over the sample). */
  fields: number;
  /** Line 1 split by the delimiter. */
  first: string[];
}

/** Column names that make an all-text line 1 a header (compared ignoring case). */
export const KNOWN_COLUMNS: readonly string[] = ['user', 'item', 'rating', 'timestamp', 'userid', 'itemid', 'movieid', 'user_id', 'item_id', 'score', 'count'];

/**
 * The layout of a table from its first lines (blank lines are skipped). `delimiter` fixes the
 * delimiter and guesses only the header; `names` adds column names that mark a header.
 * Returns null when there is no non-blank line.
 */
export function sniffTable(lines: readonly string[], opts: { delimiter?: Delimiter; names?: readonly string[] } = {}): TableGuess | null {
  const sample = lines.filter((l) => l.trim() !== '');
  if (sample.length === 0) return null;
  const delimiter = opts.delimiter ?? guessDelimiter(sample);
  const rows = sample.map((l) => splitFields(l, delimiter));
  const fields = modalCount(rows.map((r) => r.length)).count;
  return { delimiter, header: guessHeader(rows, opts.names ?? []), fields, first: rows[0]! };
}

/** The best delimiter of the sample (see the file comment); ',' when nothing splits the lines. */
export function guessDelimiter(sample: readonly string[]): Delimiter {
  const scored = [...CANDIDATES, 'whitespace' as const].map((d, order) => {
    const { count, share } = modalCount(sample.map((l) => splitFields(l, d).length));
    return { d, count, share, order };
  });
  const usable = scored.filter((s) => s.count >= 2);
  const consistent = usable.filter((s) => s.share === 1 && s.d !== 'whitespace');
  if (consistent.length > 0) return consistent.sort((a, b) => b.count - a.count || a.order - b.order)[0]!.d;
  if (usable.length === 0) return ',';
  return usable.sort((a, b) => b.share - a.share || a.order - b.order)[0]!.d;
}

function guessHeader(rows: readonly string[][], names: readonly string[]): boolean {
  const [first, ...rest] = rows as [string[], ...string[][]];
  const textAt = (j: number) => first[j] !== undefined && first[j]!.trim() !== '' && !isNumber(first[j]!);
  if (first.every((f) => isNumber(f) || f.trim() === '')) return false;
  for (let j = 0; j < first.length; j++) {
    if (!textAt(j)) continue;
    const below = rest.filter((r) => r.length === first.length).map((r) => r[j]!);
    if (below.length > 0 && below.every(isNumber)) return true;
  }
  const known = new Set([...KNOWN_COLUMNS, ...names.map((n) => n.toLowerCase())]);
  return first.some((f, j) => textAt(j) && known.has(f.trim().toLowerCase()));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (integer, decimal or exponent form), surrounding spaces allowed. */
export function isNumber(s: string): boolean {
  return NUMBER.test(s.trim());
}

/**
 * A line's fields by `delimiter`. For one-character delimiters a field that starts with '"' is
 * quoted (RFC 4180, within the line: enough to count fields); '::' splits plainly; 'whitespace'
 * splits at runs of spaces and tabs, ignoring leading and trailing ones.
 */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  if (delimiter === 'whitespace') {
    const t = line.trim();
    return t === '' ? [''] : t.split(/[ \t]+/);
  }
  if (delimiter === '::') return line.split('::');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          s += line.slice(i);
          i = line.length;
          break;
        }
        s += line.slice(i, q);
        if (line[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = line.indexOf(delimiter, i);
      out.push(s + (next < 0 ? line.slice(i) : line.slice(i, next)));
      if (next < 0) return out;
      i = next + 1;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
  }
}

/** The most common value and the share of entries holding it (the larger value on a tie). */
function modalCount(counts: readonly number[]): { count: number; share: number } {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let count = 0;
  let best = 0;
  for (const [c, n] of freq) if (n > best || (n === best && c > count)) [count, best] = [c, n];
  return { count, share: counts.length === 0 ? 0 : best / counts.length };
}

/** 'comma', 'tab', 'semicolon', 'pipe', "'::'", 'whitespace' — for messages. */
export function delimiterName(d: Delimiter | string): string {
  switch (d) {
    case ',':
      return 'comma';
    case '\t':
      return 'tab';
    case ';':
      return 'semicolon';
    case '|':
      return 'pipe';
    case 'whitespace':
      return 'whitespace';
    default:
      return `'${d}'`;
  }
}

/** How to pass the delimiter on the command line: `--delimiter ';'`, `--delimiter tab`. */
export function delimiterFlag(d: Delimiter | string): string {
  return d === '\t' ? '--delimiter tab' : d === 'whitespace' ? '--delimiter whitespace' : `--delimiter '${d}'`;
}
