import { readdir } from 'node:fs/promises';

/**
 * The data files of a directory Spark wrote, sorted by name. Like Hadoop's input listing, names
 * starting with `_` (`_SUCCESS`, `_metadata`) or `.` (`.part-00000.crc` checksums) are not data.
 */
export async function sparkDataFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}
