/** A plain-text table with a header rule; numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === '—'));
  const line = (r: string[]) =>
    r.map((c, j) => (numeric[j] && j > 0 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

/** 4 significant decimals for metrics, integers as they are; 'n/a' for an undefined value (NaN). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (Number.isInteger(x) && Math.abs(x) >= 1) return String(x);
  return x.toFixed(4);
}

/** "1 item", "2 items", "0 users". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
