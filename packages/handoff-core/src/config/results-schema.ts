import { z } from 'zod';

/**
 * One job of a `results.json` written by the gen-ai CLI. Only the fields the pipeline reads are
 * typed; every other field is kept (`loose`) for the stages after.
 */
export const jobSchema = z
  .looseObject({
    id: z.string().min(1).describe('Job id, unique within the engagement.'),
    model: z.string().min(1).describe('Model the job ran on: an alias (`recraftv4`) or an exact `name@version`.'),
    prompt: z.string().describe('The prompt that produced the outputs.'),
    status: z.string().optional().describe('Job status as written by the CLI (`completed`, `failed`, ...).'),
    tags: z.array(z.string()).optional().describe('Free-form tags; internal ones are stripped.'),
    output: z.string().min(1).optional().describe('Single output file, relative to the results.json folder.'),
    outputs: z.array(z.string().min(1)).optional().describe('Output files, relative to the results.json folder.'),
    seed: z.number().int().optional().describe('Generation seed.'),
    aspectRatio: z.string().optional().describe('Aspect ratio such as `16:9`.'),
  })
  .describe('One generation job.');

export type Job = z.infer<typeof jobSchema>;

export const resultsSchema = z
  .looseObject({
    jobs: z.array(jobSchema).describe('Jobs run by the CLI.'),
  })
  .describe('A results.json file written by the gen-ai CLI.');

export type ResultsJson = z.infer<typeof resultsSchema>;

/** Outputs of a job whichever field names them. */
export function jobOutputs(job: Job): string[] {
  const list: string[] = [];
  if (job.output) list.push(job.output);
  if (job.outputs) list.push(...job.outputs);
  return [...new Set(list)];
}
