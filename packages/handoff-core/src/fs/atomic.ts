import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
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

/**
 * Bytes a write stream buffers before it asks its writer to wait. Node's default (16 KiB) is less
 * than one read chunk, so every chunk waited for its write to finish and reading, hashing and
 * writing never overlapped; a few MiB let them run side by side (docs/benchmarks.md).
 */
export const WRITE_BUFFER_BYTES = 8 * 1024 * 1024;

export interface AtomicFile {
  handle: FileHandle;
  tempPath: string;
  /** Close and rename into place (renameIntoPlace). */
  commit(): Promise<void>;
  /** Close and delete the temp file. */
  abort(): Promise<void>;
}

/**
 * Move a finished file onto `target`, replacing any file there, without renaming over it. On ext4
 * (auto_da_alloc) a rename over an existing file makes the kernel write the new file's data back to
 * disk before the rename returns: 1.3 s for a 1.3 GB zip on the bench machine, paid by every rebuild
 * of a version (docs/benchmarks.md). So the old file is first renamed aside (to a temp name beside
 * it), the new one renamed onto the free name, and the old one deleted; if the second rename fails,
 * the old file is put back. For that moment no file is at `target`; a half-written one never is.
 */
export async function renameIntoPlace(from: string, target: string): Promise<void> {
  const aside = tempPathFor(target);
  let moved = true;
  try {
    await fs.rename(target, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    moved = false;
  }
  try {
    await fs.rename(from, target);
  } catch (err) {
    if (moved) await fs.rename(aside, target).catch(() => undefined);
    throw err;
  }
  if (moved) await fs.rm(aside, { force: true });
}

/** A new, empty temp file beside `target` open for writing, moved into place (renameIntoPlace) only on commit. */
export async function createAtomicFile(target: string): Promise<AtomicFile> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tempPath = tempPathFor(target);
  const handle = await fs.open(tempPath, 'wx');
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= handle.close());
  return {
    handle,
    tempPath,
    async commit() {
      await close();
      await renameIntoPlace(tempPath, target);
    },
    async abort() {
      await close().catch(() => undefined);
      await fs.rm(tempPath, { force: true });
    },
  };
}
