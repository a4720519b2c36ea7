import type { GenerateRequest } from './types';

/** A prompt-library job as far as regeneration needs it. */
export interface RegenerableJob {
  model: string;
  prompt: string;
  seed?: number | null;
  params?: Record<string, unknown>;
}

/** The generation request that reproduces a library job: aspect ratio lifted out of params. */
export function requestForJob(job: RegenerableJob): GenerateRequest {
  const { aspectRatio, ...params } = job.params ?? {};
  return {
    model: job.model,
    prompt: job.prompt,
    seed: typeof job.seed === 'number' ? job.seed : undefined,
    aspectRatio: typeof aspectRatio === 'string' ? aspectRatio : undefined,
    params: Object.keys(params).length ? params : undefined,
  };
}

/** `generate -m <model> -p <prompt> [--seed N] [--aspect-ratio R] [--param k=v]...`; params sorted by key. */
export function generateArgs(req: GenerateRequest): string[] {
  const args = ['generate', '-m', req.model, '-p', req.prompt];
  if (req.seed !== undefined) args.push('--seed', String(req.seed));
  if (req.aspectRatio !== undefined) args.push('--aspect-ratio', req.aspectRatio);
  for (const key of Object.keys(req.params ?? {}).sort()) {
    const value = req.params?.[key];
    if (value === undefined) continue;
    args.push('--param', `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return args;
}
