import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './fs/atomic';
import { sha256File } from './verify/sha256-file';
import type { HandoffPaths } from './paths';
import type { BundleFormat, PackageResult } from './types';

/**
 * The build record `<zip>.build.json`: what the package step built (sha256, size, format) and the
 * identity of the file it wrote. Nx caches this record, not the zip: copying a multi-GB zip into
 * the cache and back out on every run cost more than rebuilding it in the rare run that needs it
 * (docs/benchmarks.md). So a cache hit can restore the record while dist/ lacks the zip (a fresh
 * CI machine, a deleted dist/, another branch's build); `inspectBuiltZip` tells those cases apart
 * and the pipeline rebuilds the zip from the same inputs.
 */

export const buildRecordSchema = z.object({
  zip: z.string().describe('File name of the zip.'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  format: z.enum(['zip', 'bagit']),
  /** Identity of the written file: when all of these still match, the zip is the one built. */
  file: z.object({ mtimeMs: z.number(), ino: z.number(), dev: z.number() }),
});
export type BuildRecord = z.infer<typeof buildRecordSchema>;

function identity(st: Stats): BuildRecord['file'] {
  return { mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev };
}

/** Record the zip the package step just wrote at `paths.zipFile`. */
export async function writeBuildRecord(paths: HandoffPaths, result: Pick<PackageResult, 'sha256' | 'size'>, format: BundleFormat): Promise<BuildRecord> {
  const st = await fs.stat(paths.zipFile);
  const record: BuildRecord = { zip: path.basename(paths.zipFile), sha256: result.sha256, size: result.size, format, file: identity(st) };
  await writeFileAtomic(paths.buildFile, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** The record, or undefined when it is missing or unreadable (then the zip is treated as unknown). */
export async function readBuildRecord(file: string): Promise<BuildRecord | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = buildRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The sha256 in `<zip>.sha256` (sha256sum format), when present. */
async function recordedDigest(shaFile: string): Promise<string | undefined> {
  const first = (await fs.readFile(shaFile, 'utf8').catch(() => '')).split(/\s+/)[0];
  return /^[0-9a-f]{64}$/.test(first) ? first : undefined;
}

export type BuiltZipState =
  /** The file the package step wrote, untouched (size, mtime, inode and device match): no read. */
  | 'built'
  /** Another file with the recorded sha256 (copied, restored, touched): hashed once to know. */
  | 'matches'
  /** No zip at the path. */
  | 'missing'
  /** A zip whose bytes are not the recorded ones (another build or version of the inputs). */
  | 'different'
  /** Neither a build record nor a `.sha256` to compare with. */
  | 'unrecorded';

export interface BuiltZipInspection {
  state: BuiltZipState;
  record?: BuildRecord;
  /** sha256 the zip should have, from the record or else `<zip>.sha256`. */
  expected?: string;
}

/**
 * Is the zip in dist/ the one the (possibly cache-restored) build record describes? Cheap when it
 * is the very file written: a stat. A zip without a record (built before records existed) is
 * compared with its `.sha256`.
 */
export async function inspectBuiltZip(paths: Pick<HandoffPaths, 'zipFile' | 'zipShaFile' | 'buildFile'>): Promise<BuiltZipInspection> {
  const record = await readBuildRecord(paths.buildFile);
  const expected = record?.sha256 ?? (await recordedDigest(paths.zipShaFile));
  const st = await fs.stat(paths.zipFile).catch(() => undefined);
  if (!st) return { state: 'missing', record, expected };
  if (!expected) return { state: 'unrecorded', record, expected };
  const same = record && st.size === record.size && st.mtimeMs === record.file.mtimeMs && st.ino === record.file.ino && st.dev === record.file.dev;
  if (same) return { state: 'built', record, expected };
  if (record && st.size !== record.size) return { state: 'different', record, expected };
  return { state: (await sha256File(paths.zipFile)) === expected ? 'matches' : 'different', record, expected };
}
