/**
 * The one place that lists tests allowed to be skipped in CI (CI=true), each with its reason.
 * Under CI=true, tests/summary-reporter.ts fails the run when any other test is skipped, naming it.
 *
 * A test that needs something optional (a browser, PySpark, PostgreSQL, real data) skips when it is
 * missing on a developer's machine, but where CI installs it CI must run it. Two guards, both needed:
 * - ALSREC_REQUIRE_<THING>=1 (e.g. ALSREC_REQUIRE_BROWSER, set by .ci/run after
 *   .ci/install-browser.sh): the test fails instead of skipping when the thing is missing;
 * - this list: under CI=true a skip that is not listed here fails the run, so a test whose guard
 *   was forgotten cannot pass CI by skipping.
 * To allow a skip, add an entry whose reason says why CI may go without the test.
 */
export interface AllowedSkip {
  /** Test file, relative to the repository root (e.g. 'tests/io/unzip.test.ts'). */
  file: string;
  /** Full name of the test ('suite > nested suite > test'), or a suite's name for all its tests. */
  test: string;
  reason: string;
}

export const ALLOWED_SKIPS: readonly AllowedSkip[] = [
  {
    file: 'tests/io/unzip.test.ts',
    test: 'unzip > with the zip command',
    reason:
      "a cross-check against Info-ZIP's `zip` where that command exists; CI does not install it, and the " +
      'reader is tested on archives built in-process (tests/io/zip-writer.ts) either way',
  },
];
