import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic';
import { sha256File } from './sha256-file';

/**
 * One record type for a built zip (`BuiltZip`): what the package stage built, what Nx caches as
 * `<zip>.build.json`, what deliver reads back from the zip and what a ledger version records
 * (a ledger version is a BuiltZip's zip/format/sha256/size/fileCount plus what was delivered).
 *
 * Nx caches the build record, not the zip: copying a multi-GB zip into the cache and back out on
 * every run cost more than rebuilding it in the rare run that needs it (docs/benchmarks.md). So a
 * cache hit can restore the record while dist/ lacks the zip (a fresh CI machine, a deleted
 * dist/, another branch's build); `inspectBuiltZip` tells those cases apart and the pipeline
 * rebuilds the zip from the same inputs.
 */

export const BUNDLE_FORMATS = ['zip', 'bagit'] as const;
export type BundleFormat = (typeof BUNDLE_FORMATS)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const builtZipSchema = z.object({
  zip: z.string().describe('File name of the zip.'),
  sha256: sha256Hex.describe('sha256 of the zip file, hex.'),
  size: z.number().int().nonnegative().describe('Size of the zip file in bytes.'),
  format: z.enum(BUNDLE_FORMATS).describe('Bundle layout: plain zip or an RFC 8493 bag.'),
  fileCount: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      'Files in the zip, checksums.sha256 and BagIt tag files included (absent in build records written before it was recorded).',
    ),
  /** The toolchain that built it: the zip bytes are identical for one Node.js/zlib. */
  node: z.string().optional().describe('Node.js version that built the zip (build records).'),
  zlib: z.string().optional().describe('zlib version that built the zip (build records).'),
  notes: z
    .array(z.string())
    .optional()
    .describe(
      "Notes of this version's CHANGELOG entry as built (edited prompts, then handoff.json changelog): what deliver records in the ledger. Absent in build records written before.",
    ),
});
/** A built zip: see the top of this file. */
export type BuiltZip = z.infer<typeof builtZipSchema>;

/** The build record `<zip>.build.json` is a BuiltZip (the names below are kept for callers of the public API). */
export const buildRecordSchema = builtZipSchema;
export type BuildRecord = BuiltZip;

/** The files of a version beside its zip (a subset of HandoffPaths). */
export interface BuiltZipFiles {
  zipFile: string;
  /** `<zip>.sha256`. */
  zipShaFile: string;
  /** `<zip>.build.json`, cached by Nx. */
  buildFile: string;
  /** `<zip>.stamp.json`, never cached. */
  stampFile: string;
}

/**
 * `<zip>.stamp.json`, never cached: which bytes this machine last built or hashed at the zip's
 * path (a BuiltZip's sha256 and size), and that file's identity. The cached record says what the
 * zip should be; the stamp lets a stat, instead of a full read, say that it still is.
 */
const stampSchema = builtZipSchema.pick({ sha256: true, size: true }).extend({
  mtimeMs: z.number(),
  ino: z.number(),
  dev: z.number(),
});
type Stamp = z.infer<typeof stampSchema>;

/** `file` parsed and valid against `schema`, or undefined when it is missing, not JSON or invalid. */
export async function readJsonIfValid<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The record, or undefined when it is missing or unreadable (then the zip is treated as unknown). */
export function readBuildRecord(file: string): Promise<BuildRecord | undefined> {
  return readJsonIfValid(file, buildRecordSchema);
}

/**
 * Record the zip the package step just wrote at `files.zipFile` (its BuiltZip, with this
 * toolchain), and stamp it.
 */
export async function writeBuildRecord(
  files: Pick<BuiltZipFiles, 'zipFile' | 'buildFile' | 'stampFile'>,
  built: Pick<BuiltZip, 'sha256' | 'size' | 'format' | 'fileCount' | 'notes'>,
): Promise<BuiltZip> {
  const record: BuiltZip = {
    zip: path.basename(files.zipFile),
    sha256: built.sha256,
    size: built.size,
    format: built.format,
    node: process.versions.node,
    zlib: process.versions.zlib ?? 'unknown',
    ...(built.fileCount === undefined ? {} : { fileCount: built.fileCount }),
    ...(built.notes === undefined ? {} : { notes: built.notes }),
  };
  await writeFileAtomic(files.buildFile, `${JSON.stringify(record, null, 2)}\n`);
  await writeStamp(files, built.sha256);
  return record;
}

/** Remember that the file now at `paths.zipFile` has `sha256`. */
export async function writeStamp(paths: Pick<BuiltZipFiles, 'zipFile' | 'stampFile'>, sha256: string): Promise<void> {
  const st = await fs.stat(paths.zipFile);
  const stamp: Stamp = { sha256, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev };
  await writeFileAtomic(paths.stampFile, `${JSON.stringify(stamp)}\n`);
}

/** The sha256 in a `sha256sum`-format file (`<zip>.sha256`), when present and well formed. */
export async function readShaFile(shaFile: string): Promise<string | undefined> {
  const first = (await fs.readFile(shaFile, 'utf8').catch(() => '')).split(/\s+/)[0];
  return /^[0-9a-f]{64}$/.test(first) ? first : undefined;
}

export type BuiltZipState =
  /** The file this machine built or hashed, untouched (its stamp's size, mtime, inode, device): no read. */
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
 * Is the zip in dist/ the one the (possibly cache-restored) build record describes? A stat when
 * the local stamp vouches for the file; otherwise one full read. A zip without a record (built
 * before records existed) is compared with its `.sha256`.
 */
export async function inspectBuiltZip(paths: BuiltZipFiles): Promise<BuiltZipInspection> {
  const record = await readBuildRecord(paths.buildFile);
  const expected = record?.sha256 ?? (await readShaFile(paths.zipShaFile));
  const st = await fs.stat(paths.zipFile).catch(() => undefined);
  if (!st) return { state: 'missing', record, expected };
  if (!expected) return { state: 'unrecorded', record, expected };
  const stamp = await readJsonIfValid(paths.stampFile, stampSchema);
  const stamped =
    stamp &&
    stamp.sha256 === expected &&
    st.size === stamp.size &&
    st.mtimeMs === stamp.mtimeMs &&
    st.ino === stamp.ino &&
    st.dev === stamp.dev;
  if (stamped) return { state: 'built', record, expected };
  if (record && st.size !== record.size) return { state: 'different', record, expected };
  return { state: (await sha256File(paths.zipFile)) === expected ? 'matches' : 'different', record, expected };
}
