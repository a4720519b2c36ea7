import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createDeflateRaw, crc32, deflateRawSync, type DeflateRaw } from 'node:zlib';
import { DEFLATE_LEVEL, needsZip64, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { sourceChangedError, sourceReadError } from './package-errors';
import { HandoffError, isHandoffError } from '../errors';
import { SILENT_PROGRESS, type Progress } from '../progress';
import type { BundleSource } from '../types';
import { createFileMetadataStripper } from '../whitelabel/image-metadata/create-stripper';
import type { MetadataStripper } from '../whitelabel/image-metadata/base-stripper';
import { ZipOutput, SLOT_BYTES } from './zip-output';
import {
  centralHeader,
  dataDescriptor,
  dosDateTime,
  endRecords,
  localHeader,
  newRecord,
  type EntryRecord,
} from './zip-records';

export { ENTRY_MODE } from './zip-records';

type FileSource = Extract<BundleSource, { kind: 'file' }>;

/** Read size of a source file (one ring slot). */
export const READ_CHUNK_BYTES = SLOT_BYTES;

export interface ZipWriteResult {
  /** sha256 of the zip bytes, computed as they were written. */
  sha256: string;
  size: number;
  fileCount: number;
  /** planPath -> sha256 of every entry that comes from the plan (PackageResult.checksums). */
  checksums: Record<string, string>;
}

/** A stage's error names the bundle path; the user fixes the source file. */
function namedAfterSource(err: HandoffError, bundlePath: string, abs: string): HandoffError {
  return new HandoffError(err.problems.map((p) => (p.file === bundlePath ? { ...p, file: abs } : p)));
}

/** A source file opened ahead of its turn, with its metadata stripper when it has one. */
interface OpenedFile {
  handle: FileHandle;
  stripper?: MetadataStripper;
}

/**
 * Open a source file and set up its stripper (for a WebP that reads its chunk headers). Called for
 * the next entry while the current one is written, so the open and the set-up overlap it.
 */
async function openSource(spec: ZipEntrySpec, src: FileSource): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await fs.open(src.abs, 'r');
  } catch (err) {
    throw sourceReadError(err, spec.path, src.abs);
  }
  try {
    const stripper = src.stripMetadata
      ? await createFileMetadataStripper(src.abs, spec.path, src.stripMetadata)
      : undefined;
    return { handle, stripper };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw isHandoffError(err) ? namedAfterSource(err, spec.path, src.abs) : sourceReadError(err, spec.path, src.abs);
  }
}

/** What writing an entry's data gave: its sizes, CRC and (maybe still computing) sha256. */
interface EntryData {
  crc: number;
  size: number;
  csize: number;
  sha256: Promise<string>;
}

class Writer {
  private readonly records: EntryRecord[] = [];
  private readonly dosTime: number;
  /**
   * The two read buffers of fileTransformed, reused for every file: one is read into while the
   * other is stripped or deflated. (A fresh buffer per read cost ~1.7 s of GC per 1.3 GB.)
   */
  private readonly readBuffers = [Buffer.allocUnsafeSlow(READ_CHUNK_BYTES), Buffer.allocUnsafeSlow(READ_CHUNK_BYTES)];

  constructor(
    private readonly out: ZipOutput,
    date: Date,
    private readonly progress: Progress,
  ) {
    this.dosTime = dosDateTime(date);
  }

  /**
   * A STOREd source file (the media: most of a bundle), read straight into ring slots. Without a
   * stripper each slot is emitted as read; with one, the slot's bytes are fed to it and each piece
   * it hands back that lies in the slot (the pixel data it passes through) is emitted from there,
   * any other piece (a rewritten header, a kept metadata segment) copied. Nothing of the media is
   * copied in this process.
   */
  private async fileStored(index: number, spec: ZipEntrySpec, src: FileSource, file: OpenedFile): Promise<EntryData> {
    const out = this.out;
    const { handle, stripper } = file;
    let crc = 0;
    let read = 0;
    let size = 0;
    const readInto = async (slot: number): Promise<number> => {
      try {
        return (await handle.read(out.ring, slot * SLOT_BYTES, SLOT_BYTES, read)).bytesRead;
      } catch (err) {
        out.release(slot);
        throw sourceReadError(err, spec.path, src.abs);
      }
    };
    const take = async (slot: number, pieces: Buffer[]): Promise<void> => {
      for (const p of pieces) {
        crc = crc32(p, crc);
        size += p.length;
        const off = out.offsetIn(slot, p);
        if (off === undefined) await out.copy(p, index);
        else out.emit(slot, off, p.length, index);
      }
    };
    try {
      let slot = await out.acquire();
      let reading = readInto(slot);
      for (;;) {
        const n = await reading;
        if (n === 0) {
          out.release(slot);
          break;
        }
        read += n;
        if (read > src.size) {
          out.release(slot);
          throw sourceChangedError(spec.path, src.abs, src.size, read);
        }
        // Read the next chunk (at the planned end: look for bytes past it) while this one is handled.
        const next = await out.acquire();
        reading = readInto(next);
        reading.catch(() => undefined);
        const chunk = out.view(slot, 0, n);
        await take(slot, stripper ? stripper.feed(chunk) : [chunk]);
        out.release(slot);
        this.progress.tick(n);
        slot = next;
      }
      if (read !== src.size) throw sourceChangedError(spec.path, src.abs, src.size, read);
      if (stripper) await take(-1, stripper.feedEnd());
    } catch (err) {
      // A stripper's error names the bundle path; the user fixes the source file.
      throw isHandoffError(err) ? namedAfterSource(err, spec.path, src.abs) : err;
    }
    return { crc, size, csize: size, sha256: out.entryDigest(index) };
  }

  /**
   * A DEFLATEd source file (text), through its metadata stripper if it has one, read into the two
   * readBuffers in turn: a buffer is read into again only once its bytes have been fed to the stripper (which keeps
   * no reference, see MetadataStripper.feed), copied into the ring or taken by zlib.
   */
  private async fileDeflated(
    index: number,
    spec: ZipEntrySpec,
    src: FileSource,
    opened: OpenedFile,
  ): Promise<EntryData> {
    const { handle, stripper } = opened;
    const deflater = new Deflater(this.out);
    // A deflated entry's sha256 is of bytes that are not in the zip: hashed here (text, small).
    const hash = createHash('sha256');
    let crc = 0;
    let size = 0;
    let read = 0;
    const take = async (pieces: Buffer[]): Promise<void> => {
      for (const p of pieces) {
        crc = crc32(p, crc);
        size += p.length;
        hash.update(p);
        await deflater.write(p);
      }
    };
    let turn = 0;
    const readChunk = async (): Promise<Buffer> => {
      const buf = this.readBuffers[turn++ % 2];
      try {
        const { bytesRead } = await handle.read(buf, 0, buf.length, read);
        read += bytesRead;
        return buf.subarray(0, bytesRead);
      } catch (err) {
        throw sourceReadError(err, spec.path, src.abs);
      }
    };
    const failure = (err: unknown): unknown => (isHandoffError(err) ? namedAfterSource(err, spec.path, src.abs) : err);
    try {
      let reading = readChunk();
      for (;;) {
        const chunk = await reading;
        if (chunk.length === 0) break;
        if (read > src.size) throw sourceChangedError(spec.path, src.abs, src.size, read);
        reading = readChunk();
        reading.catch(() => undefined);
        this.progress.tick(chunk.length);
        await take(stripper ? stripper.feed(chunk) : [chunk]);
      }
      if (read !== src.size) throw sourceChangedError(spec.path, src.abs, src.size, read);
      if (stripper) await take(stripper.feedEnd());
      const csize = await deflater.end();
      return { crc, size, csize, sha256: Promise.resolve(hash.digest('hex')) };
    } catch (err) {
      deflater.destroy();
      throw failure(err);
    }
  }

  /** An in-memory entry (a document, or a file generated from the entries before it). */
  private async bytes(spec: ZipEntrySpec, data: Buffer): Promise<EntryRecord> {
    const crc = crc32(data) >>> 0;
    const record = newRecord(spec.name, this.dosTime, { stream: false, store: spec.store, data, crc }, this.out.offset);
    await this.out.copy(localHeader(record));
    if (record.descriptor && data.length > 0) {
      const deflated = deflateRawSync(data, { level: DEFLATE_LEVEL });
      record.csize = deflated.length;
      await this.out.copy(deflated);
    } else await this.out.copy(data);
    if (record.descriptor) await this.out.copy(dataDescriptor(record));
    this.progress.tick(data.length, 1);
    return record;
  }

  /** Write one entry: header, data, descriptor. Resolves with its record and its sha256 (maybe pending). */
  async entry(
    index: number,
    spec: ZipEntrySpec,
    opened: Promise<OpenedFile> | undefined,
    written: ReadonlyMap<string, WrittenFile>,
  ): Promise<{ sha256: Promise<string>; size: number }> {
    const src = spec.source;
    if (src.kind !== 'file') {
      const data = src.kind === 'bytes' ? src.data : src.build(written);
      this.records.push(await this.bytes(spec, data));
      return { sha256: Promise.resolve(createHash('sha256').update(data).digest('hex')), size: data.length };
    }
    const file = await (opened ?? openSource(spec, src));
    try {
      const record = newRecord(spec.name, this.dosTime, { stream: true, store: spec.store }, this.out.offset);
      await this.out.copy(localHeader(record));
      const data = spec.store
        ? await this.fileStored(index, spec, src, file)
        : await this.fileDeflated(index, spec, src, file);
      record.crc = data.crc >>> 0;
      record.size = data.size;
      record.csize = data.csize;
      await this.out.copy(dataDescriptor(record));
      this.records.push(record);
      this.progress.tick(0, 1);
      return { sha256: data.sha256, size: data.size };
    } finally {
      await file.handle.close().catch(() => undefined);
    }
  }

  /** The central directory and the end records. */
  async finish(forceZip64: boolean): Promise<void> {
    const cdOffset = this.out.offset;
    for (const r of this.records) await this.out.copy(centralHeader(r));
    await this.out.copy(endRecords(this.records.length, cdOffset, this.out.offset - cdOffset, forceZip64));
  }
}

/**
 * DEFLATE at DEFLATE_LEVEL into the zip, fed chunk by chunk; the compressed bytes are copied into the
 * zip as zlib hands them out. Same output as deflating the whole input at once.
 */
class Deflater {
  private readonly z: DeflateRaw = createDeflateRaw({ level: DEFLATE_LEVEL });
  private readonly outputs: Buffer[] = [];
  private error: unknown;
  private csize = 0;

  constructor(private readonly out: ZipOutput) {
    this.z.on('data', (b: Buffer) => this.outputs.push(b));
    this.z.on('error', (err) => {
      this.error ??= err;
    });
  }

  private async drain(): Promise<void> {
    if (this.error !== undefined) throw this.error;
    while (this.outputs.length > 0) {
      const b = this.outputs.shift()!;
      this.csize += b.length;
      await this.out.copy(b);
    }
  }

  async write(chunk: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) => this.z.write(chunk, (err) => (err ? reject(err) : resolve())));
    await this.drain();
  }

  /** All input given: the compressed size. */
  async end(): Promise<number> {
    const ended = once(this.z, 'end');
    this.z.end();
    await ended;
    await this.drain();
    return this.csize;
  }

  destroy(): void {
    this.z.destroy();
  }
}

/**
 * How many source files are opened (and their stripper set up) ahead of the entry being written:
 * the open, and a WebP's chunk-header reads, overlap the current entry instead of stalling between
 * entries.
 */
export const OPEN_AHEAD = 1;

/**
 * Write the entries in order as a zip into `file` (opened for writing, empty) and hash it; a
 * generated entry is built from the hashes and sizes of the entries before it. The records are
 * archiver 7's (see zip-records.ts); `forceZip64` (default: needsZip64) asks for ZIP64 end records. On failure the error is rethrown once the writes in flight
 * have settled; the caller removes the file.
 */
export async function writeZip(
  entries: readonly ZipEntrySpec[],
  date: Date,
  file: FileHandle,
  progress: Progress = SILENT_PROGRESS,
  opts: { forceZip64?: boolean } = {},
): Promise<ZipWriteResult> {
  const out = new ZipOutput(file);
  const writer = new Writer(out, date, progress);
  const written = new Map<string, WrittenFile>();
  const checksums: Record<string, string> = {};
  // Digests still being computed on the worker; a generated entry (built from the hashes before
  // it, e.g. checksums.sha256) waits for them.
  let pending: Promise<void>[] = [];
  const settle = async (): Promise<void> => {
    const all = pending;
    pending = [];
    await Promise.all(all);
  };
  const ahead = new Map<number, Promise<OpenedFile>>();
  const fillAhead = (from: number): void => {
    for (let j = from; j < Math.min(entries.length, from + OPEN_AHEAD); j++) {
      const src = entries[j].source;
      if (ahead.has(j) || src.kind !== 'file') continue;
      const opened = openSource(entries[j], src);
      opened.catch(() => undefined);
      ahead.set(j, opened);
    }
  };
  try {
    for (let i = 0; i < entries.length; i++) {
      const spec = entries[i];
      if (spec.source.kind === 'generated') await settle();
      fillAhead(i);
      const opened = ahead.get(i);
      ahead.delete(i);
      fillAhead(i + 1);
      const entry = await writer.entry(i + 1, spec, opened, written);
      const recorded = entry.sha256.then((sha256) => {
        written.set(spec.path, { sha256, size: entry.size });
        if (spec.planPath !== undefined) checksums[spec.planPath] = sha256;
      });
      recorded.catch(() => undefined); // awaited by settle()
      pending.push(recorded);
    }
    await writer.finish(opts.forceZip64 ?? needsZip64(entries));
    const sha256 = await out.finish();
    await settle();
    return { sha256, size: out.offset, fileCount: entries.length, checksums };
  } catch (err) {
    for (const opened of ahead.values()) opened.then((f) => f.handle.close()).catch(() => undefined);
    throw err;
  } finally {
    await out.close();
  }
}
