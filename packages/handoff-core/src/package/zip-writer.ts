import archiver from 'archiver';
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFLATE_LEVEL, needsZip64, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { HashStream } from './hash-stream';
import { sourceChangedError, sourceReadError } from './package-errors';
import { HandoffError, isHandoffError } from '../errors';
import { SILENT_PROGRESS, type Progress } from '../progress';
import type { BundleSource } from '../types';
import { createFileMetadataStripper } from '../whitelabel/image-metadata/create-stripper';

type FileSource = Extract<BundleSource, { kind: 'file' }>;

/** A stage's error names the bundle path; the user fixes the source file. */
function namedAfterSource(err: HandoffError, bundlePath: string, abs: string): HandoffError {
  return new HandoffError(err.problems.map((p) => (p.file === bundlePath ? { ...p, file: abs } : p)));
}

/** Unix mode of every entry: a regular file, rw-r--r--, whatever the source file's mode or umask. */
export const ENTRY_MODE = 0o644;

/**
 * Read size of a source file. Every chunk crosses several stream stages (size check, stripper,
 * hash, archiver, CRC, output hash, file write): 1 MiB chunks instead of the 64 KiB default cut
 * that per-chunk work 16-fold (docs/benchmarks.md); memory stays at a few chunks.
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

export interface ZipWriteResult {
  /** sha256 of the zip bytes, computed as they were written. */
  sha256: string;
  size: number;
  fileCount: number;
  /** planPath -> sha256 of every entry that comes from the plan (PackageResult.checksums). */
  checksums: Record<string, string>;
}

interface Session {
  archive: archiver.Archiver;
  date: Date;
  /** Told the source bytes as they are read and each entry once written. */
  progress: Progress;
  /** Rejects on the first error of the archiver or the output; never unhandled. */
  failed: Promise<never>;
}

function entryData(name: string, date: Date, store: boolean): archiver.ZipEntryData {
  // No `stats`: archiver would take mtime and mode from them. An explicit mode makes
  // compress-commons mark the entry as made on Unix (platform 3) on every OS.
  return { name, date, mode: ENTRY_MODE, store };
}

/** Resolves once archiver has fully written the entry (its `entry` event). */
function entryDone(archive: archiver.Archiver): Promise<void> {
  return new Promise((resolve) => archive.once('entry', () => resolve()));
}

async function appendBytes(s: Session, name: string, data: Buffer, store: boolean): Promise<WrittenFile> {
  const done = entryDone(s.archive);
  s.archive.append(data, entryData(name, s.date, store));
  await Promise.race([done, s.failed]);
  s.progress.tick(data.length, 1);
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/**
 * Stream one file through a hashing pass-through into archiver. The next file is opened only after
 * this entry is written, so one file descriptor and about one chunk of data are in flight.
 */
/**
 * One read pass: file -> (size check -> metadata stripper) -> sha256 -> archiver. With a stripper
 * the checksum is of the stripped bytes, which are what ships.
 */
async function appendFile(s: Session, spec: ZipEntrySpec, src: FileSource): Promise<WrittenFile> {
  const { abs, size } = src;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(abs, 'r');
  } catch (err) {
    throw sourceReadError(err, spec.path, abs);
  }
  const read = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
  const sizeError = (e: number, a: number) => sourceChangedError(spec.path, abs, e, a);
  let stripper: Transform | undefined;
  try {
    stripper = src.stripMetadata ? await createFileMetadataStripper(abs, spec.path, { keepC2pa: src.stripMetadata.keepC2pa }) : undefined;
  } catch (err) {
    read.destroy();
    throw err;
  }
  const hasher = new HashStream(stripper ? {} : { expectedSize: size, sizeError });
  const stages: Transform[] = stripper ? [new HashStream({ expectedSize: size, sizeError, hash: false }), stripper, hasher] : [hasher];
  const broken = new Promise<never>((_, reject) => {
    const fail = (err: unknown): void => reject(isHandoffError(err) ? namedAfterSource(err, spec.path, abs) : sourceReadError(err, spec.path, abs));
    read.once('error', fail);
    for (const stage of stages) stage.once('error', fail);
  });
  broken.catch(() => undefined);
  const done = entryDone(s.archive);
  read.on('data', (chunk: string | Buffer) => s.progress.tick(chunk.length));
  pipeline([read, ...stages]).catch(() => undefined); // errors are reported through `broken`
  s.archive.append(hasher, entryData(spec.name, s.date, spec.store));
  try {
    await Promise.race([done, broken, s.failed]);
  } catch (err) {
    read.destroy(); // closes the file handle
    for (const stage of stages) stage.destroy();
    throw err;
  }
  s.progress.tick(0, 1);
  return { sha256: hasher.digest(), size: hasher.bytes };
}

function openSession(entries: readonly ZipEntrySpec[], date: Date, out: Writable, progress: Progress): { session: Session; output: HashStream; piped: Promise<void> } {
  const archive = archiver('zip', {
    zlib: { level: DEFLATE_LEVEL },
    forceZip64: needsZip64(entries),
    forceLocalTime: false,
    comment: '',
  });
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  archive.on('error', (err) => fail(err));
  archive.on('warning', (err) => fail(err));
  const output = new HashStream();
  const piped = pipeline(archive, output, out);
  piped.catch((err) => fail(err));
  return { session: { archive, date, failed, progress }, output, piped };
}

function appendEntry(s: Session, spec: ZipEntrySpec, written: ReadonlyMap<string, WrittenFile>): Promise<WrittenFile> {
  const src = spec.source;
  if (src.kind === 'file') return appendFile(s, spec, src);
  const data = src.kind === 'bytes' ? src.data : src.build(written);
  return appendBytes(s, spec.name, data, spec.store);
}

/**
 * Write the entries in order as a zip into `out`; a generated entry is built from the hashes and
 * sizes of the entries before it. On failure the source stream and the archiver are destroyed and
 * the error rethrown; the caller removes the output.
 */
export async function writeZip(entries: readonly ZipEntrySpec[], date: Date, out: Writable, progress: Progress = SILENT_PROGRESS): Promise<ZipWriteResult> {
  const { session, output, piped } = openSession(entries, date, out, progress);
  const written = new Map<string, WrittenFile>();
  const checksums: Record<string, string> = {};
  try {
    for (const spec of entries) {
      const file = await appendEntry(session, spec, written);
      written.set(spec.path, file);
      if (spec.planPath !== undefined) checksums[spec.planPath] = file.sha256;
    }
    session.archive.finalize().catch(() => undefined); // completion and errors arrive through `piped`
    await Promise.race([piped, session.failed]);
  } catch (err) {
    session.archive.abort();
    session.archive.destroy();
    throw err;
  }
  return { sha256: output.digest(), size: output.bytes, fileCount: entries.length, checksums };
}
