import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Interactions } from '../../src/data/interactions.js';
import { readDelimited, resolveColumns, type DelimitedOptions } from '../../src/io/read-delimited.js';
import { delimitedLayout } from '../../src/io/delimited-layout.js';
import { readFirstLines } from '../../src/io/read-sample.js';
import { readDelimitedParallel } from '../../src/io/read-parallel.js';
import { readRange } from '../../src/io/read-range.js';
import { SourceTrace } from '../../src/io/source-trace.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-parallel-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function file(text: string): Promise<string> {
  const path = join(dir, `f${counter++}.txt`);
  await writeFile(path, text);
  return path;
}

/** Everything a read returns, as plain values (ids as external ids, NaN kept as 'NaN'). */
function plain(d: Interactions) {
  const nums = (a: ArrayLike<number> | undefined) => (a ? Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : v)) : null);
  return {
    users: Array.from(d.users, (u) => d.userIds.toExternal(u)),
    items: Array.from(d.items, (i) => d.itemIds.toExternal(i)),
    userIds: d.userIds.ids(),
    itemIds: d.itemIds.ids(),
    ratings: nums(d.ratings),
    timestamps: nums(d.timestamps),
    sourceLines: nums(d.sourceLines),
  };
}

/** Result or error message of a read. */
async function outcome(read: () => Promise<Interactions | null>) {
  try {
    const d = await read();
    return d === null ? null : { ok: plain(d) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** readDelimitedParallel with every range read on this thread (readRange), as readDelimited would call it. */
async function parallel(path: string, opts: DelimitedOptions, threads: number) {
  const layout = delimitedLayout(path, await readFirstLines(path, 50, opts.encoding), opts);
  const columns = (h: string[]) => {
    const c = resolveColumns(path, h, opts);
    opts.trace?.describe(path, { kind: 'delimited', delimiter: layout.delimiter, header: layout.header, encoding: opts.encoding }, h, c.rating);
    return c;
  };
  return readDelimitedParallel(path, { layout, opts, threads, columns, runRange: readRange });
}

// Random files: int ids (now and then a text id, which sends the file to one thread), ratings with
// decimals, timestamps with empty cells, a note column with quoted delimiters, "" and line breaks,
// CRLF or LF, a BOM, blank lines, with or without a header and a final newline.
const idArb = fc.oneof({ weight: 60, arbitrary: fc.integer({ min: -5, max: 40 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('007', 'a', '+3', '') });
const noteArb = fc.oneof(
  fc.constantFrom('x', '', 'plain text'),
  fc.constantFrom('"a, b"', '"say ""hi"""', '"two\nlines"', '"x\r\nCRLF inside"', 'un"quoted'),
);
const fileArb = fc.record({
  delimiter: fc.constantFrom(',', '\t', ';'),
  header: fc.boolean(),
  timestamps: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  duplicates: fc.constantFrom('sum', 'error', 'last') as fc.Arbitrary<'sum' | 'error' | 'last'>,
  rows: fc.array(
    fc.record({
      user: idArb,
      item: idArb,
      rating: fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: 1, max: 5 }).map(String) },
        { weight: 5, arbitrary: fc.constantFrom('2.5', '0.125', ' 4') },
        { weight: 1, arbitrary: fc.constant('bad') },
      ),
      ts: fc.oneof(fc.integer({ min: 0, max: 1e9 }).map(String), fc.constant('')),
      note: noteArb,
      blankBefore: fc.boolean().map((b) => b && Math.random() < 0.2),
    }),
    { minLength: 1, maxLength: 60 },
  ),
  threads: fc.integer({ min: 2, max: 6 }),
});

function render(f: fc.Arbitrary<unknown> extends never ? never : typeof fileArb extends fc.Arbitrary<infer T> ? T : never): string {
  const nl = f.crlf ? '\r\n' : '\n';
  const d = f.delimiter;
  const note = (s: string) => (d === ',' ? s : s.replace(/,/g, d));
  const lines: string[] = [];
  if (f.header) lines.push(['user', 'item', 'rating', ...(f.timestamps ? ['timestamp'] : []), 'note'].join(d));
  for (const r of f.rows) {
    if (r.blankBefore) lines.push('');
    lines.push([r.user, r.item, r.rating, ...(f.timestamps ? [r.ts] : []), note(r.note)].join(d));
  }
  return (f.bom ? '\ufeff' : '') + lines.join(nl) + (f.finalNewline ? nl : '');
}

describe('readDelimitedParallel', () => {
  it('gives the single-thread reader’s rows, ids, line numbers and errors on random files, or declines (null)', async () => {
    let tookParallel = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const path = await file(render(f));
        const columns = f.header ? undefined : ['user', 'item', 'rating', ...(f.timestamps ? ['timestamp'] : []), 'note'];
        const base: DelimitedOptions = { delimiter: f.delimiter, header: f.header, columns, duplicates: f.duplicates };
        const one = await outcome(() => readDelimited(path, { ...base, threads: 1, trace: new SourceTrace() }));
        const many = await outcome(() => parallel(path, { ...base, trace: new SourceTrace() }, f.threads));
        if (many === null) return;
        tookParallel++;
        expect(many).toEqual(one);
      }),
      { numRuns: 150 },
    );
    // The property is not vacuous: most random files are read in parallel.
    expect(tookParallel).toBeGreaterThan(50);
  });

  it('declines a file whose quoted line break crosses a cut, and readDelimited then reads it on one thread', async () => {
    // Cut at the middle byte: it falls inside the quoted note of the second row.
    const text = 'user,item,rating,note\n1,2,3,"' + 'a\n'.repeat(20) + '"\n4,5,6,x\n';
    const path = await file(text);
    expect(await parallel(path, {}, 2)).toBeNull();
    const d = await readDelimited(path, { threads: 2 });
    expect(plain(d).users).toEqual([1, 4]);
  });
});

describe('readDelimited with threads', () => {
  it('reads a file on real worker threads with the same result as on one thread', async () => {
    const lines = ['user,item,rating,timestamp'];
    for (let r = 0; r < 5000; r++) lines.push(`${(r * 7919) % 301},${(r * 104729) % 997},${(r % 5) + 0.5},${r === 17 ? '' : 1000 + r}`);
    const path = await file('\ufeff' + lines.join('\r\n') + '\r\n');
    const trace = new SourceTrace();
    const two = plain(await readDelimited(path, { threads: 2, duplicates: 'sum', trace }));
    const one = plain(await readDelimited(path, { threads: 1, duplicates: 'sum', trace: new SourceTrace() }));
    expect(two).toEqual(one);
    expect(trace.columns).toEqual(['user', 'item', 'rating', 'timestamp']);
  });

  it('rejects a threads value that is not a positive integer, naming it', async () => {
    const path = await file('user,item,rating\n1,2,3\n');
    await expect(readDelimited(path, { threads: 0 })).rejects.toThrow(/threads must be an integer >= 1 or 'auto', got 0/);
  });
});
