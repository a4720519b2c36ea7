import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../config/read-json';
import { isHandoffError, type Problem } from '../errors';
import { findCollisions, jsonBytes, planAssetFiles } from '../document/build-plan';
import { BUNDLE_FILES } from '../bundle/bundle-files';
import { assertNoCredentials } from '../document/credential-gate';
import { WINDOWS_NAME_HINT, windowsNameProblem } from '../fs/portable-names';
import { topFolderName } from '../paths';
import { stripMarkdownComments } from '../strip/markdown';
import { stripValue } from '../strip/strip';
import { stripsImageMetadata } from '../strip/image-policy';
import { extensionOf, TEXT_EXTENSIONS } from '../whitelabel/check-white-label';
import { readImageMetadataText } from '../whitelabel/image-metadata/metadata-text';
import { scanForLeaks, type LeakCategory, type LeakFile } from '../whitelabel/leak-scan';
import type { BundleFile, LoadedClient, StrippedSet } from '../types';

const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** A file as it would ship: its bundle path, the client file it comes from and its bytes when generated. */
interface Shipped {
  bundlePath: string;
  origin: string;
  abs?: string;
  size: number;
  data?: Buffer;
  image?: 'stripped' | 'kept';
}

const LEAK_HINTS: Record<LeakCategory, string> = {
  'file-name':
    'an internal file does not belong in the deliverables: move it out (or into drafts/, wip/), or rename it if it is client work',
  'internal-tag':
    'remove the internal tag from the file, or move the file out of the deliverables folders if it is internal',
  'denylisted-term':
    'remove the term from the file, or move the file out of the deliverables folders if it is internal',
  credential: 'remove the secret from the file (and rotate it); credentials never belong in a handoff',
  'image-metadata': 'export the image again without its metadata, or exclude it',
};

/** The two brand documents: their handoff.json field, client-relative and absolute path, and bundle path. */
export function brandDocuments(client: LoadedClient) {
  return [
    { field: 'brand.system', rel: client.config.brand.system, bundlePath: BUNDLE_FILES.brandSystem },
    { field: 'brand.rules', rel: client.config.brand.rules, bundlePath: BUNDLE_FILES.brandRules },
  ].map((d) => ({ ...d, abs: path.resolve(client.clientRoot, d.rel) }));
}

async function brandFiles(client: LoadedClient, problems: Problem[]): Promise<Shipped[]> {
  const out: Shipped[] = [];
  const shownConfig = displayPath(client.configFile, client.workspaceRoot);
  for (const { field, rel, abs, bundlePath } of brandDocuments(client)) {
    const text = await fs.readFile(abs, 'utf8').catch(() => undefined);
    if (text === undefined) {
      problems.push({
        code: 'ASSET_MISSING',
        file: shownConfig,
        field,
        message: `brand document "${rel}" does not exist in the client folder`,
        hint: `create ${rel} (the generator writes a stub), or point "${field}" at the right file (brand/ or docs/)`,
      });
      continue;
    }
    let data: Buffer;
    if (field === 'brand.rules') data = Buffer.from(stripMarkdownComments(text).text, 'utf8');
    else {
      try {
        data = jsonBytes(stripValue(JSON.parse(text), client.config.strip));
      } catch {
        data = Buffer.from(text, 'utf8'); // the build reports the syntax error; the scans still look at the text
      }
    }
    out.push({ bundlePath, origin: displayPath(abs, client.workspaceRoot), size: data.length, data });
  }
  return out;
}

function shippedFiles(client: LoadedClient, set: StrippedSet): Shipped[] {
  // Signed images ship byte-for-byte (their metadata is scanned as it is); the others are stripped.
  const signed = new Set(set.strip.imagesSigned ?? []);
  const show = (rel: string) => displayPath(path.join(client.clientRoot, rel), client.workspaceRoot);
  const assets: Shipped[] = set.assets.map((a) => ({
    bundlePath: a.bundlePath,
    origin: show(a.rel),
    abs: a.abs,
    size: a.size,
    data: a.content,
    image: extensionOf(a.rel).match(/^(png|jpe?g|webp)$/)
      ? stripsImageMetadata(a, client.config, signed)
        ? 'stripped'
        : 'kept'
      : undefined,
  }));
  const sources: Shipped[] = set.results.map((r) => {
    const data = jsonBytes({ ...r.extra, jobs: r.jobs });
    return {
      bundlePath: `${BUNDLE_FILES.source}/${r.campaign}/results.json`,
      origin: show(r.rel),
      size: data.length,
      data,
    };
  });
  return [...assets, ...sources];
}

async function leakFileOf(f: Shipped): Promise<LeakFile> {
  if (f.image === 'stripped') return { path: f.bundlePath };
  if (f.image === 'kept' && f.abs) {
    const found = await readImageMetadataText(f.bundlePath, createReadStream(f.abs)).catch(() => undefined);
    return { path: f.bundlePath, text: found?.text, imageMetadataCategories: [] };
  }
  if (!TEXT_EXTENSIONS.has(extensionOf(f.bundlePath)) || f.size > MAX_TEXT_BYTES) return { path: f.bundlePath };
  const text = f.data ? f.data.toString('utf8') : await fs.readFile(f.abs as string, 'utf8').catch(() => undefined);
  return { path: f.bundlePath, text: text?.replace(/^\uFEFF/, '') };
}

/** The cold test's leak rules (file names, internal tags, denylisted terms) on the files as they would ship. */
async function leakProblems(client: LoadedClient, files: Shipped[]): Promise<Problem[]> {
  const { tagPrefixes, tags, terms } = client.config.strip;
  const byPath = new Map(files.map((f) => [f.bundlePath, f]));
  const hits = scanForLeaks(await Promise.all(files.map(leakFileOf)), { tagPrefixes, tags, terms });
  return (
    hits
      // Credentials are reported by the credential scan below; terms in shipped jobs by the job term check.
      .filter(
        (h) =>
          h.category !== 'credential' &&
          !(h.category === 'denylisted-term' && h.path.startsWith(`${BUNDLE_FILES.source}/`)),
      )
      .map((h) => ({
        code: 'LEAK' as const,
        file: byPath.get(h.path)?.origin ?? h.path,
        line: h.line,
        message: `${h.description} (would ship as ${h.path}; the cold test's leak gate would fail)`,
        hint: LEAK_HINTS[h.category],
      }))
  );
}

function nameProblems(client: LoadedClient, files: Shipped[]): Problem[] {
  const top = topFolderName(client.slug, client.config.version);
  const problems: Problem[] = [];
  for (const f of files) {
    const why = windowsNameProblem(`${top}/${f.bundlePath}`);
    if (why)
      problems.push({
        code: 'ZIP_UNSAFE',
        file: f.origin,
        message: `cannot be extracted on Windows: ${why}`,
        hint: WINDOWS_NAME_HINT,
      });
  }
  return problems;
}

async function credentialProblems(client: LoadedClient, set: StrippedSet, files: Shipped[]): Promise<Problem[]> {
  const bundleFiles: BundleFile[] = [
    ...planAssetFiles(client, set),
    ...files
      .filter((f) => !f.abs && f.data)
      .map((f): BundleFile => ({ path: f.bundlePath, source: { kind: 'bytes', data: f.data as Buffer } })),
  ];
  const origin = new Map(files.map((f) => [f.bundlePath, f.origin]));
  const problems = findCollisions(planAssetFiles(client, set), (f) => origin.get(f.path) ?? f.path);
  try {
    await assertNoCredentials(bundleFiles, (f) => origin.get(f.path) ?? f.path);
  } catch (err) {
    if (!isHandoffError(err)) throw err;
    problems.push(...err.problems);
  }
  return problems;
}

/**
 * Every problem of the files that would ship, without writing anything: the leak gate's rules on
 * names and text (internal files found before packaging), credentials, bundle path collisions and
 * names Windows cannot extract.
 */
export async function shippedFileProblems(client: LoadedClient, set: StrippedSet): Promise<Problem[]> {
  const problems: Problem[] = [];
  const files = [...shippedFiles(client, set), ...(await brandFiles(client, problems))];
  problems.push(...(await leakProblems(client, files)));
  problems.push(...(await credentialProblems(client, set, files)));
  problems.push(...nameProblems(client, files));
  return problems;
}
