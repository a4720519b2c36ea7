import { z } from 'zod';

/** An output as the CLI versions write it: a path, or an object naming it by `path`, `file` or `uri`. */
export const outputRefSchema = z
  .union([
    z.string(),
    z.looseObject({
      path: z.string().optional(),
      file: z.string().optional(),
      uri: z.string().optional(),
    }),
  ])
  .describe('A path, or `{path|file|uri, ...}`.');

export type OutputRef = z.infer<typeof outputRefSchema>;

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
    output: outputRefSchema
      .nullable()
      .optional()
      .describe(
        'Single output file: a path (relative to the results.json folder, else to the client folder; an absolute path is matched by its tail) or `{path|file|uri}`; null or absent for a job that does not ship.',
      ),
    outputs: z
      .array(outputRefSchema.nullable())
      .nullable()
      .optional()
      .describe('Output files, each written like `output`; null, absent or empty for a job that does not ship.'),
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

/** The path an output names (`path`, else `file`, else `uri`); undefined when it names none. */
export function outputPathOf(ref: OutputRef | null | undefined): string | undefined {
  if (ref === null || ref === undefined) return undefined;
  if (typeof ref === 'string') return ref.trim() || undefined;
  for (const key of ['path', 'file', 'uri'] as const) {
    const v = ref[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * Outputs of a job whichever field names them, as written (deduplicated, blanks skipped).
 * `unnamed` counts the objects that name no path.
 */
export function jobOutputRefs(job: Job): { paths: string[]; unnamed: number } {
  const refs: Array<OutputRef | null | undefined> = [job.output, ...(job.outputs ?? [])];
  const paths: string[] = [];
  let unnamed = 0;
  for (const ref of refs) {
    const p = outputPathOf(ref);
    if (p !== undefined) paths.push(p);
    else if (ref !== null && typeof ref === 'object') unnamed++;
  }
  return { paths: [...new Set(paths)], unnamed };
}

/** Outputs of a job whichever field names them. */
export function jobOutputs(job: Job): string[] {
  return jobOutputRefs(job).paths;
}
