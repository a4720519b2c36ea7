import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BundleView } from '../bundle-view';
import { compareCodeUnits } from '../../bundle/entry-name-rules';
import {
  BAG_DECLARATION_FILE,
  BAG_INFO_FILE,
  FETCH_FILE,
  PAYLOAD_DIR,
  isPayloadPath,
  manifestAlgorithm,
} from '../../bagit/bag-files';
import { checkOxum, declarationProblems, readTagText, type BagFindings, type PayloadStats } from './bag-tags';
import { parseManifest, type ParsedManifest } from '../../bagit/manifest-file';
import { parseTagFile } from '../../bagit/tag-file';

export interface BagVerification {
  ok: boolean;
  /** Each names the file (and line) and what is wrong. */
  errors: string[];
  warnings: string[];
  /** What was found under data/. */
  payload: { files: number; bytes: number };
  /** Payload and tag manifests checked, e.g. `manifest-sha256.txt`. */
  manifests: string[];
}

type ManifestKind = 'payload' | 'tag';

/** Lookups over the extracted files, and digests for algorithms other than the extraction's sha256. */
class BagFiles {
  private readonly byNfc = new Map<string, string>();
  private readonly digests = new Map<string, Promise<string>>();

  constructor(readonly view: BundleView) {
    for (const rel of view.files.keys()) this.byNfc.set(rel.normalize('NFC'), rel);
  }

  find(nfcPath: string): string | undefined {
    return this.byNfc.get(nfcPath);
  }

  digest(rel: string, algorithm: string): Promise<string> {
    if (algorithm === 'sha256') return Promise.resolve(this.view.files.get(rel)?.sha256 ?? '');
    const key = `${algorithm}:${rel}`;
    let d = this.digests.get(key);
    if (!d) {
      const hash = createHash(algorithm);
      d = pipeline(createReadStream(path.join(this.view.root, ...rel.split('/'))), hash).then(() => hash.digest('hex'));
      this.digests.set(key, d);
    }
    return d;
  }

  payload(): PayloadStats {
    const files = [...this.view.files.keys()].filter(isPayloadPath).sort(compareCodeUnits);
    return { files, bytes: files.reduce((n, rel) => n + (this.view.files.get(rel)?.size ?? 0), 0) };
  }

  /** Manifests of `kind` at the bag root: file name and algorithm. */
  manifests(kind: ManifestKind): Array<{ file: string; algorithm: string }> {
    return [...this.view.files.keys()]
      .sort(compareCodeUnits)
      .map((file) => ({ file, algorithm: manifestAlgorithm(file, kind) ?? '' }))
      .filter((m) => m.algorithm !== '');
  }
}

function digestLength(algorithm: string): number | undefined {
  try {
    return createHash(algorithm).digest('hex').length;
  } catch {
    return undefined;
  }
}

/** Why a manifest of `kind` may not list `p`, else undefined. */
function scopeProblem(kind: ManifestKind, file: string, p: string): string | undefined {
  if (kind === 'payload' && !isPayloadPath(p))
    return `${p} is not under ${PAYLOAD_DIR}/ (a payload manifest lists payload files only)`;
  if (kind === 'tag' && isPayloadPath(p)) return `${p} is a payload file (a tag manifest lists tag files only)`;
  if (p === file) return `${file} lists itself`;
  return undefined;
}

/** Fixity of every listed file: it exists and its digest matches. */
async function checkListedFiles(
  files: BagFiles,
  kind: ManifestKind,
  file: string,
  algorithm: string,
  parsed: ParsedManifest,
  found: BagFindings,
): Promise<void> {
  for (const [p, entry] of parsed.entries) {
    const scope = scopeProblem(kind, file, p);
    if (scope) {
      found.errors.push(`${file} line ${entry.line}: ${scope}`);
      continue;
    }
    const rel = files.find(p);
    if (rel === undefined) {
      found.errors.push(`${p} is listed in ${file} but missing from the bag`);
      continue;
    }
    const actual = await files.digest(rel, algorithm).catch((err: Error) => {
      found.errors.push(`${p} cannot be read: ${err.message}`);
      return undefined;
    });
    if (actual !== undefined && actual !== entry.digest)
      found.errors.push(
        `${p}: ${algorithm} mismatch (${file} lists ${entry.digest.slice(0, 12)}…, found ${actual.slice(0, 12)}…)`,
      );
  }
}

async function checkManifest(
  files: BagFiles,
  kind: ManifestKind,
  m: { file: string; algorithm: string },
  payload: PayloadStats,
  found: BagFindings,
): Promise<void> {
  const length = digestLength(m.algorithm);
  if (length === undefined) {
    found.errors.push(`${m.file}: checksum algorithm ${m.algorithm} is not supported here`);
    return;
  }
  const text = await readTagText(files.view, m.file, found);
  if (text === undefined) return;
  const parsed = parseManifest(text, m.file, length);
  found.errors.push(...parsed.problems);
  await checkListedFiles(files, kind, m.file, m.algorithm, parsed, found);
  if (kind !== 'payload') return;
  for (const rel of payload.files) {
    if (!parsed.entries.has(rel.normalize('NFC'))) found.errors.push(`${rel} is not listed in ${m.file}`);
  }
}

/** bagit.txt, bag-info.txt and Payload-Oxum, the data/ folder and fetch.txt. */
async function checkStructure(files: BagFiles, payload: PayloadStats, found: BagFindings): Promise<void> {
  const { view } = files;
  const declaration = await readTagText(view, BAG_DECLARATION_FILE, found);
  if (declaration !== undefined) found.errors.push(...declarationProblems(declaration));
  if (view.files.has(BAG_INFO_FILE)) {
    const text = await readTagText(view, BAG_INFO_FILE, found);
    const info = parseTagFile(text ?? '', BAG_INFO_FILE);
    found.errors.push(...info.problems);
    if (text !== undefined) checkOxum(info, payload, found);
  }
  const data = await fs.stat(path.join(view.root, PAYLOAD_DIR)).catch(() => undefined);
  if (!data?.isDirectory()) found.errors.push(`${PAYLOAD_DIR}/ (the payload folder) is missing`);
  if (view.files.has(FETCH_FILE))
    found.errors.push(`${FETCH_FILE}: the bag lists files to download; a handoff bag must be complete`);
}

/**
 * Validate an extracted bag the way bagit-python's `Bag.validate()` does, on the hashes computed
 * during extraction: the declaration and bag-info.txt parse, Payload-Oxum matches the payload,
 * every manifest line names a safe, NFC, unique path that exists and matches (fixity), every file
 * under data/ is in every payload manifest (completeness), and the tag manifests verify.
 */
export async function verifyBag(view: BundleView): Promise<BagVerification> {
  const files = new BagFiles(view);
  const found: BagFindings = { errors: [], warnings: [] };
  const payload = files.payload();
  const summary = { files: payload.files.length, bytes: payload.bytes };
  if (!view.files.has(BAG_DECLARATION_FILE)) {
    return {
      ok: false,
      errors: [`${BAG_DECLARATION_FILE} is missing: this is not a BagIt bag`],
      warnings: [],
      payload: summary,
      manifests: [],
    };
  }
  await checkStructure(files, payload, found);
  const payloadManifests = files.manifests('payload');
  const tagManifests = files.manifests('tag');
  if (payloadManifests.length === 0)
    found.errors.push('no payload manifest (manifest-<algorithm>.txt) at the bag root');
  for (const m of payloadManifests) await checkManifest(files, 'payload', m, payload, found);
  for (const m of tagManifests) await checkManifest(files, 'tag', m, payload, found);
  const manifests = [...payloadManifests, ...tagManifests].map((m) => m.file);
  return { ok: found.errors.length === 0, errors: found.errors, warnings: found.warnings, payload: summary, manifests };
}
