import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchMovieLens } from '../io/fetch-movielens.js';
import { UsageError } from './cli-io.js';

/**
 * Where MovieLens 100k is: --data DIR, else $ALSREC_ML100K, else the download cache (fetched once).
 * A directory given by the user must hold u.data; the error says which path was tried.
 */
export async function resolveMovieLens100k(flag: string | undefined, env: Record<string, string | undefined>): Promise<string> {
  const given = flag ?? env.ALSREC_ML100K;
  if (given) {
    try {
      await access(join(given, 'u.data'));
    } catch {
      throw new UsageError(
        `quickstart: no u.data in ${given} (from ${flag ? '--data' : '$ALSREC_ML100K'}); point it at the unzipped ml-100k directory`,
      );
    }
    return given;
  }
  return fetchMovieLens('100k', { cacheDir: env.ALSREC_CACHE });
}
