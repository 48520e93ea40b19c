import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { writeDirAtomic } from './atomic.js';
import { extractEntry, listZip } from './unzip.js';

/** The MovieLens releases GroupLens publishes as ml-<size>.zip. */
export type MovieLensSize = '100k' | '1m' | '10m' | '20m' | '25m' | '32m' | 'latest-small';

export const MOVIELENS_SIZES: readonly MovieLensSize[] = ['100k', '1m', '10m', '20m', '25m', '32m', 'latest-small'];

export const MOVIELENS_BASE_URL = 'https://files.grouplens.org/datasets/movielens';

/** The ratings file each release must contain. */
export function movieLensRatingsFile(size: MovieLensSize): string {
  return size === '100k' ? 'u.data' : size === '1m' || size === '10m' ? 'ratings.dat' : 'ratings.csv';
}

export interface FetchMovieLensOptions {
  /** Where datasets live; default $ALSREC_CACHE, else ~/.cache/alsrec. The data goes to <cacheDir>/ml-<size>. */
  cacheDir?: string;
  /** The fetch to use; default the global fetch. Tests inject one. */
  fetch?: (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;
  /**
   * How long to wait for the server to answer (connection and response headers), in ms; then the
   * download gives up, so an offline machine learns it at once. Default DOWNLOAD_TIMEOUT_MS (3 s).
   */
  timeoutMs?: number;
  /** Download location; default MOVIELENS_BASE_URL. */
  baseUrl?: string;
  /** Called as bytes arrive; `total` is null when the server sends no length. */
  onProgress?: (received: number, total: number | null) => void;
}

export const DOWNLOAD_TIMEOUT_MS = 3000;

/** A download that failed, with what a caller needs to say where the files can go instead. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** Why: 'fetch failed', 'HTTP 404 Not Found', 'no answer within 3 s', … */
    readonly reason: string,
    /** Where the unzipped files are looked for, and the ratings file that must be there. */
    readonly dir: string,
    readonly ratingsPath: string,
    /** Where a zip downloaded elsewhere can be put. */
    readonly zipPath: string,
  ) {
    super(message);
  }
}

/** $ALSREC_CACHE, else ~/.cache/alsrec. */
export function defaultCacheDir(): string {
  return process.env['ALSREC_CACHE'] || join(homedir(), '.cache', 'alsrec');
}

/**
 * Makes MovieLens `size` available locally and returns its directory, <cacheDir>/ml-<size>, which
 * then holds the archive's files (u.data or ratings.*, movies.*, …) directly.
 *
 * 1. When the directory already holds the ratings file, returns it without touching the network
 *    (also for <cacheDir>/ml-10M100K, the folder name inside ml-10m.zip).
 * 2. Else uses <cacheDir>/ml-<size>.zip when present, or downloads it.
 * 3. Verifies the archive — the CRC-32 and size of every entry, and that the ratings file is in it —
 *    and unpacks it atomically (a failed run leaves no half-filled directory).
 */
export async function fetchMovieLens(size: MovieLensSize, opts: FetchMovieLensOptions = {}): Promise<string> {
  if (!MOVIELENS_SIZES.includes(size)) {
    throw new Error(`fetchMovieLens: size must be one of ${MOVIELENS_SIZES.join(', ')}, got ${JSON.stringify(size)}`);
  }
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const dir = join(cacheDir, `ml-${size}`);
  const ratings = movieLensRatingsFile(size);
  for (const candidate of size === '10m' ? [dir, join(cacheDir, 'ml-10M100K')] : [dir]) {
    if (await isFile(join(candidate, ratings))) return candidate;
  }
  const zipName = `ml-${size}.zip`;
  const zipPath = join(cacheDir, zipName);
  const url = `${opts.baseUrl ?? MOVIELENS_BASE_URL}/${zipName}`;
  const zip = (await isFile(zipPath)) ? new Uint8Array(await readFile(zipPath)) : await download(url, dir, ratings, zipPath, opts);
  await unpack(zip, zipPath, dir, ratings);
  return dir;
}

async function download(
  url: string,
  dir: string,
  ratings: string,
  zipPath: string,
  opts: FetchMovieLensOptions,
): Promise<Uint8Array> {
  const doFetch = opts.fetch ?? ((u: string, init?: { signal?: AbortSignal }) => fetch(u, init));
  const help =
    `If this machine is offline, download ${url} elsewhere and unzip it so that ${join(dir, ratings)} exists ` +
    `(the files go directly in ${dir}), or put the zip at ${zipPath}, or pass --data DIR with an unzipped MovieLens directory.`;
  try {
    const res = await withTimeout(doFetch, url, opts.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
    return await readBody(res, opts.onProgress);
  } catch (e) {
    const reason = (e as Error).message;
    throw new DownloadError(`fetchMovieLens: downloading ${url} failed (${reason}). ${help}`, url, reason, dir, join(dir, ratings), zipPath);
  }
}

/**
 * The response of `doFetch(url)`, or an error 'no answer within N s' once `ms` pass without one
 * (the request is aborted; an injected fetch that ignores the signal is left behind, not awaited).
 */
async function withTimeout(
  doFetch: NonNullable<FetchMovieLensOptions['fetch']>,
  url: string,
  ms: number,
): Promise<Response> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([doFetch(url, { signal: controller.signal }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(res: Response, onProgress?: (received: number, total: number | null) => void): Promise<Uint8Array> {
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.(received, total);
  }
  if (total !== null && received !== total) throw new Error(`received ${received} of ${total} bytes`);
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Checks every entry, then writes them into `dir` without the archive's top folder (ml-100k/,
 * ml-10M100K/, …). Entry names that would escape the directory are refused.
 */
async function unpack(zip: Uint8Array, label: string, dir: string, ratings: string): Promise<void> {
  const entries = listZip(zip, label).filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'));
  const top = commonTopFolder(entries.map((e) => e.name));
  const files = entries.map((e) => ({ entry: e, rel: e.name.slice(top.length) }));
  for (const { entry, rel } of files) {
    const norm = normalize(rel);
    if (rel === '' || norm.startsWith('..') || norm.startsWith(sep) || /^[A-Za-z]:/.test(norm)) {
      throw new Error(`${label}: entry ${JSON.stringify(entry.name)} would be written outside ${dir}; refusing to unpack`);
    }
  }
  if (!files.some((f) => f.rel === ratings)) {
    throw new Error(
      `${label}: the archive has no ${ratings}; it is not the expected MovieLens release or the download is incomplete — ` +
        `delete ${label} if it exists and run again`,
    );
  }
  await writeDirAtomic(
    dir,
    async (tmp) => {
      for (const { entry, rel } of files) {
        const data = extractEntry(zip, entry, label); // throws on a CRC or size mismatch
        const target = join(tmp, rel);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, data);
      }
    },
    { overwrite: true },
  );
}

/** "ml-100k/" when every name starts with that one folder, else "". */
function commonTopFolder(names: string[]): string {
  const first = names[0];
  const slash = first === undefined ? -1 : first.indexOf('/');
  if (slash < 0) return '';
  const top = first!.slice(0, slash + 1);
  return names.every((n) => n.startsWith(top)) ? top : '';
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
