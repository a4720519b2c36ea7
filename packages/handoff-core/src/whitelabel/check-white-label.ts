import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatProblem, isHandoffError } from '../errors';
import type { CheckResult } from '../types';
import { imageFormatOf } from './image-metadata/create-stripper';
import type { MetadataCategory } from '../config/image-categories';
import { readImageMetadataText, type ImageMetadataText } from './image-metadata/metadata-text';
import { formatLeakHit, scanForLeaks, type LeakFile, type LeakRules, type LeakScanOptions } from './leak-scan';

/** Extensions read as text by the gate; other non-image files are checked by name only. */
export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  'json',
  'jsonc',
  'md',
  'markdown',
  'txt',
  'sha256',
  'sha512',
  'csv',
  'tsv',
  'yml',
  'yaml',
  'xml',
  'svg',
  'html',
  'htm',
  'css',
  'hbs',
  'toml',
  'ini',
  'env',
]);

/** Largest text file read whole by the gate. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The parts of an extracted bundle the gate needs (a structural subset of verify's BundleView). */
export interface ExtractedBundle {
  /** Absolute path of the extracted top folder. */
  root: string;
  /**
   * Paths relative to the top folder. An image's metadata, when extraction already read it
   * (createImageMetadataTap), is used instead of reading the file again.
   */
  files: Map<string, { size: number; imageMetadata?: ImageMetadataText; imageMetadataError?: unknown }>;
}

export interface WhiteLabelCheckOptions extends LeakScanOptions {
  /**
   * Metadata categories the bundle keeps on purpose (provenance: C2PA, Digital Source Type,
   * rights, ICC, orientation): not reported as leftover metadata. Default DEFAULT_KEPT_CATEGORIES.
   */
  keep?: MetadataCategory[];
  /**
   * Bundle paths of images shipped with their metadata on purpose (licensed stock whose embedded
   * copyright must stay): leftover metadata is not reported, their metadata text is still scanned.
   */
  keepMetadataIn?: string[];
}

/** Lower-case extension of a POSIX path's last segment ('' for none or a dotfile). */
export function extensionOf(rel: string): string {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Checksum manifests list every path: keep only the hashes, file names are checked on their own. */
function withoutListedPaths(rel: string, text: string): string {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (!/^(checksums\.sha\d+|(tag)?manifest-[a-z0-9]+\.txt)$/i.test(base)) return text;
  return text.replace(/^([0-9a-fA-F]{32,128})[ \t]+\*?.*$/gm, '$1');
}

type BundleFile = ExtractedBundle['files'] extends Map<string, infer F> ? F : never;

async function imageMetadataOf(
  abs: string,
  rel: string,
  file: BundleFile,
  opts: WhiteLabelCheckOptions,
): Promise<ImageMetadataText | undefined> {
  if (file.imageMetadata) return file.imageMetadata;
  if (file.imageMetadataError !== undefined) throw file.imageMetadataError;
  return readImageMetadataText(rel, createReadStream(abs, { highWaterMark: 1024 * 1024 }), { keep: opts.keep });
}

async function readLeakFile(
  view: ExtractedBundle,
  rel: string,
  file: BundleFile,
  opts: WhiteLabelCheckOptions,
): Promise<LeakFile | string> {
  const abs = path.join(view.root, ...rel.split('/'));
  const { size } = file;
  if (imageFormatOf(rel)) {
    try {
      const found = await imageMetadataOf(abs, rel, file, opts);
      const kept = opts.keepMetadataIn?.includes(rel);
      return { path: rel, text: found?.text, imageMetadataCategories: kept ? [] : found?.categories };
    } catch (err) {
      return `${rel}: image metadata could not be read: ${isHandoffError(err) ? formatProblem({ ...err.problems[0], file: undefined, hint: undefined }) : String(err)}`;
    }
  }
  if (!TEXT_EXTENSIONS.has(extensionOf(rel))) return { path: rel };
  if (size > MAX_TEXT_BYTES) return `${rel}: ${size} bytes is too large to scan for leaks`;
  return { path: rel, text: withoutListedPaths(rel, (await fs.readFile(abs, 'utf8')).replace(/^\uFEFF/, '')) };
}

/**
 * The `white-label` cold-test check: every file name, every text file, and the metadata of every
 * PNG/JPEG/WebP of an extracted bundle, scanned for internal tags, denylisted terms, credentials
 * and leftover image metadata. Problems name the file and line, never a credential value.
 */
export async function checkWhiteLabel(
  view: ExtractedBundle,
  rules: LeakRules,
  opts: WhiteLabelCheckOptions = {},
): Promise<CheckResult> {
  const files: LeakFile[] = [];
  const problems: string[] = [];
  for (const [rel, file] of [...view.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const read = await readLeakFile(view, rel, file, opts);
    if (typeof read === 'string') problems.push(read);
    else files.push(read);
  }
  problems.push(...scanForLeaks(files, rules, opts).map(formatLeakHit));
  if (problems.length === 0) {
    return {
      name: 'white-label',
      status: 'pass',
      summary: `${files.length} files: no internal tags, denylisted terms, credentials or image metadata`,
      problems,
    };
  }
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return { name: 'white-label', status: 'fail', summary: `${problems[0]}${more}`, problems };
}
