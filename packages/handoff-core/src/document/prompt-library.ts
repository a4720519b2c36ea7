import { HandoffError } from '../errors';
import type { PromptLibrary, PromptLibraryJob } from '../config/bundle-schemas';
import { pinFor } from '../pin/pin';
import type { PinSet, StrippedSet } from '../types';
import { compareCodeUnits } from '../fs/safe-path';

/** Job fields that are not generation parameters. */
const NOT_PARAMS = new Set([
  'id',
  'model',
  'prompt',
  'status',
  'tags',
  'output',
  'outputs',
  'seed',
  'createdAt',
  'created_at',
  'updatedAt',
  'updated_at',
  'startedAt',
  'completedAt',
  'completed_at',
  'finishedAt',
  'duration',
  'durationMs',
  'duration_ms',
  'cost',
  'credits',
  'error',
  'url',
  'urls',
  'requestId',
  'request_id',
]);

/** `{"jobs":[{id, prompt, model (pinned), seed, params, outputs, campaign}]}`, in campaign order. */
export function buildPromptLibrary(set: StrippedSet, pins: PinSet): PromptLibrary {
  const bundlePathOf = new Map(set.assets.map((a) => [a.rel, a.bundlePath]));
  const edited = new Map(set.strip.promptOverrides.map((o) => [o.jobId, o.note]));
  const jobs: PromptLibraryJob[] = set.jobs.map((j) => {
    const pin = pinFor(pins, j.job.model);
    if (!pin) {
      throw new HandoffError({
        code: 'MODEL_UNKNOWN',
        field: `job ${j.job.id}`,
        message: `model "${j.job.model}" has no pin in the pin set`,
        hint: 're-run the handoff-pin target (the pins are older than the results.json files)',
      });
    }
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(j.job)) if (!NOT_PARAMS.has(k) && v !== undefined) params[k] = v;
    return {
      id: j.job.id,
      prompt: j.job.prompt,
      model: pin.id,
      seed: j.job.seed ?? null,
      params,
      outputs: j.outputs.map((o) => bundlePathOf.get(o) ?? o),
      campaign: j.campaign,
      ...(edited.has(j.job.id) ? { prompt_edited: edited.get(j.job.id) } : {}),
    };
  });
  // Stable sort: campaigns in code-unit order, jobs in their results.json order within a campaign.
  jobs.sort((a, b) => compareCodeUnits(a.campaign, b.campaign));
  return { jobs };
}
