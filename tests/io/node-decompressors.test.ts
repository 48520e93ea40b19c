import { describe, expect, it } from 'vitest';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { NODE_DECOMPRESSORS, checkReadableCodec } from '../../src/io/node-decompressors.js';

describe('NODE_DECOMPRESSORS', () => {
  it('undoes gzip and brotli', () => {
    const data = new TextEncoder().encode('factors '.repeat(100));
    expect(NODE_DECOMPRESSORS.GZIP!(gzipSync(data), data.length)).toEqual(data);
    expect(NODE_DECOMPRESSORS.BROTLI!(brotliCompressSync(data), data.length)).toEqual(data);
  });
});

describe('checkReadableCodec', () => {
  it('accepts what hyparquet or node:zlib decompress and names the fix for the rest', () => {
    for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'] as const) expect(() => checkReadableCodec(codec, 'f')).not.toThrow();
    expect(() => checkReadableCodec('LZ4_RAW', 'f.parquet')).toThrow('f.parquet is compressed with LZ4_RAW, which alsrec cannot read');
  });
});
