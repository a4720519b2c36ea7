/**
 * The data every bundle template is rendered with. The document stage of @nx-handoff/core builds
 * it; templates (built-in or overridden per workspace/client) only read it.
 */

export interface TemplateRightsItem {
  /** Bundle path of the asset, e.g. `assets/stock/skyline.jpg`. */
  path: string;
  kind: string;
  source?: string;
  license?: string;
  attribution?: string;
  notes?: string;
}

export interface TemplateModel {
  /** Exact `name@version`. */
  id: string;
  name: string;
  version: string;
  /** Names the engagement's jobs used for it (aliases). */
  requested: string[];
  /** `registry`, `gen-ai` or `ledger`. */
  source: string;
  /** Number of jobs in the prompt library using it. */
  jobs: number;
}

export interface TemplateExample {
  jobId: string;
  /** Pinned model id. */
  model: string;
  prompt: string;
  seed?: number;
  aspectRatio?: string;
  /** Bundle paths of the job's outputs. */
  outputs: string[];
  /** The full regeneration command, shell-quoted, ready to paste. */
  command: string;
}

export interface TemplateCampaign {
  name: string;
  jobs: number;
  assets: number;
}

export interface TemplateContext {
  tool: { name: string; version: string };
  slug: string;
  client: string;
  engagement: string;
  handoffKind: string;
  version: number;
  previousVersion: number | null;
  /** delivered_at, YYYY-MM-DD */
  date: string;
  /** date + support window, YYYY-MM-DD */
  sunsetDate: string;
  topFolder: string;
  zipName: string;
  /** `zip` (plain folder) or `bagit` (RFC 8493 bag: payload under data/, manifests at the root). */
  format: 'zip' | 'bagit';
  support: { contact: string; windowDays: number };
  receivingTeam: { name?: string; tools: string[] } | null;
  rights: {
    status: string;
    items: TemplateRightsItem[];
    /** Assets that are plain generated work (no rights item). */
    generatedCount: number;
  };
  regeneration: { supported: boolean; installCommand: string };
  models: TemplateModel[];
  assets: { count: number; totalBytes: number; paths: string[] };
  prompts: { count: number };
  campaigns: TemplateCampaign[];
  /** The worked example in the README; null when the library is empty. */
  example: TemplateExample | null;
  whiteLabel: {
    /** Categories removed (never the values), e.g. "internal tags", "reviewer and note fields". */
    categories: string[];
    droppedJobs: number;
    droppedAssets: number;
    /** Prompts shipped edited for white-labelling: regenerating them will not reproduce the asset exactly. */
    editedPrompts: Array<{ jobId: string; reason: string }>;
    /** PNG/JPEG/WebP assets whose embedded metadata was stripped (losslessly). */
    imagesStripped: number;
    /**
     * Embedded image metadata by category: `kept` (provenance and rights, e.g. c2pa,
     * digital-source-type, rights, icc-profile, orientation) and `removed` (internal, e.g.
     * png-text, exif, xmp); `signed`: C2PA-signed images shipped byte-for-byte; `disclosed`:
     * the AI disclosure was written into the images as XMP. Optional for older contexts.
     */
    imageMetadata?: { kept: string[]; removed: string[]; signed: number; disclosed: boolean };
  };
  /** Bundle-relative paths of the documents, for links. */
  files: {
    readme: string;
    manifest: string;
    promptLibrary: string;
    modelPins: string;
    brandSystem: string;
    brandRules: string;
    rights: string;
    changelog: string;
    /** One row per asset for DAM import (title, prompt, credit, rights, AI disclosure, size, sha256). */
    metadata: string;
    /** The offline contact sheet (index.html). */
    contactSheet: string;
    checksums: string;
    source: string;
  };
  /** DAM import files the `dam` option of handoff.json adds (same data as `files.metadata`). */
  dam: Array<{ format: string; path: string; label: string }>;
  /**
   * CHANGELOG entries, newest first: this version (what changed since the last delivered version,
   * or "Initial handoff"), then every earlier delivered version as the ledger recorded it.
   */
  changes: Array<{
    version: number;
    date: string;
    lines: string[];
    /** sha256 of the delivered zip, for versions already delivered (from handoff-ledger.json). */
    sha256?: string;
  }>;
}

/** The built-in templates, by file name. A workspace or client override uses the same names. */
export const TEMPLATE_NAMES = [
  'README.md.hbs',
  'RIGHTS.md.hbs',
  'CHANGELOG.md.hbs',
  'handoff-manifest.json.hbs',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
