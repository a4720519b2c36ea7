import { z } from 'zod';

/** Schemas of the documents inside a bundle. The document stage validates what it renders; the
 * cold test validates what it extracts. */

/** An exact model pin: `name@version`, never `latest`. */
export const PINNED_MODEL_RE = /^[A-Za-z0-9][A-Za-z0-9._\-/:]*@[A-Za-z0-9][A-Za-z0-9._\-:]*$/;

export function isPinnedModelId(id: string): boolean {
  return PINNED_MODEL_RE.test(id) && !/@latest$/i.test(id);
}

const pinnedModelId = z.string().refine(isPinnedModelId, 'expected an exact model pin `name@version` (never `latest`)');

export const manifestSchema = z
  .looseObject({
    handoff_kind: z.string().min(1).describe('Kind of handoff, e.g. client-final.'),
    client_slug: z.string().min(1).describe('Client slug.'),
    engagement: z.string().min(1).describe('Engagement scope.'),
    delivered_at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe('Delivery date of this version (YYYY-MM-DD).'),
    brand_system: z.string().describe('Bundle path of the brand system JSON.'),
    brand_rules: z.string().describe('Bundle path of the brand rules.'),
    pinned_models: z.string().describe('Bundle path of the model pins.'),
    assets_count: z.number().int().nonnegative().describe('Number of files under assets/.'),
    prompts_count: z.number().int().nonnegative().describe('Number of jobs in the prompt library.'),
    rights_status: z.string().min(1).describe('One-line rights status.'),
    regeneration_supported: z.boolean().describe('Whether the bundle supports regeneration with the gen-ai CLI.'),
    support_window_days: z.number().int().nonnegative().describe('Support window after delivery, in days.'),
    version: z.number().int().positive().describe('Handoff version.'),
    previous_version: z.number().int().positive().nullable().describe('Previous handoff version, or null.'),
    white_labelled: z.boolean().describe('Whether internal material was stripped.'),
    removed_categories: z.array(z.string()).describe('Categories of internal material removed (never the values).'),
    kept_image_metadata: z
      .array(z.string())
      .optional()
      .describe(
        'Embedded image metadata categories kept on purpose (provenance and rights: c2pa, digital-source-type, rights, icc-profile, orientation by default).',
      ),
  })
  .describe('docs/handoff-manifest.json: what the receiving team got and what they can do with it.');

export type HandoffManifest = z.infer<typeof manifestSchema>;

export const promptLibraryJobSchema = z.looseObject({
  id: z.string().min(1).describe('Job id.'),
  prompt: z.string().describe('Prompt text.'),
  model: pinnedModelId.describe('Pinned model id.'),
  seed: z.number().int().nullable().describe('Seed, or null when the job had none.'),
  params: z.record(z.string(), z.unknown()).describe('Other generation parameters (aspectRatio...).'),
  outputs: z.array(z.string()).describe('Bundle paths of the job outputs, under assets/.'),
  campaign: z.string().describe('Campaign the job belongs to.'),
});

export const promptLibrarySchema = z
  .looseObject({ jobs: z.array(promptLibraryJobSchema) })
  .describe('prompts/prompt-library.json');

export type PromptLibrary = z.infer<typeof promptLibrarySchema>;
export type PromptLibraryJob = z.infer<typeof promptLibraryJobSchema>;

export const modelPinEntrySchema = z.looseObject({
  id: pinnedModelId.describe('Exact `name@version`.'),
  name: z.string(),
  version: z.string(),
  requested: z.array(z.string()).describe('Names the jobs asked for.'),
  source: z.enum(['ledger', 'registry', 'gen-ai']).describe('Where the pin was resolved from.'),
  capabilities: z.record(z.string(), z.unknown()).describe('Capabilities captured at pin time.'),
});

export const modelPinsDocSchema = z
  .looseObject({
    pinned_at: z.string().describe('Date of the handoff version the pins were made for.'),
    registry_date: z.string().nullable().describe('Date of the model catalog snapshot, when used.'),
    models: z.array(modelPinEntrySchema),
  })
  .describe('docs/model-pins.json');

export type ModelPinsDoc = z.infer<typeof modelPinsDocSchema>;

/** `model-registry.json` at the workspace root: alias -> exact pin, a committed lockfile. */
export const registryEntrySchema = z.object({
  pin: pinnedModelId.describe('Exact `name@version` this alias resolves to.'),
  capabilities: z.record(z.string(), z.unknown()).default({}).describe('Capabilities captured from the catalog.'),
});

export const modelRegistrySchema = z
  .object({
    $schema: z.string().optional(),
    catalogDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe('Date of the catalog snapshot the registry was seeded from.'),
    models: z.record(z.string(), registryEntrySchema).describe('Alias or model name -> pin.'),
  })
  .describe('Workspace model registry.');

export type ModelRegistry = z.infer<typeof modelRegistrySchema>;
