import * as zlib from 'node:zlib';

/**
 * A small zip reader: enough for the MovieLens archives (stored and deflated entries, no zip64,
 * no encryption). The central directory at the end of the archive lists every entry with its
 * CRC-32 and sizes; each entry's data follows its local header:
 *
 *   [local header 30 B + name + extra][data] … [central directory entries][end record 22 B + comment]
 */

export interface ZipEntry {
  /** Path inside the archive, '/'-separated; directories end with '/'. */
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip archive, from its central directory. */
export function listZip(zip: Uint8Array, label = 'zip'): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${label}: not a zip archive (no end-of-central-directory record); the file may be truncated`);
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(`${label}: zip64 archives are not supported`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== CENTRAL) {
      throw new Error(`${label}: central directory entry ${k} is damaged; the file may be truncated`);
    }
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const nameBytes = zip.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise CP437, which agrees with latin1 on ASCII names.
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    entries.push({
      name,
      method: view.getUint16(p + 10, true),
      flags,
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The uncompressed bytes of `entry`, checked against the central directory's size and CRC-32 (so a
 * corrupt or truncated download is caught here).
 */
export function extractEntry(zip: Uint8Array, entry: ZipEntry, label = 'zip'): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  const where = `${label}: entry ${entry.name}`;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL) throw new Error(`${where}: local header is damaged`);
  if (entry.flags & 1) throw new Error(`${where}: encrypted entries are not supported`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new Error(`${where}: data runs past the end of the archive; the file is truncated`);
  const raw = zip.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = zlib.inflateRawSync(raw);
    } catch (e) {
      throw new Error(`${where}: deflate data is corrupt (${(e as Error).message})`);
    }
  } else throw new Error(`${where}: compression method ${entry.method} is not supported (only stored and deflate)`);
  if (data.length !== entry.size) throw new Error(`${where}: size ${data.length} differs from the recorded ${entry.size}`);
  const crc = crc32(data);
  if (crc !== entry.crc32) {
    throw new Error(`${where}: CRC-32 ${hex(crc)} differs from the recorded ${hex(entry.crc32)}; the archive is corrupt`);
  }
  return data;
}

/** All file entries (directories skipped) as name → bytes, each CRC-checked. For small archives. */
export function unzip(zip: Uint8Array, label = 'zip'): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of listZip(zip, label)) if (!e.name.endsWith('/')) out.set(e.name, extractEntry(zip, e, label));
  return out;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

let TABLE: Int32Array | null = null;

/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zip and gzip use), table-driven;
 * crc32(ASCII "123456789") = 0xCBF43926. Uses node:zlib's native crc32 when the runtime has it.
 */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (typeof native === 'function') return native(data) >>> 0;
  return crc32Reference(data);
}

/** The plain table-driven CRC-32, kept as the reference for tests and for Node versions without zlib.crc32. */
export function crc32Reference(data: Uint8Array): number {
  if (TABLE === null) {
    TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
