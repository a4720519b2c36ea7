import { createWriteStream, promises as fs } from 'node:fs';
import { Writable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import type * as yauzl from 'yauzl';
import { WRITE_BUFFER_BYTES } from '../fs/atomic';
import { HashStream } from '../package/hash-stream';
import { createSha256Aside, type Sha256Aside } from '../fs/sha256-aside';
import { createProgress, SILENT_PROGRESS, type Progress, type ProgressStream } from '../progress';
import {
  createImageMetadataTap,
  type AnalyzeOptions,
  type ImageMetadataText,
} from '../whitelabel/image-metadata/metadata-text';
import { DEFAULT_EXTRACT_LIMITS, inspectEntries, type ExtractLimits } from './entry-safety';
import {
  decodeEntryName,
  entryDataStreams,
  openZip,
  readCentralDirectory,
  readLocalHeader,
  shownName,
  type LocalHeader,
  type ZipEntryRecord,
} from '../bundle/zip-reader';
import { canScan, EntryDataError, overlappingEntry, scanZip, type ExtractedFile, type ScanEntry } from './zip-scan';

export type { ExtractedFile } from './zip-scan';

export interface ExtractOptions {
  /** Read the metadata of every image while extracting it (the white-label gate's input), with these kept categories. */
  analyzeImages?: AnalyzeOptions;
  /** Draw progress here (see createProgress); default none. */
  progress?: ProgressStream;
  /**
   * Which files are written to disk, decided from every entry name (undefined: all, the default). The others are read, inflated, sized,
   * CRC-checked, hashed and (images) analysed exactly like the written ones, then dropped: the
   * cold test verifies media in the stream and writes only what its checks open.
   */
  writeIf?: (names: readonly string[]) => ((name: string) => boolean) | undefined;
  /**
   * Read the zip once, front to back, checking every entry and hashing the whole file from the same
   * bytes (see scanZip; ExtractResult.zipSha256). Default true; false, or a zip scanZip cannot
   * take (a DEFLATEd entry over MAX_SCAN_INFLATE), extracts entry by entry.
   */
  singlePass?: boolean;
}

interface Session {
  zip: yauzl.ZipFile;
  /** The zip, open for the entries' data. */
  data: FileHandle;
  dest: string;
  opts: ExtractOptions;
  /** Hashes the entries' bytes on a worker thread (see createSha256Aside). */
  aside: Sha256Aside;
  writeIf?: (name: string) => boolean;
  progress: Progress;
}

export interface ExtractResult {
  ok: boolean;
  /** Why the zip was refused, each naming the entry; empty when ok. */
  refusals: string[];
  /** Files written (all of them when ok). */
  files: ExtractedFile[];
  /** sha256 of the zip file, when it was read in a single pass (ExtractOptions.singlePass). */
  zipSha256?: string;
}

class Refusal extends Error {}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Attach the image's metadata (or the reason it is unreadable) once the tap has seen every byte. */
async function withImageMetadata(
  file: ExtractedFile,
  result: Promise<ImageMetadataText> | undefined,
): Promise<ExtractedFile> {
  if (!result) return file;
  try {
    return { ...file, imageMetadata: await result };
  } catch (err) {
    return { ...file, imageMetadataError: err };
  }
}

/** An entry whose bytes have all been read and checked; its file may still be being written. */
interface ReadEntry {
  /** Undefined for a folder entry; settles once its sha256 (computed on the worker) is known. */
  file?: Promise<ExtractedFile>;
  /** Resolves once the file is completely written and closed; rejects on a write error. Never unhandled. */
  written: Promise<void>;
}

const NOTHING_TO_WRITE: Promise<void> = Promise.resolve();

/** A sink for the bytes of a file that is verified but not written. */
function discard(): Writable {
  return new Writable({ highWaterMark: WRITE_BUFFER_BYTES, write: (_chunk, _enc, done) => done() });
}

/**
 * Where an entry goes in the extraction folder and where its data starts, once its target is known
 * to stay inside the folder and its local header to name the same file as the central directory.
 */
async function placeEntry(
  s: Session,
  r: ZipEntryRecord,
): Promise<{ name: string; target: string; header: LocalHeader }> {
  const name = r.name as string; // inspectEntries refused undecodable names
  const target = path.resolve(s.dest, ...name.split('/').filter((x) => x !== ''));
  if (!target.startsWith(s.dest + path.sep))
    throw new Refusal(`entry ${shownName(r)} resolves outside the extraction folder`);
  const header = await readLocalHeader(s.zip, r.entry);
  if (!header.fileName.equals(r.raw)) {
    throw new Refusal(
      `entry ${shownName(r)} has a local header naming ${JSON.stringify(header.fileName.toString('latin1'))}: the zip is inconsistent`,
    );
  }
  return { name, target, header };
}

/**
 * Extract one entry: read, inflate, hash and CRC-check its bytes and hand them to its file. Resolves
 * once every byte has been read and checked (and the CRC verified) and the last of them handed to
 * the file's write stream, without waiting for that stream to flush and close: the caller starts
 * the next entry meanwhile (see extractAll) and awaits `written` before reporting the file.
 */
async function extractEntry(s: Session, r: ZipEntryRecord): Promise<ReadEntry> {
  const { name, target, header } = await placeEntry(s, r);
  if (name.endsWith('/')) {
    await fs.mkdir(target, { recursive: true });
    return { written: NOTHING_TO_WRITE };
  }
  const write = s.writeIf?.(name) ?? true;
  if (write) await fs.mkdir(path.dirname(target), { recursive: true });
  // sha256 and CRC-32 both on the worker (createSha256Aside): this thread only moves the bytes.
  const hasher = new HashStream({ expectedSize: r.entry.uncompressedSize, aside: s.aside.begin({ crc: true }) });
  hasher.on('data', (chunk: Buffer) => s.progress.tick(chunk.length));
  const image = s.opts.analyzeImages ? createImageMetadataTap(name, s.opts.analyzeImages) : undefined;
  // 'wx': never follow or replace anything already there; fixed mode: no executable bits from the zip.
  const out = write
    ? createWriteStream(target, { flags: 'wx', mode: 0o644, highWaterMark: WRITE_BUFFER_BYTES })
    : discard();
  const written = pipeline([
    ...entryDataStreams(s.data, r.entry, header.fileDataStart),
    hasher,
    ...(image ? [image.tap] : []),
    out,
  ]);
  written.catch(() => undefined);
  // The hasher ends once it has seen every byte and passed the last one on (at most
  // WRITE_BUFFER_BYTES then wait in the file's stream). An error anywhere rejects `written` first.
  try {
    await Promise.race([finished(hasher), written]);
  } catch (err) {
    // Report the pipeline's first error (say the file's EEXIST), not the hasher's premature close;
    // `written` settles once every stream is destroyed: nothing is left writing.
    await written;
    throw err;
  }
  s.progress.tick(0, 1);
  const size = hasher.bytes;
  // Checked once the worker has seen the last byte, when the entry is settled (see extractAll): a
  // corrupt entry fails the extraction as before, one entry later at most.
  const file = hasher.resultAsync().then(({ sha256, crc32 }) => {
    if (crc32 !== r.entry.crc32 >>> 0)
      throw new Refusal(`entry ${shownName(r)} fails its CRC-32 check: the zip is corrupt`);
    return withImageMetadata({ name, size, sha256, written: write }, image?.result);
  });
  file.catch(() => undefined); // awaited when the entry is settled
  return { file, written };
}

function entryFailure(r: ZipEntryRecord, err: unknown): string {
  return err instanceof Refusal
    ? err.message
    : `entry ${shownName(r)} cannot be extracted: ${message(err)} (corrupt or truncated zip)`;
}

/**
 * Every entry in central-directory order; stops at the first failure. An entry's file is written
 * while the next entry is read (two files in flight at most, each with at most WRITE_BUFFER_BYTES
 * waiting): waiting for each file to be flushed and closed before reading the next one left the
 * reads, the hashing and the writes taking turns. A file counts as extracted once it is closed;
 * a write error is reported for its own entry, before anything that failed after it. Nothing is
 * still being written when this returns.
 */
async function extractAll(s: Session, records: readonly ZipEntryRecord[]): Promise<ExtractResult> {
  const files: ExtractedFile[] = [];
  let previous: { r: ZipEntryRecord; entry: ReadEntry } | undefined;
  /** Wait for the previous entry's file; its failure message, if its write failed. */
  const settlePrevious = async (): Promise<string | undefined> => {
    if (!previous) return undefined;
    const { r, entry } = previous;
    previous = undefined;
    try {
      await entry.written;
    } catch (err) {
      return entryFailure(r, err);
    }
    if (entry.file) {
      try {
        files.push(await entry.file);
      } catch (err) {
        return entryFailure(r, err);
      }
    }
    return undefined;
  };
  for (const r of records) {
    let entry: ReadEntry;
    try {
      entry = await extractEntry(s, r);
    } catch (err) {
      const why = (await settlePrevious()) ?? entryFailure(r, err);
      return { ok: false, refusals: [why], files };
    }
    const why = await settlePrevious();
    if (why) {
      await entry.written.catch(() => undefined);
      return { ok: false, refusals: [why], files };
    }
    previous = { r, entry };
  }
  const why = await settlePrevious();
  return why ? { ok: false, refusals: [why], files } : { ok: true, refusals: [], files };
}

/**
 * extractAll in one sequential read of the zip (see scanZip): local headers are checked first, then
 * every entry's data is checked (and written when kept) as the read passes it, and the whole file
 * hashed from the same bytes. Results and refusals read as extractAll's, in central-directory order.
 */
async function scanAll(s: Session, records: readonly ZipEntryRecord[], zipSize: number): Promise<ExtractResult> {
  const planned: ScanEntry[] = [];
  const byRecord = new Map<ZipEntryRecord, ScanEntry>();
  for (const r of records) {
    try {
      const { name, target, header } = await placeEntry(s, r);
      if (name.endsWith('/')) await fs.mkdir(target, { recursive: true });
      else {
        const entry = { r, name, target, dataStart: header.fileDataStart, write: s.writeIf?.(name) ?? true };
        planned.push(entry);
        byRecord.set(r, entry);
      }
    } catch (err) {
      return { ok: false, refusals: [entryFailure(r, err)], files: [] };
    }
  }
  const sorted = [...planned].sort((a, b) => a.dataStart - b.dataStart);
  const overlap = overlappingEntry(sorted);
  if (overlap) {
    const why = `entry ${shownName(overlap.entry.r)} overlaps the data of entry ${shownName(overlap.other.r)} (a zip bomb pattern)`;
    return { ok: false, refusals: [why], files: [] };
  }
  const scan = await scanZip(s.data, zipSize, sorted, { analyze: s.opts.analyzeImages, progress: s.progress });
  const files: ExtractedFile[] = [];
  for (const r of records) {
    const entry = byRecord.get(r);
    if (!entry) continue; // a folder
    const file = scan.files.get(entry);
    if (!file) break; // not reached: the scan stopped before it
    try {
      files.push(await file);
    } catch (err) {
      return { ok: false, refusals: [scanFailure(r, err)], files, zipSha256: scan.zipSha256 };
    }
  }
  if (scan.stopped)
    return {
      ok: false,
      refusals: [scanFailure(scan.stopped.entry.r, scan.stopped.err)],
      files,
      zipSha256: scan.zipSha256,
    };
  return { ok: true, refusals: [], files, zipSha256: scan.zipSha256 };
}

function scanFailure(r: ZipEntryRecord, err: unknown): string {
  return err instanceof EntryDataError ? `entry ${shownName(r)} ${err.message}` : entryFailure(r, err);
}

function startProgress(records: readonly ZipEntryRecord[], stream: ProgressStream | undefined): Progress {
  if (!stream) return SILENT_PROGRESS;
  const files = records.filter((r) => !r.name?.endsWith('/'));
  return createProgress({
    label: 'cold-test: extract',
    totalBytes: files.reduce((n, r) => n + r.entry.uncompressedSize, 0),
    totalFiles: files.length,
    stream,
  });
}

/**
 * Extract `zipPath` into `destDir` (an empty folder the caller owns), hashing every file as it is
 * written. The central directory is inspected first (names, types, sizes, overlaps, collisions);
 * any refusal stops before a byte is written. Nothing is written outside `destDir`: names with `..`,
 * absolute paths, drive letters or backslashes are refused, symlinks are never created, and each
 * file is opened with O_EXCL.
 */
export async function extractZipSafely(
  zipPath: string,
  destDir: string,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
  opts: ExtractOptions = {},
): Promise<ExtractResult> {
  const dest = path.resolve(destDir);
  const refused = (refusals: string[], files: ExtractedFile[] = []): ExtractResult => ({ ok: false, refusals, files });
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    return refused([`cannot read the zip: ${message(err)} (not a zip file, or truncated)`]);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      return refused([`the zip has ${zip.entryCount} entries, over the ${limits.maxEntries}-entry limit`]);
    let entries: yauzl.Entry[];
    try {
      entries = await readCentralDirectory(zip);
    } catch (err) {
      return refused([`the zip's central directory is corrupt: ${message(err)}`]);
    }
    const records = entries.map(decodeEntryName);
    const problems = inspectEntries(records, limits);
    if (problems.length > 0) return refused(problems);
    const data = await fs.open(zipPath, 'r');
    const progress = startProgress(records, opts.progress);
    try {
      const writeIf = opts.writeIf?.(records.map((r) => r.name as string));
      const aside = createSha256Aside();
      let result: ExtractResult;
      try {
        const session = { zip, data, dest, opts, writeIf, progress, aside };
        result =
          (opts.singlePass ?? true) && canScan(records)
            ? await scanAll(session, records, (await data.stat()).size)
            : await extractAll(session, records);
      } finally {
        await aside.close();
      }
      progress.done(result.ok ? 'ok' : 'failed');
      return result;
    } finally {
      await data.close();
    }
  } finally {
    zip.close();
  }
}
