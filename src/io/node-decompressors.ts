import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { CompressionCodec, Compressors } from 'hyparquet';

/**
 * Page decompressors Node has built in, for what hyparquet lacks: it decodes UNCOMPRESSED and
 * SNAPPY (Spark's default) itself; GZIP and BROTLI come from node:zlib. ZSTD, LZ4, LZ4_RAW and LZO
 * would need the hyparquet-compressors package, which alsrec does not depend on.
 */
export const NODE_DECOMPRESSORS: Compressors = {
  GZIP: (input) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
};

const READABLE: CompressionCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'];

/** Throws an error naming `path`, the codec and the fix when alsrec cannot decompress `codec`. */
export function checkReadableCodec(codec: CompressionCodec, path: string): void {
  if (!READABLE.includes(codec)) {
    throw new Error(
      `${path} is compressed with ${codec}, which alsrec cannot read (it reads ${READABLE.join(', ')}); ` +
        `re-save the model from Spark with spark.sql.parquet.compression.codec=snappy`,
    );
  }
}
