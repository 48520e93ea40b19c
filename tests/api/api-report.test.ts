import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, REPORT_FILE, apiReport } from '../../scripts/api-report.js';

describe('apiReport', () => {
  it("lists each export of an entry with its kind, source file and declaration, private members left out", () => {
    const report = apiReport([{ specifier: 'fixture', file: 'tests/fixtures/api/entry.ts' }], REPO, []);
    const body = report.slice(report.indexOf("## 'fixture'"));
    expect(body).toBe(
      [
        "## 'fixture' (6 names)",
        '',
        '### Counter (class, tests/fixtures/api/entry.ts)',
        '',
        '```ts',
        'class Counter {',
        '  constructor(start?: number);',
        '  static zero(): Counter;',
        '  readonly start: number;',
        '  readonly count: number;',
        '  add(n: number): Counter;',
        '}',
        '```',
        '',
        '### LIMIT (const, tests/fixtures/api/entry.ts)',
        '',
        '```ts',
        'const LIMIT: 3;',
        '```',
        '',
        '### Opts (interface, tests/fixtures/api/entry.ts)',
        '',
        '```ts',
        'interface Opts {',
        '  a?: number;',
        "  b: 'x' | 'y';",
        '  run?(h: Hidden): void;',
        '}',
        '```',
        '',
        '### Pair (type, tests/fixtures/api/entry.ts)',
        '',
        '```ts',
        'type Pair = [number, string];',
        '```',
        '',
        '### Renamed (interface, tests/fixtures/api/hidden.ts)',
        '',
        '```ts',
        'interface Renamed {',
        '  id: number;',
        '}',
        '```',
        '',
        '### twice (function, tests/fixtures/api/entry.ts)',
        '',
        '```ts',
        'function twice(x: number, label?: string): number;',
        '```',
        '',
      ].join('\n'),
    );
  });
});

describe("the public API of 'alsrec' and 'alsrec/node'", () => {
  it(`is the one checked in as ${REPORT_FILE}`, async () => {
    const checkedIn = await readFile(join(REPO, REPORT_FILE), 'utf8');
    const now = apiReport();
    const lines = (text: string) => new Set(text.split('\n'));
    const [before, after] = [lines(checkedIn), lines(now)];
    const changed = [...[...before].filter((l) => !after.has(l)).map((l) => `- ${l}`), ...[...after].filter((l) => !before.has(l)).map((l) => `+ ${l}`)];
    expect(
      now === checkedIn ? [] : changed.length > 0 ? changed : ['(the same lines in another order)'],
      `the exported API (src/index.ts, src/node.ts) differs from ${REPORT_FILE}: run \`npm run api-report\` if the change is intended, and review the diff`,
    ).toEqual([]);
  });
});
