import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ServeError } from './serve-error.js';

/**
 * The directory a client names for a model swap, resolved inside the model root: `name` is relative
 * to the root, and after following symlinks the result must still lie strictly inside it. Anything
 * else (`..`, an absolute path, a symlink pointing out, a NUL byte) is refused with 403.
 */
export async function resolveInRoot(root: string, name: string): Promise<string> {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) {
    throw new ServeError('bad_request', `model: path must be a non-empty directory name inside the model root, got ${JSON.stringify(name)}`);
  }
  if (isAbsolute(name)) throw new ServeError('forbidden', `model: path ${JSON.stringify(name)} is absolute; name a directory relative to the model root`);
  const rootReal = await realpath(root);
  const target = resolve(rootReal, name);
  const outside = (p: string) => {
    const rel = relative(rootReal, p);
    return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (outside(target)) throw new ServeError('forbidden', `model: path ${JSON.stringify(name)} leaves the model root; name a directory inside it`);
  const real = await realpath(target).catch(() => null);
  if (real === null) throw new ServeError('not_found', `model: no directory ${JSON.stringify(name)} in the model root`);
  if (outside(real)) throw new ServeError('forbidden', `model: path ${JSON.stringify(name)} resolves outside the model root (symlink); name a directory inside it`);
  if (!(await stat(real)).isDirectory()) throw new ServeError('bad_request', `model: ${JSON.stringify(name)} is not a directory`);
  return real;
}
