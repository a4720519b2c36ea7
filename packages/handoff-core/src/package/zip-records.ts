/**
 * The records of a bundle zip, byte for byte as archiver 7 (zip-stream 6 / compress-commons 6)
 * wrote them before this writer replaced it, so versions recorded in a ledger rebuild into the
 * same bytes (zip-writer.spec.ts compares the two). What that means, per entry:
 * - a streamed entry (a source file) and a deflated one use a data descriptor (flag 0x08, version
 *   needed 2.0) with zero CRC and sizes in the local header;
 * - a STOREd in-memory entry (a generated file) carries CRC and sizes in its local header, version
 *   needed 1.0; an empty one that was to be deflated is STOREd, keeping the descriptor;
 * - the central header says "made by" Unix (3) spec 4.5, external attributes -rw-r--r-- plus the
 *   DOS archive bit, and switches to ZIP64 (sizes and offset 0xFFFFFFFF, an extra field with all
 *   three) when a size exceeds 0xFFFFFFFF or the local header starts past it;
 * - the data descriptor has 8-byte sizes only when a size exceeds 0xFFFFFFFF;
 * - the end record is preceded by a ZIP64 end record and locator when `forceZip64` is set (see
 *   needsZip64), there are more than 0xFFFF entries, or the central directory ends past 4 GiB.
 */

export const ZIP64_MAGIC = 0xffffffff;
const ZIP64_MAGIC_SHORT = 0xffff;

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;
const FLAG_DESCRIPTOR = 0x08;
const FLAG_UTF8 = 0x0800;
const VERSION_STORED = 10;
const VERSION_DESCRIPTOR = 20;
const VERSION_ZIP64 = 45;
/** Central header "version made by": Unix (3) << 8 | spec 4.5. */
const VERSION_MADE_BY = (3 << 8) | VERSION_ZIP64;

/** Unix mode of every entry: a regular file, rw-r--r--, whatever the source file's mode or umask. */
export const ENTRY_MODE = 0o644;
/** (S_IFREG | ENTRY_MODE) << 16 | the DOS archive bit. */
const EXTERNAL_ATTRIBUTES = ((0o100000 | ENTRY_MODE) * 0x10000 + 0x20) >>> 0;

/** One entry as its headers describe it; sizes and CRC are final once its data is written. */
export interface EntryRecord {
  /** The entry name's UTF-8 bytes. */
  name: Buffer;
  /** The name is not ASCII (general purpose flag 11). */
  utf8: boolean;
  method: typeof METHOD_STORED | typeof METHOD_DEFLATED;
  /** CRC and sizes follow the data in a descriptor (zero in the local header). */
  descriptor: boolean;
  dosTime: number;
  crc: number;
  /** Uncompressed bytes. */
  size: number;
  /** Bytes in the zip. */
  csize: number;
  /** Where the local header starts. */
  offset: number;
}

/** An entry record before its data: a streamed or deflated entry, or a STOREd buffer (sizes known). */
export function newRecord(
  name: string,
  dosTime: number,
  how: { stream: true; store: boolean } | { stream: false; store: boolean; data: Buffer; crc: number },
  offset: number,
): EntryRecord {
  const bytes = Buffer.from(name, 'utf8');
  const base = { name: bytes, utf8: bytes.length !== name.length, dosTime, offset };
  if (how.stream) {
    return { ...base, method: how.store ? 0 : 8, descriptor: true, crc: 0, size: 0, csize: 0 };
  }
  // An empty buffer is always STOREd; it keeps the descriptor of the deflated entry it was to be.
  const empty = how.data.length === 0;
  return {
    ...base,
    method: how.store || empty ? METHOD_STORED : METHOD_DEFLATED,
    descriptor: !how.store,
    crc: how.crc,
    size: how.data.length,
    csize: how.store || empty ? how.data.length : 0,
  };
}

/** A Date as an MS-DOS date and time, UTC, clamped to 1980-01-01 .. 2043-12-31 23:59:58. */
export function dosDateTime(d: Date): number {
  const year = d.getUTCFullYear();
  if (year < 1980) return 2162688;
  if (year >= 2044) return 2141175677;
  return (
    ((year - 1980) << 25) |
    ((d.getUTCMonth() + 1) << 21) |
    (d.getUTCDate() << 16) |
    (d.getUTCHours() << 11) |
    (d.getUTCMinutes() << 5) |
    (d.getUTCSeconds() >> 1)
  );
}

function writeU64(buf: Buffer, v: number, at: number): void {
  buf.writeUInt32LE(v % 0x100000000, at);
  buf.writeUInt32LE(Math.floor(v / 0x100000000), at + 4);
}

function flags(e: EntryRecord): number {
  return (e.descriptor ? FLAG_DESCRIPTOR : 0) | (e.utf8 ? FLAG_UTF8 : 0);
}

const sizesNeedZip64 = (e: EntryRecord): boolean => e.size > ZIP64_MAGIC || e.csize > ZIP64_MAGIC;

export function localHeader(e: EntryRecord): Buffer {
  const buf = Buffer.alloc(30 + e.name.length);
  buf.writeUInt32LE(SIG_LOCAL, 0);
  buf.writeUInt16LE(e.descriptor ? VERSION_DESCRIPTOR : VERSION_STORED, 4);
  buf.writeUInt16LE(flags(e), 6);
  buf.writeUInt16LE(e.method, 8);
  buf.writeUInt32LE(e.dosTime >>> 0, 10);
  if (!e.descriptor) {
    buf.writeUInt32LE(e.crc >>> 0, 14);
    buf.writeUInt32LE(e.csize, 18);
    buf.writeUInt32LE(e.size, 22);
  }
  buf.writeUInt16LE(e.name.length, 26);
  e.name.copy(buf, 30);
  return buf;
}

/** The descriptor after a streamed entry's data (only when `e.descriptor`). */
export function dataDescriptor(e: EntryRecord): Buffer {
  const wide = sizesNeedZip64(e);
  const buf = Buffer.alloc(wide ? 24 : 16);
  buf.writeUInt32LE(SIG_DESCRIPTOR, 0);
  buf.writeUInt32LE(e.crc >>> 0, 4);
  if (wide) {
    writeU64(buf, e.csize, 8);
    writeU64(buf, e.size, 16);
  } else {
    buf.writeUInt32LE(e.csize, 8);
    buf.writeUInt32LE(e.size, 12);
  }
  return buf;
}

export function centralHeader(e: EntryRecord): Buffer {
  const zip64 = sizesNeedZip64(e) || e.offset > ZIP64_MAGIC;
  const extraLength = zip64 ? 28 : 0;
  const buf = Buffer.alloc(46 + e.name.length + extraLength);
  buf.writeUInt32LE(SIG_CENTRAL, 0);
  buf.writeUInt16LE(VERSION_MADE_BY, 4);
  buf.writeUInt16LE(zip64 ? VERSION_ZIP64 : e.descriptor ? VERSION_DESCRIPTOR : VERSION_STORED, 6);
  buf.writeUInt16LE(flags(e), 8);
  buf.writeUInt16LE(e.method, 10);
  buf.writeUInt32LE(e.dosTime >>> 0, 12);
  buf.writeUInt32LE(e.crc >>> 0, 16);
  buf.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.csize, 20);
  buf.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.size, 24);
  buf.writeUInt16LE(e.name.length, 28);
  buf.writeUInt16LE(extraLength, 30);
  // comment length, disk number start, internal attributes: 0
  buf.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  buf.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.offset, 42);
  e.name.copy(buf, 46);
  if (zip64) {
    const at = 46 + e.name.length;
    buf.writeUInt16LE(0x0001, at);
    buf.writeUInt16LE(24, at + 2);
    writeU64(buf, e.size, at + 4);
    writeU64(buf, e.csize, at + 12);
    writeU64(buf, e.offset, at + 20);
  }
  return buf;
}

/** The records after the central directory (which starts at `cdOffset` and is `cdLength` long). */
export function endRecords(count: number, cdOffset: number, cdLength: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || count > ZIP64_MAGIC_SHORT || cdLength > ZIP64_MAGIC || cdOffset > ZIP64_MAGIC;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64 ? ZIP64_MAGIC_SHORT : count, 8);
  end.writeUInt16LE(zip64 ? ZIP64_MAGIC_SHORT : count, 10);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : cdLength, 12);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : cdOffset, 16);
  if (!zip64) return end;
  const z = Buffer.alloc(56 + 20);
  z.writeUInt32LE(SIG_ZIP64_END, 0);
  writeU64(z, 44, 4);
  z.writeUInt16LE(VERSION_ZIP64, 12);
  z.writeUInt16LE(VERSION_ZIP64, 14);
  writeU64(z, count, 24);
  writeU64(z, count, 32);
  writeU64(z, cdLength, 40);
  writeU64(z, cdOffset, 48);
  z.writeUInt32LE(SIG_ZIP64_LOCATOR, 56);
  writeU64(z, cdOffset + cdLength, 64);
  z.writeUInt32LE(1, 72);
  return Buffer.concat([z, end]);
}
