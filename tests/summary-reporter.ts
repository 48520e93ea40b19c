import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { ALLOWED_SKIPS, type AllowedSkip } from './allowed-skips.js';

/** A skipped test: its file relative to the root, and its full name ('suite > test'). */
export interface SkippedTest {
  file: string;
  test: string;
}

/** The skips no entry allows: an entry covers its test, or every test of the suite it names. */
export function disallowedSkips(skipped: readonly SkippedTest[], allowed: readonly AllowedSkip[]): SkippedTest[] {
  return skipped.filter((s) => !allowed.some((a) => a.file === s.file && (s.test === a.test || s.test.startsWith(`${a.test} > `))));
}

/** CI=true (or 1), as CI services and .ci/run set it. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

export interface SummaryReporterOptions {
  /** Skips CI tolerates; default: tests/allowed-skips.ts. */
  allowedSkips?: readonly AllowedSkip[];
}

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", after vitest's own
 * summary, so CI logs state the count in a form any tool reads. Under CI=true it also fails the
 * run (exit code 1) when a test was skipped that tests/allowed-skips.ts does not list, naming it.
 */
export default class SummaryReporter implements Reporter {
  private root = process.cwd();
  private readonly allowed: readonly AllowedSkip[];

  constructor(options: SummaryReporterOptions = {}) {
    this.allowed = options.allowedSkips ?? ALLOWED_SKIPS;
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: SkippedTest[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped.push({ file: relative(this.root, m.moduleId).split('\\').join('/'), test: t.fullName });
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++; // a file that failed to load
    }
    const lines = [`tests: ${passed} passed, ${failed} failed, ${skipped.length} skipped`];
    const hidden = isCi() ? disallowedSkips(skipped, this.allowed) : [];
    if (hidden.length > 0) {
      process.exitCode = 1;
      lines.push(
        `tests: FAILED under CI=true: ${hidden.length} skipped test${hidden.length === 1 ? '' : 's'} not listed in tests/allowed-skips.ts ` +
          '(install what they need in .ci/ and set its ALSREC_REQUIRE_* variable, or list them there with a reason):',
        ...hidden.map((s) => `  ${s.file}: ${s.test}`),
      );
    }
    // after vitest's own summary, which is printed later in the same tick
    process.once('exit', () => process.stdout.write(lines.join('\n') + '\n'));
  }
}
