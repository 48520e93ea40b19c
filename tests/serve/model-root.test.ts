import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInRoot } from '../../src/serve/model-root.js';

describe('resolveInRoot', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'alsrec-root-'));
    root = join(base, 'models');
    await mkdir(join(root, 'v1'), { recursive: true });
    await mkdir(join(root, 'nested', 'v2'), { recursive: true });
    await mkdir(join(base, 'secret'));
    await writeFile(join(root, 'file.txt'), 'x');
    await symlink(join(base, 'secret'), join(root, 'escape'));
    await symlink(join(root, 'v1'), join(root, 'alias'));
  });
  afterAll(async () => rm(base, { recursive: true, force: true }));

  it('resolves directories inside the root, symlinks that stay inside included', async () => {
    expect(await resolveInRoot(root, 'v1')).toBe(join(root, 'v1'));
    expect(await resolveInRoot(root, 'nested/v2')).toBe(join(root, 'nested', 'v2'));
    expect(await resolveInRoot(root, 'nested/../v1')).toBe(join(root, 'v1'));
    expect(await resolveInRoot(root, 'alias')).toBe(join(root, 'v1'));
  });

  it('refuses every way out of the root with 403', async () => {
    for (const name of ['..', '../secret', 'v1/../../secret', '/etc', join(base, 'secret'), 'escape', '.']) {
      await expect(resolveInRoot(root, name), name).rejects.toMatchObject({ status: 403 });
    }
  });

  it('names a missing directory, a file, an empty name and a NUL byte', async () => {
    await expect(resolveInRoot(root, 'v9')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('"v9"') });
    await expect(resolveInRoot(root, 'file.txt')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not a directory') });
    await expect(resolveInRoot(root, '')).rejects.toMatchObject({ status: 400 });
    await expect(resolveInRoot(root, 'v1\0')).rejects.toMatchObject({ status: 400 });
  });
});
