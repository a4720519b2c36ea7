import { createHash } from 'node:crypto';
import type { PromptLibraryJob } from '../config/bundle-schemas';
import type { ModelPin } from '../types';
import type { LedgerPin } from './ledger-schema';

/**
 * What a version is compared on: the bundle's files, its prompts and its pins. Built from the plan
 * at package time and from the zip at delivery time; both give the same digests for one bundle.
 */
export interface VersionSnapshot {
  /** Bundle path -> sha256 of the bytes that ship (at least every `assets/` file). */
  checksums: Record<string, string>;
  /** Job id -> promptDigest. */
  prompts: Record<string, string>;
  pins: LedgerPin[];
}

/** Keys sorted so the JSON of equal values is equal, whatever the key order of the source. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of a job's prompt, seed and parameters (not its model: a re-pin is reported on its own). */
export function promptDigest(job: Pick<PromptLibraryJob, 'prompt' | 'seed' | 'params'>): string {
  return createHash('sha256')
    .update(canonicalJson({ prompt: job.prompt, seed: job.seed, params: job.params }))
    .digest('hex');
}

export function promptDigests(
  jobs: ReadonlyArray<Pick<PromptLibraryJob, 'id' | 'prompt' | 'seed' | 'params'>>,
): Record<string, string> {
  return Object.fromEntries(jobs.map((j) => [j.id, promptDigest(j)]));
}

export function toLedgerPins(pins: ReadonlyArray<ModelPin>): LedgerPin[] {
  return pins.map((p) => ({
    id: p.id,
    name: p.name,
    version: p.version,
    requested: [...p.requested],
    source: p.source,
    capabilities: p.capabilities,
  }));
}
