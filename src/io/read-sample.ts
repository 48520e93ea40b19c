import { forEachLine, type TextEncoding } from './read-lines.js';

/** The first `n` lines of a text file (fewer when it is shorter), for sniffing its layout. */
export async function readFirstLines(path: string, n = 50, encoding: TextEncoding = 'utf-8'): Promise<string[]> {
  const lines: string[] = [];
  await forEachLine(
    path,
    (text, start, end) => {
      lines.push(text.slice(start, end));
      return lines.length < n ? undefined : false;
    },
    { encoding, chunkBytes: 64 << 10 },
  );
  return lines;
}
