import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { startRingHasher, type AsideDigest, type RingHasher } from '../fs/sha256-aside';
import type { Progress } from '../progress';
import type { ZipEntryRecord } from '../bundle/zip-reader';
import {
  createImageMetadataFeed,
  type AnalyzeOptions,
  type ImageMetadataFeed,
  type ImageMetadataText,
} from '../whitelabel/image-metadata/metadata-text';

/** Read size of the scan (one ring slot). */
export const SCAN_SLOT_BYTES = 1024 * 1024;
/**
 * Slots of the ring: memory is SCAN_SLOTS x SCAN_SLOT_BYTES of shared memory, whatever the zip. The
 * slowest worker (sha256 and CRC-32 of the entries) falls behind in bursts; 16 slots let the reads
 * run on meanwhile (cold-test stage at N=1000: 8 slots 4.0-4.4 s, 16 slots 3.7-3.9 s, 32 no better).
 */
export const SCAN_SLOTS = 16;
/**
 * The largest DEFLATEd entry the scan inflates in memory (compressed and inflated bytes of one entry
 * at a time). A bundle deflates only its text; a zip with a larger deflated entry is extracted
 * entry by entry instead (see canScan).
 */
export const MAX_SCAN_INFLATE = 64 * 1024 * 1024;

/** One entry as the scan meets it: where its data is, where it goes, whether it is written. */
export interface ScanEntry {
  r: ZipEntryRecord;
  name: string;
  /** Absolute path of its file in the extraction folder. */
  target: string;
  /** Offset of its data in the zip (after its local header). */
  dataStart: number;
  write: boolean;
}

/** A file of the zip, checked (and written, or not: see ExtractOptions.writeIf). */
export interface ExtractedFile {
  /** Entry name as in the zip (`<top>/<path>`). */
  name: string;
  size: number;
  /** Whether the file was written to disk; its bytes were verified either way. */
  written: boolean;
  /** sha256 computed while extracting. */
  sha256: string;
  /** PNG/JPEG/WebP with `analyzeImages`: its metadata text, read in the same pass (see readImageMetadataText)... */
  imageMetadata?: ImageMetadataText;
  /** ...or why it could not be read. */
  imageMetadataError?: unknown;
}

/** An entry whose data is bad (size, CRC, inflate): the scan reports it as a refusal. */
export class EntryDataError extends Error {}

export interface ScanResult {
  /** sha256 of the whole zip file. */
  zipSha256: string;
  /** Per entry, in the order given: settles once its digest is known and checked. Missing after a stop. */
  files: Map<ScanEntry, Promise<ExtractedFile>>;
  /** The entry whose data or file failed and stopped the scan, with the error. */
  stopped?: { entry: ScanEntry; err: unknown };
}

/**
 * Whether scanZip can check these entries (else extract them one by one): STORED or DEFLATEd,
 * every deflated entry small enough to inflate in memory.
 */
export function canScan(records: readonly ZipEntryRecord[]): boolean {
  return records.every(
    (r) =>
      r.entry.compressionMethod === 0 ||
      (r.entry.compressionMethod === 8 &&
        r.entry.uncompressedSize <= MAX_SCAN_INFLATE &&
        r.entry.compressedSize <= MAX_SCAN_INFLATE),
  );
}

/**
 * The first entry (sorted by dataStart) whose data starts before the previous one's ends: a zip
 * the scan must refuse (inspectEntries refuses overlaps judged from the central directory; a local
 * header's extra field can still push data into the next entry).
 */
export function overlappingEntry(sorted: readonly ScanEntry[]): { entry: ScanEntry; other: ScanEntry } | undefined {
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].dataStart < prev.dataStart + prev.r.entry.compressedSize) return { entry: sorted[i], other: prev };
  }
  return undefined;
}

/** An entry being read: its bytes so far and its checks. */
interface Active {
  e: ScanEntry;
  id: number;
  /** Offset just past its data in the zip. */
  end: number;
  image?: ImageMetadataFeed;
  file?: FileHandle;
  /** Deflated: its compressed bytes, inflated at its end. */
  compressed?: Buffer[];
  /** Bytes of its data seen so far. */
  got: number;
}

/**
 * Read the zip once, front to back, into a ring of shared memory, and check every entry from it:
 * one worker hashes the whole file (the zip's sha256), another each STOREd entry's bytes (sha256 and
 * CRC-32) from the same slots; this thread reads image metadata for the white-label gate and writes
 * the files that are kept. A DEFLATEd entry (text) is inflated and checked on this thread.
 *
 * `entries` must be sorted by dataStart with disjoint data (see overlappingEntry). The
 * scan stops at the first entry whose size or file write fails; a CRC or sha256 is checked once the
 * worker has it (the returned promises).
 */
export async function scanZip(
  data: FileHandle,
  zipSize: number,
  entries: readonly ScanEntry[],
  opts: { analyze?: AnalyzeOptions; progress: Progress },
): Promise<ScanResult> {
  const memory = new SharedArrayBuffer(SCAN_SLOTS * SCAN_SLOT_BYTES);
  const ring = Buffer.from(memory);
  const zipHasher = startRingHasher(memory);
  const entryHasher = startRingHasher(memory);
  const files = new Map<ScanEntry, Promise<ExtractedFile>>();
  const free: number[] = Array.from({ length: SCAN_SLOTS }, (_, i) => i);
  const holds = new Array<number>(SCAN_SLOTS).fill(0);
  let waiting: (() => void)[] = [];
  let workerFailure: Error | undefined;
  const onFailure = (err: Error): void => {
    workerFailure ??= err;
    const w = waiting;
    waiting = [];
    for (const wake of w) wake();
  };
  zipHasher.onFailure(onFailure);
  entryHasher.onFailure(onFailure);
  const release = (slot: number): void => {
    if (--holds[slot] > 0) return;
    free.push(slot);
    waiting.shift()?.();
  };
  const acquire = async (): Promise<number> => {
    for (;;) {
      if (workerFailure) throw workerFailure;
      const slot = free.pop();
      if (slot !== undefined) {
        holds[slot] = 1;
        return slot;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const hashInto = (hasher: RingHasher, id: number, slot: number, off: number, len: number, crc: boolean) => {
    holds[slot]++;
    hasher.hash(id, slot * SCAN_SLOT_BYTES + off, len, crc, () => release(slot));
  };

  let nextId = 1;
  const start = async (e: ScanEntry): Promise<Active> => {
    const a: Active = {
      e,
      id: nextId++,
      end: e.dataStart + e.r.entry.compressedSize,
      image: opts.analyze ? createImageMetadataFeed(e.name, opts.analyze) : undefined,
      compressed: e.r.entry.compressionMethod === 8 ? [] : undefined,
      got: 0,
    };
    if (e.write) {
      await fs.mkdir(path.dirname(e.target), { recursive: true });
      // 'wx': never follow or replace anything already there; fixed mode: no executable bits from the zip.
      a.file = await fs.open(e.target, 'wx', 0o644);
    }
    return a;
  };
  /** Bytes of the entry's data, in order: `view` lies in `slot` at `off` (the caller holds the slot). */
  const take = async (a: Active, slot: number, off: number, view: Buffer): Promise<void> => {
    a.got += view.length;
    if (a.compressed) {
      a.compressed.push(Buffer.from(view));
      return;
    }
    hashInto(entryHasher, a.id, slot, off, view.length, true);
    a.image?.feed(view);
    if (a.file) await writeAll(a.file, view);
  };
  /** The entry's data is all read: its file closed; its result, checked once the digest is in. */
  const finish = async (a: Active): Promise<{ result: Promise<ExtractedFile> }> => {
    const { entry } = a.e.r;
    let digest: Promise<AsideDigest>;
    try {
      if (a.got !== entry.compressedSize)
        throw new EntryDataError(`has ${a.got} bytes of data in the zip, not the ${entry.compressedSize} it declares`);
      if (a.compressed) {
        const bytes = inflate(a);
        if (a.file) await writeAll(a.file, bytes);
        a.image?.feed(bytes);
        digest = Promise.resolve({
          sha256: createHash('sha256').update(bytes).digest('hex'),
          crc32: crc32(bytes) >>> 0,
        });
      } else {
        if (entry.compressedSize !== entry.uncompressedSize)
          throw new EntryDataError(
            `is STORED with ${entry.compressedSize} bytes but says it has ${entry.uncompressedSize} (corrupt zip)`,
          );
        digest = entryHasher.end(a.id, true);
      }
    } finally {
      const file = a.file;
      a.file = undefined;
      await file?.close();
    }
    let imageMetadata: ImageMetadataText | undefined;
    let imageMetadataError: unknown;
    if (a.image) {
      try {
        imageMetadata = a.image.end();
      } catch (err) {
        imageMetadataError = err;
      }
    }
    opts.progress.tick(0, 1);
    const result = digest.then(({ sha256, crc32: crc }): ExtractedFile => {
      if (crc !== entry.crc32 >>> 0) throw new EntryDataError('fails its CRC-32 check: the zip is corrupt');
      return {
        name: a.e.name,
        size: entry.uncompressedSize,
        written: a.e.write,
        sha256,
        ...(a.image ? (imageMetadataError === undefined ? { imageMetadata } : { imageMetadataError }) : {}),
      };
    });
    result.catch(() => undefined);
    return { result };
  };

  let stopped: ScanResult['stopped'];
  let next = 0; // index of the next entry to start
  let active: Active | undefined;
  /** Start entry `e`; an entry without data is finished at once. False when it failed (the scan stops). */
  const begin = async (e: ScanEntry): Promise<boolean> => {
    try {
      const a = await start(e);
      if (e.r.entry.compressedSize > 0) active = a;
      else files.set(e, (await finish(a)).result);
      return true;
    } catch (err) {
      stopped = { entry: e, err };
      return false;
    }
  };
  try {
    let pos = 0;
    let slot = zipSize > 0 ? await acquire() : -1;
    let reading = zipSize > 0 ? readInto(data, ring, slot, pos) : Promise.resolve(0);
    while (pos < zipSize) {
      const n = await reading;
      if (n === 0) throw new Error(`the zip ended at ${pos} bytes of ${zipSize}`);
      const from = pos;
      pos += n;
      const following = pos < zipSize ? await acquire() : undefined;
      if (following !== undefined) {
        reading = readInto(data, ring, following, pos);
        reading.catch(() => undefined);
      }
      hashInto(zipHasher, 0, slot, 0, n, false);
      // Hand each entry the part of its data in [from, pos).
      let at = from;
      while (!stopped) {
        if (!active) {
          const e = entries[next];
          if (!e || e.dataStart >= pos) break;
          next++;
          at = Math.max(at, e.dataStart);
          await begin(e);
          continue;
        }
        const end = Math.min(pos, active.end);
        const view = ring.subarray(slot * SCAN_SLOT_BYTES + (at - from), slot * SCAN_SLOT_BYTES + (end - from));
        try {
          await take(active, slot, at - from, view);
          opts.progress.tick(view.length);
          if (end === active.end) {
            const done = active;
            active = undefined;
            files.set(done.e, (await finish(done)).result);
          }
        } catch (err) {
          stopped = { entry: active?.e ?? entries[next - 1], err };
          break;
        }
        if (end === pos) break;
        at = end;
      }
      release(slot);
      if (stopped || following === undefined) break;
      slot = following;
    }
    // Entries without data at the very end of the file; anything else left is past the end.
    while (!stopped && !active && next < entries.length && entries[next].r.entry.compressedSize === 0) {
      if (entries[next].dataStart > zipSize) break;
      await begin(entries[next++]);
    }
    const left = active?.e ?? entries[next];
    if (!stopped && left)
      stopped = { entry: left, err: new EntryDataError('has data past the end of the zip (truncated zip)') };
    const { sha256 } = await zipHasher.end(0, false);
    // Every digest in before the workers stop.
    await Promise.allSettled(files.values());
    return { zipSha256: sha256, files, stopped };
  } finally {
    await active?.file?.close().catch(() => undefined);
    await Promise.all([zipHasher.close(), entryHasher.close()]);
  }
}

function inflate(a: Active): Buffer {
  const { entry } = a.e.r;
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.concat(a.compressed!), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (err) {
    throw new EntryDataError(`cannot be inflated: ${(err as Error).message} (corrupt zip)`);
  }
  if (bytes.length !== entry.uncompressedSize)
    throw new EntryDataError(`inflates to ${bytes.length} bytes, not the ${entry.uncompressedSize} it declares`);
  return bytes;
}

async function readInto(data: FileHandle, ring: Buffer, slot: number, position: number): Promise<number> {
  return (await data.read(ring, slot * SCAN_SLOT_BYTES, SCAN_SLOT_BYTES, position)).bytesRead;
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += (await file.write(bytes, off, bytes.length - off)).bytesWritten;
}
