import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for tests (stored or deflated entries, no zip64), independent of
 * src/io/unzip.ts: CRCs come from node:zlib. `corrupt` flips one byte of an entry's data after
 * its CRC was recorded.
 */
export interface TestZipEntry {
  name: string;
  data: Uint8Array | string;
  method?: 0 | 8;
  corrupt?: boolean;
}

export function buildZip(entries: TestZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf-8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf-8') : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = Buffer.from(method === 8 ? deflateRawSync(data) : data);
    const crc = zlibCrc32(data) >>> 0;
    if (e.corrupt) body[0] = body[0]! ^ 0xff;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}
