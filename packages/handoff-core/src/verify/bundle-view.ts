import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { BUNDLE_FILES } from '../bundle/bundle-files';
import { parseAndValidate, parseJsonText } from '../config/read-json';
import { formatProblem, isHandoffError } from '../errors';
import type { CheckResult, CheckStatus } from '../types';
import type { ImageMetadataText } from '../whitelabel/image-metadata/metadata-text';

export const README_FILE = BUNDLE_FILES.readme;
export const MANIFEST_FILE = BUNDLE_FILES.manifest;
export const LIBRARY_FILE = BUNDLE_FILES.promptLibrary;
export const PINS_FILE = BUNDLE_FILES.modelPins;

/** An extracted bundle as the checks see it. */
export interface BundleView {
  /** Absolute path of the extracted top folder. */
  root: string;
  topFolder: string;
  /** Path relative to the top folder -> size, sha256 (and an image's metadata) read during extraction. */
  files: Map<string, ViewFile>;
}

/** A file as extraction saw it. */
export interface ViewFile {
  size: number;
  /** Written to the extraction folder (documents); media are verified in the stream and not written. */
  written?: boolean;
  sha256: string;
  /** PNG/JPEG/WebP: the metadata text, or why it could not be read (see ExtractedFile). */
  imageMetadata?: ImageMetadataText;
  imageMetadataError?: unknown;
}

/**
 * The files under `folder/` as a bundle of their own, with paths relative to it: a BagIt bag's
 * payload (`data/`) is what the document checks see of a bag.
 */
export function folderView(view: BundleView, folder: string): BundleView {
  const prefix = `${folder}/`;
  const files = new Map<string, ViewFile>();
  for (const [rel, file] of view.files) if (rel.startsWith(prefix)) files.set(rel.slice(prefix.length), file);
  return { root: path.join(view.root, ...folder.split('/')), topFolder: view.topFolder, files };
}

/** One document of the bundle, read once and shared by the checks. */
export interface BundleDoc {
  rel: string;
  present: boolean;
  text?: string;
  /** Parsed JSON (JSON documents only), undefined when absent or malformed. */
  json?: unknown;
  /** Read or syntax problems, `file:line:col: message`. */
  problems: string[];
}

function problemLines(err: unknown): string[] {
  if (isHandoffError(err)) return err.problems.map((p) => formatProblem({ ...p, hint: undefined }));
  return [err instanceof Error ? err.message : String(err)];
}

export async function readBundleDoc(view: BundleView, rel: string, json: boolean): Promise<BundleDoc> {
  if (!view.files.has(rel)) return { rel, present: false, problems: [`${rel} is missing`] };
  const abs = path.join(view.root, ...rel.split('/'));
  const text = (await fs.readFile(abs, 'utf8')).replace(/^\uFEFF/, '');
  if (!json) return { rel, present: true, text, problems: [] };
  try {
    return { rel, present: true, text, json: parseJsonText(text, abs, { displayBase: view.root }).value, problems: [] };
  } catch (err) {
    return { rel, present: true, text, problems: problemLines(err) };
  }
}

/** Schema-validate a document; problems carry file, line and field. */
export function validateDoc<S extends z.ZodType>(
  view: BundleView,
  doc: BundleDoc,
  schema: S,
): { value?: z.infer<S>; problems: string[] } {
  if (doc.text === undefined || doc.problems.length > 0) return { problems: doc.problems };
  try {
    return {
      value: parseAndValidate(doc.text, path.join(view.root, ...doc.rel.split('/')), schema, {
        displayBase: view.root,
      }),
      problems: [],
    };
  } catch (err) {
    return { problems: problemLines(err) };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `jobs` array of the prompt library read leniently, so checks can name jobs of an invalid file. */
export function rawJobs(library: BundleDoc): Record<string, unknown>[] | undefined {
  const jobs = isRecord(library.json) ? library.json.jobs : undefined;
  return Array.isArray(jobs) ? jobs.filter(isRecord) : undefined;
}

export function jobLabel(job: Record<string, unknown>, index: number): string {
  return typeof job.id === 'string' && job.id ? job.id : `#${index + 1}`;
}

/** The `models` entries of docs/model-pins.json read leniently. */
export function rawPins(pins: BundleDoc): Record<string, unknown>[] {
  const models = isRecord(pins.json) ? pins.json.models : undefined;
  return Array.isArray(models) ? models.filter(isRecord) : [];
}

/** A check result: fail with the first problem as summary, or `okStatus` with `okSummary`. */
export function checkResult(
  name: string,
  problems: string[],
  okSummary: string,
  okStatus: CheckStatus = 'pass',
): CheckResult {
  if (problems.length === 0) return { name, status: okStatus, summary: okSummary, problems };
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return { name, status: 'fail', summary: `${problems[0]}${more}`, problems };
}
