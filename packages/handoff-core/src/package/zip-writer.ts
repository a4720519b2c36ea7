import archiver from 'archiver';
import { promises as fs, type ReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFLATE_LEVEL, needsZip64, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { HashStream } from './hash-stream';
import { useNativeCrcFor } from './native-crc32';
import { sourceChangedError, sourceReadError } from './package-errors';
import { HandoffError, isHandoffError } from '../errors';
import { SILENT_PROGRESS, type Progress } from '../progress';
import type { BundleSource } from '../types';
import { createFileMetadataStripper } from '../whitelabel/image-metadata/create-stripper';
import { createSha256Aside, type Sha256Aside } from '../fs/sha256-aside';

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
  /** sha256 of the zip bytes, computed as they were written (undefined with `hashOutput: false`). */
  sha256?: string;
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
  /** Hashes the source files' shipped bytes on a worker thread. */
  aside: Sha256Aside;
}

/** An entry written into the zip; a file's sha256 may still be being computed on the worker. */
interface AppendedEntry {
  size: number;
  sha256: Promise<string>;
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

async function appendBytes(s: Session, name: string, data: Buffer, store: boolean): Promise<AppendedEntry> {
  const done = entryDone(s.archive);
  s.archive.append(data, entryData(name, s.date, store));
  await Promise.race([done, s.failed]);
  s.progress.tick(data.length, 1);
  return { sha256: Promise.resolve(createHash('sha256').update(data).digest('hex')), size: data.length };
}

/**
 * How many source files are opened (and their first chunk read) ahead of the entry being written.
 * 1 hides the gap between entries; 2 hid slightly more of it but, with one more MiB of buffers
 * alive, kept V8 in back-to-back mark-compacts ("GC in old space requested", external memory) in
 * 3 runs of 3 at N=1000: 74 full GCs and ~2-3 s more CPU, against 1 with OPEN_AHEAD = 1.
 */
export const OPEN_AHEAD = 1;

/** A source file opened ahead of its turn: its read stream and stages, not yet piped. */
interface OpenedFile {
  read: ReadStream;
  stages: Transform[];
  hasher: HashStream;
  /** Rejects with the entry's error on the first error of the read or a stage; never unhandled. */
  broken: Promise<never>;
}

/**
 * Open a source file and build its stages: file -> (size check -> metadata stripper) -> sha256.
 * With a stripper the checksum is of the stripped bytes, which are what ships. The first chunk is
 * read at once (`read(0)` fills the stream's buffer without consuming it), so when this is called
 * for the next entries while the current one streams (OPEN_AHEAD), the open, the stripper's setup
 * and the first read overlap the current entry instead of stalling between entries (measured
 * 2.6 s of a 9 s package stage at N=1000, 900 files). Costs OPEN_AHEAD more open files and at
 * most OPEN_AHEAD more READ_CHUNK_BYTES buffered.
 */
async function openFile(spec: ZipEntrySpec, src: FileSource, aside: Sha256Aside): Promise<OpenedFile> {
  const { abs, size } = src;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(abs, 'r');
  } catch (err) {
    throw sourceReadError(err, spec.path, abs);
  }
  const read = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
  const sizeError = (e: number, a: number) => sourceChangedError(spec.path, abs, e, a);
  const failure = (err: unknown): unknown =>
    isHandoffError(err) ? namedAfterSource(err, spec.path, abs) : sourceReadError(err, spec.path, abs);
  let readError: unknown;
  const earlyError = (err: unknown): void => {
    readError ??= err;
  };
  read.once('error', earlyError);
  let stripper: Transform | undefined;
  try {
    stripper = src.stripMetadata ? await createFileMetadataStripper(abs, spec.path, src.stripMetadata) : undefined;
  } catch (err) {
    read.destroy();
    throw err;
  }
  const hasher = new HashStream(
    stripper ? { aside: aside.begin() } : { expectedSize: size, sizeError, aside: aside.begin() },
  );
  const stages: Transform[] = stripper
    ? [new HashStream({ expectedSize: size, sizeError, hash: false }), stripper, hasher]
    : [hasher];
  const broken = new Promise<never>((_, reject) => {
    const fail = (err: unknown): void => reject(failure(err));
    if (readError !== undefined) fail(readError);
    read.off('error', earlyError);
    read.once('error', fail);
    for (const stage of stages) stage.once('error', fail);
  });
  broken.catch(() => undefined);
  read.read(0);
  return { read, stages, hasher, broken };
}

/** Close an opened file that will not be streamed (an earlier entry failed). */
function discardFile(file: Promise<OpenedFile> | undefined): void {
  file?.then(
    (f) => {
      f.read.destroy(); // closes the file handle
      for (const stage of f.stages) stage.destroy();
    },
    () => undefined,
  );
}

/** Stream an opened file into archiver as the next entry; resolves once archiver has written it. */
async function appendFile(s: Session, spec: ZipEntrySpec, file: OpenedFile): Promise<AppendedEntry> {
  const { read, stages, hasher, broken } = file;
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
  return { sha256: hasher.digestAsync(), size: hasher.bytes };
}

function openSession(
  entries: readonly ZipEntrySpec[],
  date: Date,
  out: Writable,
  progress: Progress,
  hashOutput: boolean,
  aside: Sha256Aside,
): { session: Session; output: HashStream; piped: Promise<void> } {
  const archive = archiver('zip', {
    zlib: { level: DEFLATE_LEVEL },
    forceZip64: needsZip64(entries),
    forceLocalTime: false,
    comment: '',
  });
  useNativeCrcFor(archive);
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  archive.on('error', (err) => fail(err));
  archive.on('warning', (err) => fail(err));
  const output = new HashStream(hashOutput ? {} : { hash: false });
  const piped = pipeline(archive, output, out);
  piped.catch((err) => fail(err));
  return { session: { archive, date, failed, progress, aside }, output, piped };
}

/** Start opening `spec`'s source file when it is one (see openFile); never an unhandled rejection. */
function openAhead(spec: ZipEntrySpec | undefined, aside: Sha256Aside): Promise<OpenedFile> | undefined {
  if (spec?.source.kind !== 'file') return undefined;
  const opened = openFile(spec, spec.source, aside);
  opened.catch(() => undefined);
  return opened;
}

async function appendEntry(
  s: Session,
  spec: ZipEntrySpec,
  opened: Promise<OpenedFile> | undefined,
  written: ReadonlyMap<string, WrittenFile>,
): Promise<AppendedEntry> {
  const src = spec.source;
  if (src.kind === 'file') return appendFile(s, spec, await (opened ?? openFile(spec, src, s.aside)));
  const data = src.kind === 'bytes' ? src.data : src.build(written);
  return appendBytes(s, spec.name, data, spec.store);
}

/**
 * Write the entries in order as a zip into `out` (and hash the zip's bytes unless `hashOutput` is
 * false: the caller hashes the written file aside, see sha256FollowingWrites); a generated entry is built from the hashes and
 * sizes of the entries before it. On failure the source stream and the archiver are destroyed and
 * the error rethrown; the caller removes the output.
 */
export async function writeZip(
  entries: readonly ZipEntrySpec[],
  date: Date,
  out: Writable,
  progress: Progress = SILENT_PROGRESS,
  opts: { hashOutput?: boolean } = {},
): Promise<ZipWriteResult> {
  const hashOutput = opts.hashOutput ?? true;
  const aside = createSha256Aside();
  const { session, output, piped } = openSession(entries, date, out, progress, hashOutput, aside);
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
  // Source files opened ahead (see openFile), by entry index: while an entry streams, the next
  // OPEN_AHEAD source files are opened and their first chunk read.
  const ahead = new Map<number, Promise<OpenedFile>>();
  const fillAhead = (from: number): void => {
    for (let j = from; j < Math.min(entries.length, from + OPEN_AHEAD); j++) {
      if (ahead.has(j)) continue;
      const opened = openAhead(entries[j], aside);
      if (opened) ahead.set(j, opened);
    }
  };
  try {
    for (let i = 0; i < entries.length; i++) {
      const spec = entries[i];
      if (spec.source.kind === 'generated') await settle();
      fillAhead(i);
      const opened = ahead.get(i);
      ahead.delete(i);
      const appending = appendEntry(session, spec, opened, written);
      fillAhead(i + 1);
      const file = await appending;
      const recorded = file.sha256.then((sha256) => {
        written.set(spec.path, { sha256, size: file.size });
        if (spec.planPath !== undefined) checksums[spec.planPath] = sha256;
      });
      recorded.catch(() => undefined); // awaited by settle()
      pending.push(recorded);
    }
    session.archive.finalize().catch(() => undefined); // completion and errors arrive through `piped`
    await Promise.race([piped, session.failed]);
    await settle();
  } catch (err) {
    for (const opened of ahead.values()) discardFile(opened);
    session.archive.abort();
    session.archive.destroy();
    throw err;
  } finally {
    await aside.close();
  }
  return {
    sha256: hashOutput ? output.digest() : undefined,
    size: output.bytes,
    fileCount: entries.length,
    checksums,
  };
}
