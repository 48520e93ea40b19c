import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disallowedSkips, isCi } from './summary-reporter.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/skip-policy/', import.meta.url));
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/**
 * Runs vitest on the fixture (one passing test, one listed skip 'allowed > may skip', one unlisted
 * skip 'optional > needs a tool' unless FIXTURE_TOOL=1) with the summary reporter, in a child process.
 */
function runFixture(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CI: '', FIXTURE_TOOL: '', ...env };
  delete childEnv.VITEST;
  delete childEnv.VITEST_WORKER_ID;
  delete childEnv.VITEST_POOL_ID;
  return new Promise((resolve) => {
    execFile(process.execPath, [VITEST, 'run', '--root', FIXTURE, '--config', 'vitest.config.mjs'], { env: childEnv }, (error, stdout) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

describe('disallowedSkips', () => {
  const allowed = [{ file: 'tests/a.test.ts', test: 'suite', reason: 'r' }];

  it('lets a listed suite skip all its tests, and nothing else in the file or elsewhere', () => {
    const skipped = [
      { file: 'tests/a.test.ts', test: 'suite > one' },
      { file: 'tests/a.test.ts', test: 'suite' },
      { file: 'tests/a.test.ts', test: 'suite two > one' }, // a longer name, not a child
      { file: 'tests/b.test.ts', test: 'suite > one' }, // same name, another file
    ];
    expect(disallowedSkips(skipped, allowed)).toEqual(skipped.slice(2));
  });
});

describe('isCi', () => {
  it("is true for CI 'true' or '1', false when unset or empty", () => {
    expect([isCi({ CI: 'true' }), isCi({ CI: '1' }), isCi({}), isCi({ CI: '' }), isCi({ CI: 'false' })]).toEqual([true, true, false, false, false]);
  });
});

describe('the summary reporter, run by vitest on a fixture', () => {
  it('fails the run under CI=true on a skip that tests/allowed-skips.ts does not list, and names it', async () => {
    const r = await runFixture({ CI: 'true' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tests: 1 passed, 0 failed, 2 skipped');
    expect(r.stdout).toContain('1 skipped test not listed in tests/allowed-skips.ts');
    expect(r.stdout).toContain('skips.fixture.ts: optional > needs a tool');
    expect(r.stdout).not.toContain('allowed > may skip'); // listed, so not reported
  });

  it('passes under CI=true when the only skip is listed', async () => {
    const r = await runFixture({ CI: 'true', FIXTURE_TOOL: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tests: 2 passed, 0 failed, 1 skipped');
  });

  it('only counts skips outside CI', async () => {
    const r = await runFixture({});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tests: 1 passed, 0 failed, 2 skipped');
    expect(r.stdout).not.toContain('FAILED');
  });
});
