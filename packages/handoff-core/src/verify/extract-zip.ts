import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type * as yauzl from 'yauzl';
import { HashStream } from '../package/hash-stream';
import { DEFAULT_EXTRACT_LIMITS, inspectEntries, type ExtractLimits } from './entry-safety';
import { decodeEntryName, openEntryStream, openZip, readCentralDirectory, readLocalHeader, shownName, type ZipEntryRecord } from './zip-reader';

export interface ExtractedFile {
  /** Entry name as in the zip (`<top>/<path>`). */
  name: string;
  size: number;
  /** sha256 computed while extracting. */
  sha256: string;
}

export interface ExtractResult {
  ok: boolean;
  /** Why the zip was refused, each naming the entry; empty when ok. */
  refusals: string[];
  /** Files written (all of them when ok). */
  files: ExtractedFile[];
}

class Refusal extends Error {}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function extractEntry(zip: yauzl.ZipFile, r: ZipEntryRecord, dest: string): Promise<ExtractedFile | undefined> {
  const name = r.name as string; // inspectEntries refused undecodable names
  const target = path.resolve(dest, ...name.split('/').filter((s) => s !== ''));
  if (!target.startsWith(dest + path.sep)) throw new Refusal(`entry ${shownName(r)} resolves outside the extraction folder`);
  const header = await readLocalHeader(zip, r.entry);
  if (!header.fileName.equals(r.raw)) {
    throw new Refusal(`entry ${shownName(r)} has a local header naming ${JSON.stringify(header.fileName.toString('latin1'))}: the zip is inconsistent`);
  }
  if (name.endsWith('/')) {
    await fs.mkdir(target, { recursive: true });
    return undefined;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const input = await openEntryStream(zip, r.entry);
  const hasher = new HashStream({ expectedSize: r.entry.uncompressedSize, crc: true });
  // 'wx': never follow or replace anything already there; fixed mode: no executable bits from the zip.
  await pipeline(input, hasher, createWriteStream(target, { flags: 'wx', mode: 0o644 }));
  if (hasher.crc() !== r.entry.crc32 >>> 0) throw new Refusal(`entry ${shownName(r)} fails its CRC-32 check: the zip is corrupt`);
  return { name, size: hasher.bytes, sha256: hasher.digest() };
}

/**
 * Extract `zipPath` into `destDir` (an empty folder the caller owns), hashing every file as it is
 * written. The central directory is inspected first (names, types, sizes, overlaps, collisions);
 * any refusal stops before a byte is written. Nothing is written outside `destDir`: names with `..`,
 * absolute paths, drive letters or backslashes are refused, symlinks are never created, and each
 * file is opened with O_EXCL.
 */
export async function extractZipSafely(zipPath: string, destDir: string, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<ExtractResult> {
  const dest = path.resolve(destDir);
  const refused = (refusals: string[], files: ExtractedFile[] = []): ExtractResult => ({ ok: false, refusals, files });
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    return refused([`cannot read the zip: ${message(err)} (not a zip file, or truncated)`]);
  }
  try {
    if (zip.entryCount > limits.maxEntries) return refused([`the zip has ${zip.entryCount} entries, over the ${limits.maxEntries}-entry limit`]);
    let entries: yauzl.Entry[];
    try {
      entries = await readCentralDirectory(zip);
    } catch (err) {
      return refused([`the zip's central directory is corrupt: ${message(err)}`]);
    }
    const records = entries.map(decodeEntryName);
    const problems = inspectEntries(records, limits);
    if (problems.length > 0) return refused(problems);
    const files: ExtractedFile[] = [];
    for (const r of records) {
      try {
        const file = await extractEntry(zip, r, dest);
        if (file) files.push(file);
      } catch (err) {
        const why = err instanceof Refusal ? err.message : `entry ${shownName(r)} cannot be extracted: ${message(err)} (corrupt or truncated zip)`;
        return refused([why], files);
      }
    }
    return { ok: true, refusals: [], files };
  } finally {
    zip.close();
  }
}
