import { z } from 'zod';
import { promptOverridesSchema } from './prompt-override-schema';
import { changelogNotesSchema, deliverConfigSchema, repinSchema } from './deliver-schema';
import { DEFAULT_KEPT_CATEGORIES, KEEPABLE_CATEGORIES } from './image-categories';

/**
 * `clients/<slug>/handoff.json` (JSON with comments). Every property has a description: the JSON
 * schema shipped with the plugin (editor completion) is generated from this one.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

export const DEFAULT_EXCLUDED_STATUSES = [
  'failed',
  'error',
  'errored',
  'cancelled',
  'canceled',
  'timeout',
  'pending',
  'queued',
  'running',
];
export const DEFAULT_EXCLUDED_TAGS = ['draft', 'rejected', 'wip'];
export const DEFAULT_EXCLUDED_GLOBS = ['**/drafts/**', '**/draft/**', '**/rejected/**', '**/wip/**'];
/**
 * Internal tag prefixes stripped everywhere and refused by the cold test's gate. Kept to prefixes
 * that never occur in prose: broader ones (`pitch-`, `review-`, `wip-`) would flag prompts such as
 * "pitch-black background" and cannot be removed once merged. Add agency-specific ones in
 * handoff.workspace.json.
 */
export const DEFAULT_TAG_PREFIXES = ['internal-', 'retainer-', 'pitch-concept-', 'agency-only-', 'do-not-ship-'];
export const DEFAULT_STRIP_FIELDS = [
  'notes',
  'note',
  'internal_notes',
  'internalNotes',
  'reviewer',
  'reviewers',
  'reviewedBy',
  'reviewed_by',
  'comments',
  'comment',
  'approvedBy',
  'approved_by',
  'feedback',
  'internal',
];

const filterSchema = z
  .object({
    excludeStatuses: z
      .array(z.string())
      .default(DEFAULT_EXCLUDED_STATUSES)
      .describe('Job statuses that never ship (compared case-insensitively).'),
    excludeTags: z
      .array(z.string())
      .default(DEFAULT_EXCLUDED_TAGS)
      .describe('A job carrying any of these tags is dropped with its outputs.'),
    excludeGlobs: z
      .array(z.string())
      .default(DEFAULT_EXCLUDED_GLOBS)
      .describe(
        'Files matching these globs (relative to the client folder) never ship; a job with an output there is dropped.',
      ),
  })
  .describe('What counts as not approved.');

const stripSchema = z
  .object({
    tagPrefixes: z
      .array(z.string())
      .default(DEFAULT_TAG_PREFIXES)
      .describe('Tags starting with any of these prefixes are removed from every shipped JSON.'),
    tags: z.array(z.string()).default([]).describe('Exact tags removed from every shipped JSON.'),
    fields: z
      .array(z.string())
      .default(DEFAULT_STRIP_FIELDS)
      .describe('Fields removed wherever they appear in shipped JSON (job notes, reviewer names...).'),
    terms: z
      .array(z.string())
      .default([])
      .describe(
        'Competitor names, reviewer names, the agency name: a prompt containing one stops the build; the cold test fails on any left in the bundle.',
      ),
    promptOverrides: promptOverridesSchema,
    images: z
      .object({
        strip: z
          .boolean()
          .default(true)
          .describe(
            'Remove the embedded metadata of every category not in `keep` from PNG, JPEG and WebP assets, losslessly (pixels untouched). false ships every image as it is.',
          ),
        keep: z
          .array(z.enum(KEEPABLE_CATEGORIES))
          .default([...DEFAULT_KEPT_CATEGORIES])
          .describe(
            'Metadata categories kept; every other one is removed. Default: the provenance and rights categories, c2pa (C2PA manifests: PNG caBX, JPEG APP11, WebP C2PA), digital-source-type (XMP Iptc4xmpExt:DigitalSourceType), rights (XMP dc:rights, photoshop:Credit, xmpRights:*, plus:Licensor/CopyrightOwner; Exif Copyright), icc-profile and orientation. Internal categories: png-text (generator prompt/parameters/workflow text chunks), exif (GPS, UserComment, ImageDescription, Software...), xmp (every other XMP property: tool namespaces, history, document ids, CreatorTool), iptc (APP13 IPTC-IIM), jpeg-comment, timestamp, thumbnail, other-metadata. Licensed-stock and client-supplied rights items always keep rights.',
          ),
        keepC2pa: z
          .boolean()
          .optional()
          .describe('Deprecated (use `keep`): true adds c2pa to `keep`, false removes it.'),
        embedDisclosure: z
          .boolean()
          .default(false)
          .describe(
            'Write the AI disclosure (IPTC Digital Source Type of each generated asset, see rights.items[].digitalSourceType) into PNG, JPEG and VP8X WebP assets that carry no C2PA manifest, as XMP Iptc4xmpExt:DigitalSourceType.',
          ),
        shipSignedAsIs: z
          .array(z.string())
          .default([])
          .describe(
            'Assets (paths relative to the client folder) carrying a C2PA manifest AND internal metadata, accepted to ship byte-for-byte with that metadata (stripping would break the signature). Without an entry such a file stops the build.',
          ),
      })
      .prefault({})
      .describe('Embedded image metadata, by category. A C2PA-signed image ships byte-for-byte (see shipSignedAsIs).'),
  })
  .describe('White-labelling rules: strip, do not redact.');

const rightsItemSchema = z
  .object({
    asset: z.string().describe('Asset path relative to the client folder.'),
    kind: z
      .enum(['generated', 'licensed-stock', 'font', 'reference-face', 'client-supplied', 'other'])
      .describe('Where the asset (or part of it) comes from.'),
    source: z.string().optional().describe('Provider or origin, e.g. the stock library.'),
    license: z.string().optional().describe('Licence name or number.'),
    attribution: z.string().optional().describe('Attribution line the client must keep.'),
    notes: z.string().optional().describe('Restrictions (territory, term, media).'),
    digitalSourceType: z
      .string()
      .regex(
        /^(https?:\/\/\S+|[A-Za-z]+)$/,
        'expected an IPTC Digital Source Type code (e.g. compositeWithTrainedAlgorithmicMedia) or its full URI',
      )
      .optional()
      .describe(
        'IPTC Digital Source Type of the asset (a code from http://cv.iptc.org/newscodes/digitalsourcetype/, e.g. compositeWithTrainedAlgorithmicMedia, or a full URI). Generated assets default to trainedAlgorithmicMedia; other kinds are disclosed only when set.',
      ),
  })
  .describe('A rights record for one asset that is not plain generated work.');

/** DAM import formats written beside docs/metadata.csv (see document/dam-profiles.ts). */
export const DAM_FORMATS = ['aem', 'bynder', 'archivematica'] as const;
export type DamFormat = (typeof DAM_FORMATS)[number];

const damSchema = z
  .array(z.enum(DAM_FORMATS))
  .default([])
  .describe(
    'DAM import files written beside docs/metadata.csv, the same data in each format: "aem" (docs/dam/aem-metadata.csv, AEM Assets metadata import), ' +
      '"bynder" (docs/dam/bynder-metadata.csv, Bynder Mass Uploader), "archivematica" (metadata/metadata.csv, an Archivematica transfer\'s metadata).',
  );

export const clientConfigSchema = z
  .object({
    $schema: z.string().optional().describe('JSON schema for editor completion.'),
    name: z.string().optional().describe('Client slug; defaults to the folder name.'),
    client: z.string().min(1).describe('Client display name (used in the README and as BagIt Source-Organization).'),
    engagement: z.string().min(1).describe('Engagement scope, e.g. "2025-Q3 to 2026-Q2 retainer".'),
    version: z.number().int().positive().describe('Handoff version; each version builds into its own folder.'),
    date: isoDate.describe('Date of this handoff version (YYYY-MM-DD, UTC): delivered_at and zip timestamps.'),
    handoffKind: z.string().default('client-final').describe('handoff_kind in the manifest.'),
    format: z.enum(['zip', 'bagit']).default('zip').describe('Bundle layout: plain zip or an RFC 8493 BagIt bag.'),
    deliverables: z
      .array(z.string().min(1))
      .min(1)
      .default(['deliverables'])
      .describe('Folders (relative to the client folder) whose files are the candidate assets.'),
    brand: z
      .object({
        system: z
          .string()
          .default('brand/brand-system.json')
          .describe('Brand system JSON, shipped as docs/brand-system.json.'),
        rules: z.string().default('brand/brand.md').describe('Brand rules Markdown, shipped as docs/brand.md.'),
      })
      .prefault({})
      .describe('Brand documents that ship with the bundle.'),
    rights: z
      .object({
        status: z.string().min(1).describe('One-line rights status, e.g. "all generated, no licensed stock".'),
        items: z.array(rightsItemSchema).default([]).describe('Licensed stock, fonts, reference faces...'),
      })
      .describe('Rights documentation (RIGHTS.md).'),
    support: z
      .object({
        contact: z.string().min(1).describe('Who the receiving team contacts during the support window.'),
        windowDays: z.number().int().nonnegative().default(30).describe('Support window in days after delivery.'),
      })
      .describe('Support after handoff.'),
    receivingTeam: z
      .object({
        name: z.string().optional().describe('Receiving team or agency.'),
        tools: z.array(z.string()).default([]).describe('Their tools (DAM, design suite...).'),
      })
      .optional()
      .describe('Who receives the bundle.'),
    regeneration: z
      .object({
        supported: z.boolean().default(true).describe('Whether the client will regenerate with the gen-ai CLI.'),
      })
      .prefault({})
      .describe('Regeneration support.'),
    dam: damSchema,
    filter: filterSchema.prefault({}),
    strip: stripSchema.prefault({}),
    changelog: changelogNotesSchema,
    repin: repinSchema,
    deliver: deliverConfigSchema.optional(),
  })
  .strict()
  .describe('nx-handoff client configuration.');

export type ClientConfig = z.infer<typeof clientConfigSchema>;
export type ClientConfigInput = z.input<typeof clientConfigSchema>;
export type RightsItem = z.infer<typeof rightsItemSchema>;

/** `handoff.workspace.json` at the workspace root: defaults every client extends. */
export const workspaceConfigSchema = z
  .object({
    $schema: z.string().optional(),
    strip: z
      .object({
        tagPrefixes: z.array(z.string()).default([]).describe("Internal tag prefixes added to every client's."),
        tags: z.array(z.string()).default([]).describe("Internal tags added to every client's."),
        fields: z.array(z.string()).default([]).describe("Internal fields added to every client's."),
        terms: z
          .array(z.string())
          .default([])
          .describe("Denylisted terms (the agency name, competitors) added to every client's."),
      })
      .prefault({})
      .describe('White-labelling rules every client extends (lists are merged, never replaced).'),
  })
  .strict()
  .describe('nx-handoff workspace defaults.');

export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;

/** A client's strip rules extended by the built-in defaults and the workspace's: union of each list. */
export function mergeStripRules(
  client: ClientConfig['strip'],
  workspace: WorkspaceConfig['strip'],
): ClientConfig['strip'] {
  const union = (...lists: string[][]) => [...new Set(lists.flat())];
  return {
    ...client,
    tagPrefixes: union(DEFAULT_TAG_PREFIXES, workspace.tagPrefixes, client.tagPrefixes),
    tags: union(workspace.tags, client.tags),
    fields: union(DEFAULT_STRIP_FIELDS, workspace.fields, client.fields),
    terms: union(workspace.terms, client.terms),
  };
}
