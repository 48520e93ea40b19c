import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, DownloadError, fetchMovieLens, movieLensRatingsFile } from '../../src/io/fetch-movielens.js';
import { readMovieLens } from '../../src/io/read-movielens.js';
import { buildZip } from './zip-writer.js';
import { silentServer } from '../silent-server.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'alsrec-fetch-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let n = 0;
const freshCache = () => join(root, `cache${n++}`);

/** A fetch that must not be called. */
const noNetwork = async (): Promise<Response> => {
  throw new Error('test: the network was used');
};

/** A fetch that fails as an offline machine's does, recording the URL asked for. */
function offline(urls: string[]) {
  return async (url: string): Promise<Response> => {
    urls.push(url);
    throw new TypeError('fetch failed');
  };
}

/** A made-up ml-100k.zip (top folder ml-100k/, like the real one); a corrupt entry is stored so its CRC catches it. */
const fakeArchive = (opts: { corrupt?: boolean; ratings?: string } = {}) =>
  buildZip([
    { name: 'ml-100k/', data: '', method: 0 },
    { name: `ml-100k/${opts.ratings ?? 'u.data'}`, data: '1\t10\t5\t100\n2\t10\t3\t200\n', corrupt: opts.corrupt, method: opts.corrupt ? 0 : 8 },
    { name: 'ml-100k/README', data: 'made up for a test', method: 0 },
  ]);

describe('fetchMovieLens', () => {
  it('knows each release ratings file', () => {
    expect(['100k', '1m', '10m', '25m', 'latest-small'].map((s) => movieLensRatingsFile(s as never))).toEqual([
      'u.data',
      'ratings.dat',
      'ratings.dat',
      'ratings.csv',
      'ratings.csv',
    ]);
  });

  it('returns an already filled cache directory without using the network', async () => {
    const cacheDir = freshCache();
    await mkdir(join(cacheDir, 'ml-1m'), { recursive: true });
    await writeFile(join(cacheDir, 'ml-1m', 'ratings.dat'), '1::2::3::4\n');
    expect(await fetchMovieLens('1m', { cacheDir, fetch: noNetwork })).toBe(join(cacheDir, 'ml-1m'));
  });

  it('accepts ml-10M100K, the folder name inside ml-10m.zip, as the 10m cache', async () => {
    const cacheDir = freshCache();
    await mkdir(join(cacheDir, 'ml-10M100K'), { recursive: true });
    await writeFile(join(cacheDir, 'ml-10M100K', 'ratings.dat'), '1::2::3::4\n');
    expect(await fetchMovieLens('10m', { cacheDir, fetch: noNetwork })).toBe(join(cacheDir, 'ml-10M100K'));
  });

  it('offline: says the download failed and exactly where to put the files, or --data', async () => {
    const cacheDir = freshCache();
    const urls: string[] = [];
    const err = await fetchMovieLens('100k', { cacheDir, fetch: offline(urls) }).catch((e: Error) => e);
    expect(urls).toEqual(['https://files.grouplens.org/datasets/movielens/ml-100k.zip']);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain('downloading https://files.grouplens.org/datasets/movielens/ml-100k.zip failed (fetch failed)');
    expect(message).toContain(`so that ${join(cacheDir, 'ml-100k', 'u.data')} exists`);
    expect(message).toContain(`the files go directly in ${join(cacheDir, 'ml-100k')}`);
    expect(message).toContain('--data DIR');
  });

  it('gives up on a server that never answers after timeoutMs (default 3 s), with what to do', async () => {
    const server = await silentServer();
    try {
      const t0 = performance.now();
      const err = await fetchMovieLens('100k', { cacheDir: freshCache(), baseUrl: server.url, timeoutMs: 300 }).catch((e: Error) => e);
      const ms = performance.now() - t0;
      expect(ms).toBeGreaterThanOrEqual(290);
      expect(ms).toBeLessThan(2000);
      expect(err).toBeInstanceOf(DownloadError);
      expect((err as DownloadError).reason).toBe('no answer within 0.3 s');
      expect((err as Error).message).toContain(`downloading ${server.url}/ml-100k.zip failed (no answer within 0.3 s)`);
    } finally {
      await server.close();
    }
  });

  it('reports an HTTP error status the same way', async () => {
    const fetch404 = async () => new Response('no', { status: 404, statusText: 'Not Found' });
    await expect(fetchMovieLens('32m', { cacheDir: freshCache(), fetch: fetch404 })).rejects.toThrow('failed (HTTP 404 Not Found)');
  });

  it('downloads, verifies and unpacks into <cache>/ml-<size> without the top folder, then reads', async () => {
    const cacheDir = freshCache();
    const progress: number[] = [];
    const zip = fakeArchive();
    const dir = await fetchMovieLens('100k', {
      cacheDir,
      fetch: async () => new Response(zip, { headers: { 'content-length': String(zip.length) } }),
      onProgress: (received) => progress.push(received),
    });
    expect(dir).toBe(join(cacheDir, 'ml-100k'));
    expect((await readdir(dir)).sort()).toEqual(['README', 'u.data']);
    expect(progress.at(-1)).toBe(zip.length);
    const data = await readMovieLens(dir);
    expect(data.users.length).toBe(2);
    // Second call: served from the cache.
    expect(await fetchMovieLens('100k', { cacheDir, fetch: noNetwork })).toBe(dir);
  });

  it('unpacks a zip already placed in the cache directory, offline', async () => {
    const cacheDir = freshCache();
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, 'ml-100k.zip'), fakeArchive());
    const dir = await fetchMovieLens('100k', { cacheDir, fetch: noNetwork });
    expect(await readFile(join(dir, 'README'), 'utf-8')).toBe('made up for a test');
  });

  it('refuses a corrupt download and leaves no directory behind', async () => {
    const cacheDir = freshCache();
    const zip = fakeArchive({ corrupt: true });
    await expect(fetchMovieLens('100k', { cacheDir, fetch: async () => new Response(zip) })).rejects.toThrow(
      'entry ml-100k/u.data: CRC-32',
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('refuses an archive without the expected ratings file', async () => {
    const zip = fakeArchive({ ratings: 'ratings.csv' });
    await expect(fetchMovieLens('100k', { cacheDir: freshCache(), fetch: async () => new Response(zip) })).rejects.toThrow(
      'the archive has no u.data',
    );
  });

  it('refuses entry names that would escape the directory', async () => {
    const zip = buildZip([
      { name: 'u.data', data: '1\t2\t3\t4\n' },
      { name: '../evil', data: 'x' },
    ]);
    await expect(fetchMovieLens('100k', { cacheDir: freshCache(), fetch: async () => new Response(zip) })).rejects.toThrow(
      'would be written outside',
    );
  });

  it('rejects an unknown size', async () => {
    await expect(fetchMovieLens('5m' as never, { cacheDir: freshCache(), fetch: noNetwork })).rejects.toThrow(
      'size must be one of 100k, 1m, 10m, 20m, 25m, 32m, latest-small, got "5m"',
    );
  });

  it('defaults the cache to $ALSREC_CACHE', () => {
    const before = process.env['ALSREC_CACHE'];
    process.env['ALSREC_CACHE'] = '/somewhere/cache';
    try {
      expect(defaultCacheDir()).toBe('/somewhere/cache');
    } finally {
      if (before === undefined) delete process.env['ALSREC_CACHE'];
      else process.env['ALSREC_CACHE'] = before;
    }
  });
});
