/**
 * An event time in seconds: a number as it is (epoch seconds, or any unit the caller keeps
 * consistent), or an ISO 8601 date-time string ("2024-05-01T12:00:00Z", "2024-05-01"), converted to
 * epoch seconds. NaN when the text is neither.
 */
export function parseTimestamp(v: string | number): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  const s = v.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return NaN;
  const ms = Date.parse(s.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}

/** "7d", "12h", "30m", "45s" or a number of seconds → seconds; NaN when unreadable. */
export function parseDuration(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/.exec(v);
  if (!m) return NaN;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}
