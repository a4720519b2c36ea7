import { promises as fs, createWriteStream, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** A temp name in the same folder as `target`, so the final rename is atomic on one filesystem. */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Write a whole file via temp + rename: readers see the old file or the new one, never half. */
export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export interface AtomicStream {
  stream: WriteStream;
  tempPath: string;
  /** Flush, close and rename into place. */
  commit(): Promise<void>;
  /** Close and delete the temp file. */
  abort(): Promise<void>;
}

/**
 * Bytes a write stream buffers before it asks its writer to wait. Node's default (16 KiB) is less
 * than one read chunk, so every chunk waited for its write to finish and reading, hashing and
 * writing never overlapped; a few MiB let them run side by side (docs/benchmarks.md).
 */
export const WRITE_BUFFER_BYTES = 8 * 1024 * 1024;

/** A write stream to a temp file beside `target`, renamed only on commit. */
export async function createAtomicWriteStream(target: string): Promise<AtomicStream> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tempPath = tempPathFor(target);
  const stream = createWriteStream(tempPath, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES });
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  // Observed by commit/abort; never an unhandled rejection in between.
  closed.catch(() => undefined);
  return {
    stream,
    tempPath,
    async commit() {
      if (!stream.closed) stream.end();
      await closed;
      await fs.rename(tempPath, target);
    },
    async abort() {
      stream.destroy();
      await closed.catch(() => undefined);
      await fs.rm(tempPath, { force: true });
    },
  };
}
