import { randomFillSync } from 'node:crypto';
import type { RecommendationSource } from './wire.js';

const SOURCES: readonly RecommendationSource[] = ['cf-cached', 'cf-computed', 'cf-live', 'hybrid', 'fallback-popularity'];

/**
 * A request id carries the source that answered: `<16 hex>-<source>` (e.g. `9f3a…-cf-cached`).
 * Impressions and clicks posted later, to this instance or another one sharing the store, are
 * attributed to a source from the id alone, with no lookup table to share.
 */
export function newRequestId(source: RecommendationSource): string {
  if (poolAt === POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const id = pool.toString('hex', poolAt, poolAt + 8);
  poolAt += 8;
  return `${id}-${source}`;
}

/** Random bytes drawn 8 KiB at a time: one system call per 1,024 ids instead of one per id. */
const POOL_BYTES = 8192;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

/** The source encoded in a request id, or null for an id this service did not issue. */
export function sourceOfRequestId(requestId: string): RecommendationSource | null {
  const m = /^[0-9a-f]{16}-(.+)$/.exec(requestId);
  if (!m) return null;
  return (SOURCES as readonly string[]).includes(m[1]!) ? (m[1] as RecommendationSource) : null;
}
