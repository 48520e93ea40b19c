import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ServeError } from './serve-error.js';

/**
 * Bearer tokens, one per line of the token file (blank lines and `#` comments ignored). A presented
 * token is compared with every known token in constant time: both sides are hashed to 32 bytes
 * first (so lengths leak nothing) and compared with timingSafeEqual, and the loop never stops early.
 */
export class Tokens {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  static async fromFile(path: string): Promise<Tokens> {
    const text = await readFile(path, 'utf8').catch((e: Error) => {
      throw new Error(`serve: cannot read --token-file ${path}: ${e.message}`);
    });
    const tokens = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    if (tokens.length === 0) throw new Error(`serve: --token-file ${path} holds no token; put one token per line`);
    const short = tokens.find((t) => t.length < 16);
    if (short !== undefined) throw new Error(`serve: a token in ${path} has ${short.length} characters; use at least 16 (e.g. openssl rand -hex 24)`);
    return new Tokens(tokens);
  }

  get size(): number {
    return this.digests.length;
  }

  /** True when `token` is one of the known tokens. */
  matches(token: string): boolean {
    const d = digest(token);
    let ok = false;
    for (const known of this.digests) ok = timingSafeEqual(d, known) || ok;
    return ok;
  }

  /** Checks an `Authorization` header; throws 401 naming what is wrong. */
  check(header: string | undefined): void {
    if (header === undefined) throw new ServeError('unauthorized', 'this route needs a token: send Authorization: Bearer <token>');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ServeError('unauthorized', 'Authorization header must be "Bearer <token>"');
    if (!this.matches(m[1]!)) throw new ServeError('unauthorized', 'unknown token');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
