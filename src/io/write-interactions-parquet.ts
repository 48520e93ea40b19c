import { parquetWriteBuffer } from 'hyparquet-writer';
import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { writeFileAtomic } from './atomic.js';

/**
 * Writes interactions as Parquet (columns user, item, rating FLOAT, and timestamp DOUBLE when
 * present), atomically. Ids are INT32 when every id of the column is an int, else STRING.
 */
export async function writeInteractionsParquet(path: string, data: Interactions): Promise<void> {
  const column = (name: string, ids: IdMap, idx: Int32Array) => {
    const ints = ids.intIds();
    return ints
      ? { name, data: Int32Array.from(idx, (i) => ints[i]!), type: 'INT32' as const }
      : { name, data: Array.from(idx, (i) => String(ids.toExternal(i))), type: 'STRING' as const };
  };
  const columnData = [
    column('user', data.userIds, data.users),
    column('item', data.itemIds, data.items),
    { name: 'rating', data: data.ratings, type: 'FLOAT' as const },
    ...(data.timestamps ? [{ name: 'timestamp', data: data.timestamps, type: 'DOUBLE' as const }] : []),
  ];
  const buffer = parquetWriteBuffer({ columnData });
  await writeFileAtomic(path, new Uint8Array(buffer));
}
