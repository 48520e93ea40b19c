import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DownloadError, fetchMovieLens } from '../io/fetch-movielens.js';
import { UsageError } from './cli-io.js';

/**
 * Where MovieLens 100k is: --data DIR, else $ALSREC_ML100K, else the download cache (fetched once,
 * from $ALSREC_MOVIELENS_URL when set — a mirror — else GroupLens; an unanswered download gives up
 * after 3 s and the message names ALSREC_ML100K first).
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
  try {
    return await fetchMovieLens('100k', { cacheDir: env.ALSREC_CACHE, baseUrl: env.ALSREC_MOVIELENS_URL || undefined });
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e;
    throw new UsageError(
      `quickstart: MovieLens 100k is needed and the download failed (${e.reason}). ` +
        `Set ALSREC_ML100K to the unzipped ml-100k directory (the folder holding u.data), or pass --data DIR. ` +
        `Or download ${e.url} on another machine and unzip it so that ${e.ratingsPath} exists, or put the zip at ${e.zipPath}.`,
    );
  }
}
