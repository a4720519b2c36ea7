import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BAG_DECLARATION_FILE, PAYLOAD_DIR } from '../bagit/bag-files';
import { HandoffError } from '../errors';
import { DEFAULT_EXTRACT_LIMITS } from '../verify/entry-safety';
import { extractZipSafely } from '../verify/extract-zip';
import { isRecord, LIBRARY_FILE, PINS_FILE } from '../verify/bundle-view';
import { toLibraryJob, type LibraryJob, type SeedCapabilities } from './select-jobs';

export interface OpenedBundle {
  /** The payload folder: the top folder, or a BagIt bag's data/. */
  root: string;
  jobs: LibraryJob[];
  seeds: SeedCapabilities;
}

async function readJson(root: string, rel: string, zip: string): Promise<Record<string, unknown>> {
  const text = await fs.readFile(path.join(root, ...rel.split('/')), 'utf8').catch(() => undefined);
  const bad = (why: string) =>
    new HandoffError({
      code: 'INTEGRITY',
      file: zip,
      field: rel,
      message: `${rel} ${why}`,
      hint: 'run the cold test on this zip (`nx run <client>:handoff-verify --zip=<path>`) and rebuild it',
    });
  if (text === undefined) throw bad('is missing from the bundle');
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!isRecord(value)) throw bad('is not a JSON object');
    return value;
  } catch (err) {
    if (err instanceof HandoffError) throw err;
    throw bad(`is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Extract the zip safely into `dir` (the cold test's reader and limits) and read the prompt library
 * and the model pins from it: the proof works from what the client received, not the sources.
 */
export async function openBundle(zip: string, dir: string): Promise<OpenedBundle> {
  const result = await extractZipSafely(zip, dir, DEFAULT_EXTRACT_LIMITS);
  const tops = [...new Set(result.files.map((f) => f.name.split('/')[0]))];
  if (!result.ok || tops.length !== 1) {
    const why = result.ok ? `has ${tops.length} top folders, expected one` : result.refusals[0];
    throw new HandoffError({
      code: 'ZIP_UNSAFE',
      file: zip,
      message: `the bundle cannot be read: ${why}`,
      hint: 'run the cold test on it for every problem, and rebuild it',
    });
  }
  const top = path.join(dir, tops[0]);
  const isBag = result.files.some((f) => f.name === `${tops[0]}/${BAG_DECLARATION_FILE}`);
  const root = isBag ? path.join(top, PAYLOAD_DIR) : top;
  const library = await readJson(root, LIBRARY_FILE, zip);
  const pins = await readJson(root, PINS_FILE, zip);
  const jobs = (Array.isArray(library.jobs) ? library.jobs.filter(isRecord) : []).map(toLibraryJob);
  const seeds: SeedCapabilities = new Map();
  for (const pin of Array.isArray(pins.models) ? pins.models.filter(isRecord) : []) {
    const caps = isRecord(pin.capabilities) ? pin.capabilities : {};
    if (typeof pin.id === 'string') seeds.set(pin.id, typeof caps.seed === 'boolean' ? caps.seed : undefined);
  }
  return { root, jobs, seeds };
}
