import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokens } from '../../src/serve/auth.js';

describe('Tokens', () => {
  const tokens = new Tokens(['a'.repeat(20), 'b'.repeat(32)]);

  it('accepts each known token and nothing else (prefixes, longer strings, other case)', () => {
    expect(tokens.matches('a'.repeat(20))).toBe(true);
    expect(tokens.matches('b'.repeat(32))).toBe(true);
    expect(tokens.matches('a'.repeat(19))).toBe(false);
    expect(tokens.matches('a'.repeat(21))).toBe(false);
    expect(tokens.matches('A'.repeat(20))).toBe(false);
    expect(tokens.matches('')).toBe(false);
  });

  it('checks the Authorization header, saying what is missing or wrong', () => {
    expect(() => tokens.check(`Bearer ${'a'.repeat(20)}`)).not.toThrow();
    expect(() => tokens.check(undefined)).toThrow(/Authorization: Bearer/);
    expect(() => tokens.check(`Basic ${'a'.repeat(20)}`)).toThrow(/must be "Bearer <token>"/);
    expect(() => tokens.check('Bearer nope')).toThrow(/unknown token/);
  });

  it('reads one token per line, skipping blanks and comments, and refuses short or no tokens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alsrec-tokens-'));
    try {
      const good = join(dir, 'good.txt');
      await writeFile(good, `# service tokens\n\n${'x'.repeat(24)}\r\n  ${'y'.repeat(16)}  \n`);
      const t = await Tokens.fromFile(good);
      expect(t.size).toBe(2);
      expect(t.matches('y'.repeat(16))).toBe(true);
      const short = join(dir, 'short.txt');
      await writeFile(short, 'secret\n');
      await expect(Tokens.fromFile(short)).rejects.toThrow(/has 6 characters; use at least 16/);
      const empty = join(dir, 'empty.txt');
      await writeFile(empty, '# nothing\n');
      await expect(Tokens.fromFile(empty)).rejects.toThrow(/holds no token/);
      await expect(Tokens.fromFile(join(dir, 'missing.txt'))).rejects.toThrow(/cannot read --token-file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
