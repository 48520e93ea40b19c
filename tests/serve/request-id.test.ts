import { describe, expect, it } from 'vitest';
import { newRequestId, sourceOfRequestId } from '../../src/serve/request-id.js';

describe('request ids', () => {
  it('carry the source that answered, read back from the id alone', () => {
    for (const s of ['cf-cached', 'cf-computed', 'cf-live', 'fallback-popularity'] as const) {
      const id = newRequestId(s);
      expect(id).toMatch(/^[0-9a-f]{16}-/);
      expect(sourceOfRequestId(id)).toBe(s);
    }
  });

  it('are distinct from one request to the next, across refills of the random pool (1,024 ids each)', () => {
    const ids = new Set(Array.from({ length: 3000 }, () => newRequestId('cf-cached')));
    expect(ids.size).toBe(3000);
  });

  it('give no source for ids the service did not issue', () => {
    for (const id of ['', 'abc', '0123456789abcdef-cf-other', '0123456789abcdeg-cf-cached', 'x0123456789abcdef-cf-cached']) {
      expect(sourceOfRequestId(id)).toBeNull();
    }
  });
});
