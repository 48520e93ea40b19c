import { userPathOf } from '../io/output-transaction.js';

/** What a file-system error code means for the user, and what to do about it. */
const FIXES: Record<string, (path: string) => string> = {
  ENOENT: (p) => `${p} does not exist; check the path`,
  EEXIST: (p) => `${p} already exists; choose another path, or remove it first`,
  EISDIR: (p) => `${p} is a directory; give a file name`,
  ENOTDIR: (p) => `a part of ${p} is a file, not a folder; choose a path in a folder`,
  EACCES: (p) => `no permission to access ${p}; choose a path you can write to, or change its permissions`,
  EPERM: (p) => `the system refused the operation on ${p}; choose another path`,
  EROFS: (p) => `${p} is on a read-only file system; write elsewhere`,
  ENOSPC: (p) => `no space left on the device holding ${p}; free some space or write elsewhere`,
  EMFILE: (p) => `too many open files while opening ${p}; raise the limit (ulimit -n) and run again`,
  ENAMETOOLONG: (p) => `the path ${p} is too long; choose a shorter one`,
};

/**
 * The message of an error as the CLI prints it. A raw Node file-system error
 * (`EEXIST: file already exists, mkdir 'test.csv'`, `ENOENT … '.nope.csv.tmp-2849-e5015feb'`) becomes
 * a sentence naming the user's path — never alsrec's temporary name — and the fix.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const sys = e as NodeJS.ErrnoException & { dest?: string };
  const fix = sys.code ? FIXES[sys.code] : undefined;
  if (fix && typeof sys.path === 'string') {
    // A failed rename names the temporary as `path` and the user's file as `dest`.
    const path = userPathOf(sys.code === 'EISDIR' || sys.code === 'ENOTDIR' ? (sys.dest ?? sys.path) : sys.path);
    return `${fix(path)} (${sys.code})`;
  }
  return e.message ?? String(e);
}

