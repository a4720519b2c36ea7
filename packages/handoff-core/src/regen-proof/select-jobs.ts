import { HandoffError } from '../errors';
import { isRecord, LIBRARY_FILE } from '../verify/bundle-view';
import { isDecodable } from './decode-image';

/** A prompt-library job as the proof reads it. */
export interface LibraryJob {
  id: string;
  model: string;
  prompt: string;
  seed: number | null;
  params: Record<string, unknown>;
  /** Bundle-relative shipped files, in order. */
  outputs: string[];
}

export function toLibraryJob(raw: Record<string, unknown>, index: number): LibraryJob {
  return {
    id: typeof raw.id === 'string' && raw.id ? raw.id : `#${index + 1}`,
    model: String(raw.model ?? ''),
    prompt: typeof raw.prompt === 'string' ? raw.prompt : '',
    seed: typeof raw.seed === 'number' ? raw.seed : null,
    params: isRecord(raw.params) ? raw.params : {},
    outputs: Array.isArray(raw.outputs) ? raw.outputs.filter((o): o is string => typeof o === 'string') : [],
  };
}

/** Seed capability per pinned model id, from docs/model-pins.json. */
export type SeedCapabilities = Map<string, boolean | undefined>;

/** The first job worth proving: seeded, its model takes a seed, its first output decodes. */
function defaultJob(jobs: LibraryJob[], seeds: SeedCapabilities): LibraryJob {
  return (
    jobs.find(
      (j) => j.seed !== null && seeds.get(j.model) !== false && j.outputs.length > 0 && isDecodable(j.outputs[0]),
    ) ?? jobs[0]
  );
}

/**
 * The jobs to regenerate: `ids` in the given order, every job (`all`), or one chosen by default.
 * Unknown ids are all named in one error.
 */
export function selectJobs(
  jobs: LibraryJob[],
  seeds: SeedCapabilities,
  opts: { ids?: string[]; all?: boolean },
): LibraryJob[] {
  if (jobs.length === 0) {
    throw new HandoffError({
      code: 'SCHEMA_INVALID',
      file: LIBRARY_FILE,
      message: 'the prompt library has no jobs: there is nothing to regenerate',
      hint: 'check that the bundle was built from a client with approved jobs',
    });
  }
  if (opts.all) return jobs;
  const ids = (opts.ids ?? []).map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) return [defaultJob(jobs, seeds)];
  const unknown = ids.filter((id) => !jobs.some((j) => j.id === id));
  if (unknown.length > 0) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      file: LIBRARY_FILE,
      field: 'jobs',
      message: `no job ${unknown.map((id) => `"${id}"`).join(', ')} in the bundle's prompt library`,
      hint: `pick from: ${jobs.map((j) => j.id).join(', ')}`,
    });
  }
  return ids.map((id) => jobs.find((j) => j.id === id)!);
}
