import { z } from 'zod';

/**
 * Explicit prompt overrides: the only way a shipped prompt differs from the one that made the
 * asset. Proposed handoff.json shape (under `strip`):
 *
 *   "promptOverrides": [
 *     { "job": "hero-03", "prompt": "a teal wave over a city skyline",
 *       "reason": "competitor name removed", "originalSha256": "9f2c4e1a0b7d" }
 *   ]
 *
 * Each override is recorded for CHANGELOG.md and the README, because regenerating an edited job
 * will not reproduce the delivered asset exactly.
 */
export const promptOverrideSchema = z
  .object({
    job: z.string().min(1).describe('Id of the job whose prompt ships edited.'),
    prompt: z
      .string()
      .min(1)
      .describe('The prompt that ships instead of the original; must be free of denylisted terms.'),
    reason: z
      .string()
      .min(1)
      .describe(
        'Why it was edited, for CHANGELOG.md and the README (e.g. "competitor name removed"); no denylisted terms.',
      ),
    originalSha256: z
      .string()
      .regex(/^[0-9a-f]{12,64}$/, 'expected 12 to 64 lower-case hex digits')
      .optional()
      .describe(
        'sha256 of the original prompt (or its first 12+ hex digits): the override stops the build once the original prompt changes.',
      ),
  })
  .strict()
  .describe('A prompt edited for white-labelling, shipped instead of the original.');

export type PromptOverride = z.infer<typeof promptOverrideSchema>;

export const promptOverridesSchema = z
  .array(promptOverrideSchema)
  .default([])
  .describe('Prompts edited for white-labelling; each one is recorded in CHANGELOG.md and the README.');
