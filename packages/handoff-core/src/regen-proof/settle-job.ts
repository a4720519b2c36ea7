import type { GenAiClient } from '../genai/types';
import { PINS_FILE } from '../verify/bundle-view';
import { isDecodable } from './decode-image';
import type { LibraryJob, SeedCapabilities } from './select-jobs';
import type { ProofOutcome } from './types';

export interface Settled {
  outcome: ProofOutcome;
  reason: string;
}

/** What gen-ai says about the pinned model's seed now; undefined when it cannot say. */
async function cliTakesSeed(genAi: GenAiClient, model: string): Promise<boolean | undefined> {
  try {
    const seed = (await genAi.modelInfo(model)).capabilities.seed;
    return typeof seed === 'boolean' ? seed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A job whose proof is known without generating (and spending): no recorded seed, a model whose
 * captured capabilities (or gen-ai models info, asked now) say it takes no seed, or outputs that
 * cannot be decoded here. Undefined: it must be generated.
 */
export async function settleWithoutGenerating(
  job: LibraryJob,
  seeds: SeedCapabilities,
  genAi: GenAiClient,
): Promise<Settled | undefined> {
  const notReproducible = (reason: string): Settled => ({ outcome: 'not-reproducible', reason });
  if (job.params.operation === 'upscale') {
    return {
      outcome: 'not-compared',
      reason: `an upscaled copy of ${String(job.params.sourceAsset ?? 'an asset')}: re-run \`gen-ai upscale\` on it to check (no generation made)`,
    };
  }
  if (job.seed === null)
    return notReproducible('the prompt library records no seed for this job: the provider picks one at random');
  if (seeds.get(job.model) === false)
    return notReproducible(`${PINS_FILE} says ${job.model} takes no seed: its output is not repeatable`);
  const undecodable = job.outputs.filter((o) => !isDecodable(o));
  if (job.outputs.length > 0 && undecodable.length === job.outputs.length) {
    return {
      outcome: 'not-compared',
      reason: `${undecodable.join(', ')}: only PNG and JPEG can be compared (no generation made)`,
    };
  }
  if ((await cliTakesSeed(genAi, job.model)) === false) {
    return notReproducible(
      `gen-ai models info says ${job.model} takes no seed (the capabilities captured in ${PINS_FILE} said it did): its output is not repeatable`,
    );
  }
  return undefined;
}
