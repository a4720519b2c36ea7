import { createReadStream, open as fsOpen, read as fsRead } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';

/**
 * Thin promise layer over yauzl 3 (callback API; @types/yauzl describes 2.x). Names are read raw
 * (`decodeStrings: false`) because yauzl's own decoding turns backslashes into slashes and throws on
 * the first bad name; the cold test wants to name every refused entry itself.
 */

export interface ZipEntryRecord {
  entry: yauzl.Entry;
  /** Raw name bytes from the central directory. */
  raw: Buffer;
  /** Decoded name, or undefined when it cannot be decoded unambiguously (see `nameProblem`). */
  name: string | undefined;
  nameProblem: string | undefined;
}

export function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

/** Every central directory record, in order; rejects on a corrupt or truncated directory. */
export function readCentralDirectory(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

export function openEntryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
  );
}

export interface LocalHeader {
  fileName: Buffer;
  /** Offset of the entry's data; yauzl has checked that the data lies inside the file. */
  fileDataStart: number;
}

/**
 * Read size for entry data. yauzl's own entry streams read 16 KiB at a time, and every chunk then
 * crosses the hash and the file write: 1 MiB reads cut that per-chunk cost (docs/benchmarks.md).
 */
export const ENTRY_READ_CHUNK = 1024 * 1024;

/**
 * File-system calls for the entry streams: every entry reads from the one fd the caller owns and
 * closes. `autoClose: false` only stops a stream closing the fd when it ends; destroying it (a
 * pipeline does on any error) still would, under the next entry's reads, and the caller's close
 * would then fail with EBADF. So a stream's close is a no-op here.
 */
const SHARED_FD_FS = {
  open: fsOpen,
  read: fsRead,
  close: (_fd: number, done: (err: NodeJS.ErrnoException | null) => void): void => done(null),
};

/**
 * The streams that yield an entry's data: its bytes read straight from the open zip in large
 * chunks, inflated when the entry is deflated. `fileDataStart` comes from readLocalHeader. The
 * caller checks the size and CRC of what comes out; `zip` stays open (autoClose off).
 */
export function entryDataStreams(zip: FileHandle, entry: yauzl.Entry, fileDataStart: number): Readable[] {
  const raw =
    entry.compressedSize === 0
      ? Readable.from([])
      : // The numeric fd: a FileHandle's own streams each leave a listener on it.
        createReadStream('', {
          fd: zip.fd,
          fs: SHARED_FD_FS,
          start: fileDataStart,
          end: fileDataStart + entry.compressedSize - 1,
          highWaterMark: ENTRY_READ_CHUNK,
          autoClose: false,
        });
  return entry.compressionMethod === 8 ? [raw, createInflateRaw({ chunkSize: 256 * 1024 })] : [raw];
}

/** The entry's local file header (yauzl 3 API, not in @types/yauzl). */
export function readLocalHeader(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<LocalHeader> {
  const z = zip as unknown as {
    readLocalFileHeader(e: yauzl.Entry, cb: (err: Error | null, h: LocalHeader) => void): void;
  };
  return new Promise((resolve, reject) => z.readLocalFileHeader(entry, (err, h) => (err ? reject(err) : resolve(h))));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function unicodePathExtra(entry: yauzl.Entry, raw: Buffer): string | undefined {
  const field = entry.extraFields.find((f) => f.id === 0x7075);
  if (!field || field.data.length < 6 || field.data[0] !== 1) return undefined;
  if (field.data.readUInt32LE(1) !== crc32(raw) >>> 0) return undefined;
  return field.data.subarray(5).toString('utf8');
}

/**
 * Decode an entry name: UTF-8 when flagged (bit 11), plain ASCII otherwise. Non-ASCII bytes
 * without the flag mean CP437 to some tools and UTF-8 to others, so they are refused, as is an
 * Info-ZIP Unicode path field that names a different file.
 */
export function decodeEntryName(entry: yauzl.Entry): ZipEntryRecord {
  const raw = entry.fileName as unknown as Buffer;
  const record = (name: string | undefined, nameProblem?: string): ZipEntryRecord => ({
    entry,
    raw,
    name,
    nameProblem,
  });
  let name: string;
  if (entry.generalPurposeBitFlag & 0x800) {
    try {
      name = utf8.decode(raw);
    } catch {
      return record(undefined, 'name is flagged UTF-8 but is not valid UTF-8');
    }
  } else if (raw.every((b) => b < 0x80)) {
    name = raw.toString('latin1');
  } else {
    return record(undefined, 'name has non-ASCII bytes without the UTF-8 flag (tools disagree on what it means)');
  }
  const alt = unicodePathExtra(entry, raw);
  if (alt !== undefined && alt !== name)
    return record(name, `Unicode path extra field names a different file ("${alt}")`);
  return record(name);
}

/** Printable form of a name for messages, also when it could not be decoded. */
export function shownName(r: ZipEntryRecord): string {
  return JSON.stringify(r.name ?? r.raw.toString('latin1'));
}
