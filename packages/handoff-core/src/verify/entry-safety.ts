import type * as yauzl from 'yauzl';
import { checkEntryName, findNameConflicts } from '../bundle/entry-name-rules';
import { shownName, type ZipEntryRecord } from '../bundle/zip-reader';

export interface ExtractLimits {
  /** Refuse when the declared uncompressed total exceeds this many bytes. */
  maxTotalBytes: number;
  /** Refuse an entry whose uncompressed:compressed ratio exceeds this... */
  maxRatio: number;
  /** ...when it is bigger than this many bytes. */
  ratioMinBytes: number;
  /** Refuse zips with more entries than this. */
  maxEntries: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioMinBytes: 1024 ** 2,
  maxEntries: 1_000_000,
};

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** The unix file type of an entry (0 when the zip carries no unix mode). */
export function unixFileType(entry: yauzl.Entry): number {
  return ((entry.externalFileAttributes >>> 16) & S_IFMT) >>> 0;
}

function typeProblem(entry: yauzl.Entry, isDir: boolean): string | undefined {
  const type = unixFileType(entry);
  if (type === S_IFLNK) return 'is a symbolic link';
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
    return `is a special file (unix mode 0${(entry.externalFileAttributes >>> 16).toString(8)})`;
  if (type === S_IFDIR && !isDir) return 'is marked as a folder but its name does not end in /';
  return undefined;
}

function entryProblems(r: ZipEntryRecord, limits: ExtractLimits): string[] {
  const e = r.entry;
  const out: string[] = [];
  if (r.nameProblem) out.push(r.nameProblem);
  if (r.name !== undefined) {
    const isDir = r.name.endsWith('/');
    const why = checkEntryName(isDir ? r.name.slice(0, -1) : r.name);
    if (why) out.push(why);
    const type = typeProblem(e, isDir);
    if (type) out.push(type);
    if (isDir && e.uncompressedSize > 0) out.push('is a folder entry with content');
  }
  if (e.isEncrypted()) out.push('is encrypted');
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
    out.push(`uses unsupported compression method ${e.compressionMethod}`);
  const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 0;
  if (e.uncompressedSize > limits.ratioMinBytes && ratio > limits.maxRatio) {
    out.push(
      `expands ${e.compressedSize} bytes to ${e.uncompressedSize} (ratio over ${limits.maxRatio}:1, a zip bomb pattern)`,
    );
  }
  return out;
}

/** Entries whose data ranges overlap (a zip bomb technique) or share a local header. */
function overlapProblems(records: readonly ZipEntryRecord[]): string[] {
  const sorted = [...records].sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  const out: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].entry;
    // Lower bound of where the previous entry's data ends (its local extra field is not counted).
    const prevEnd = prev.relativeOffsetOfLocalHeader + 30 + prev.fileNameLength + prev.compressedSize;
    if (sorted[i].entry.relativeOffsetOfLocalHeader < prevEnd) {
      out.push(
        `entry ${shownName(sorted[i])} overlaps the data of entry ${shownName(sorted[i - 1])} (a zip bomb pattern)`,
      );
    }
  }
  return out;
}

/**
 * Everything that makes a zip unsafe to extract, decided from the central directory alone, before
 * a single byte is written. Each reason names the entry.
 */
export function inspectEntries(records: readonly ZipEntryRecord[], limits: ExtractLimits): string[] {
  const problems: string[] = [];
  const files: string[] = [];
  const folders: string[] = [];
  let total = 0;
  for (const r of records) {
    for (const p of entryProblems(r, limits)) problems.push(`entry ${shownName(r)} ${p}`);
    total += r.entry.uncompressedSize;
    if (r.name === undefined) continue;
    if (r.name.endsWith('/')) folders.push(r.name.slice(0, -1));
    else files.push(r.name);
  }
  for (const c of findNameConflicts(files, folders))
    problems.push(`entry ${JSON.stringify(c.name)} collides with ${JSON.stringify(c.other)}: ${c.reason}`);
  problems.push(...overlapProblems(records));
  if (total > limits.maxTotalBytes) {
    problems.push(`the zip expands to ${total} bytes, over the ${limits.maxTotalBytes}-byte limit`);
  }
  return problems;
}
