import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';

/**
 * The record of upscaled copies: `<source folder>/upscaled/results.json`, a results.json like the
 * ones gen-ai writes, so the inventory, pins, prompt library, checksums and the cold test take the
 * copies in with no special case. Each job names its source asset and job.
 */
export const UPSCALED_DIR = 'upscaled';

export interface UpscaledJob {
  id: string;
  /** The upscaler's pin, `name@version`. */
  model: string;
  /** What was done, in words (the library shows a prompt for every job). */
  prompt: string;
  status: 'completed';
  output: string;
  operation: 'upscale';
  scale: number;
  /** The source asset, bundle-relative (`assets/<campaign>/<file>`). */
  sourceAsset: string;
  sourceJob: string;
  /** sha256 of the source file that was upscaled. */
  sourceSha256: string;
}

interface RecordFile {
  cli: string;
  jobs: UpscaledJob[];
}

/** Merge `jobs` into the record at `file` (same id: replaced), jobs sorted by id; atomic write. */
export async function writeUpscaleRecord(file: string, jobs: UpscaledJob[]): Promise<void> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const existing: UpscaledJob[] = text ? ((JSON.parse(text) as RecordFile).jobs ?? []) : [];
  const byId = new Map(existing.map((j) => [j.id, j]));
  for (const job of jobs) byId.set(job.id, job);
  const merged = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const record: RecordFile = { cli: 'nx-handoff handoff-upscale (gen-ai upscale)', jobs: merged };
  await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
}

/** `<dir of rel>/upscaled/<name>-x<scale>.png`, client-relative POSIX. */
export function upscaledRel(rel: string, scale: number): string {
  const dir = path.posix.dirname(rel);
  const name = `${path.posix.basename(rel, path.posix.extname(rel))}-x${scale}.png`;
  return path.posix.join(dir, UPSCALED_DIR, name);
}
