import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as yauzl from 'yauzl';
import { modelPinsDocSchema, promptLibrarySchema } from '../config/bundle-schemas';
import { parseAndValidate } from '../config/read-json';
import { HandoffError } from '../errors';
import { PAYLOAD_MANIFEST_FILE } from '../bagit/bag-files';
import { BUNDLE_FILES } from '../bundle/bundle-files';
import { parseChecksumsFile } from '../bundle/checksums-file';
import { sha256File } from '../bundle/sha256-file';
import { decodeEntryName, openEntryStream, openZip, readCentralDirectory } from '../bundle/zip-reader';
import type { BuiltZip, BundleFormat } from '../bundle/built-zip';
import { promptDigests, type VersionSnapshot } from '../ledger/snapshot';

/** A built zip read back from the zip itself: its BuiltZip facts and the snapshot the ledger records. */
export interface ZipContents {
  built: BuiltZip & { fileCount: number };
  snapshot: VersionSnapshot;
}

async function readEntryText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntryStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function unreadable(zipPath: string, message: string): HandoffError {
  return new HandoffError({
    code: 'INTEGRITY',
    file: zipPath,
    message,
    hint: 'rebuild and cold-test the bundle (nx run <client>:handoff) before delivering it',
  });
}

/**
 * The ledger facts of a bundle zip: digest, size, file count, and the snapshot the next version is
 * diffed against: per-file checksums from its checksums.sha256 (payload manifest of a bag), prompt
 * digests from the prompt library and the pins from docs/model-pins.json.
 */
export async function readZipContents(zipPath: string): Promise<ZipContents> {
  const [sha256, stat] = await Promise.all([sha256File(zipPath), fs.stat(zipPath)]);
  const zip = await openZip(zipPath).catch((err: Error) => {
    throw unreadable(zipPath, `not a readable zip: ${err.message}`);
  });
  try {
    const entries = new Map<string, yauzl.Entry>();
    for (const entry of await readCentralDirectory(zip)) {
      const { name } = decodeEntryName(entry);
      if (name && !name.endsWith('/')) entries.set(name, entry);
    }
    const top = [...entries.keys()][0]?.split('/')[0] ?? '';
    const format: BundleFormat = entries.has(`${top}/bagit.txt`) ? 'bagit' : 'zip';
    const payload = format === 'bagit' ? `${top}/data/` : `${top}/`;
    const text = async (rel: string): Promise<string> => {
      const entry = entries.get(rel);
      if (!entry) throw unreadable(zipPath, `${rel} is missing from the bundle`);
      return readEntryText(zip, entry);
    };
    const manifest = parseChecksumsFile(
      await text(`${top}/${format === 'bagit' ? PAYLOAD_MANIFEST_FILE : BUNDLE_FILES.checksums}`),
    );
    const checksums: Record<string, string> = {};
    for (const [p, hex] of manifest.entries) checksums[format === 'bagit' ? p.replace(/^data\//, '') : p] = hex;
    const shown = (rel: string) => `${path.basename(zipPath)}:${rel}`;
    const library = parseAndValidate(
      await text(`${payload}${BUNDLE_FILES.promptLibrary}`),
      shown(BUNDLE_FILES.promptLibrary),
      promptLibrarySchema,
    );
    const pinsDoc = parseAndValidate(
      await text(`${payload}${BUNDLE_FILES.modelPins}`),
      shown(BUNDLE_FILES.modelPins),
      modelPinsDocSchema,
    );
    const pins = pinsDoc.models.map((m) => ({
      id: m.id,
      name: m.name,
      version: m.version,
      requested: m.requested,
      source: m.source,
      capabilities: m.capabilities,
    }));
    return {
      built: { zip: path.basename(zipPath), sha256, size: stat.size, format, fileCount: entries.size },
      snapshot: { checksums, prompts: promptDigests(library.jobs), pins },
    };
  } finally {
    zip.close();
  }
}
