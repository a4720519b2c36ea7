import type { TemplateContext, TemplateRightsItem } from '@nx-handoff/templates';
import { HandoffError } from '../errors';
import type { PromptLibrary } from '../config/bundle-schemas';
import { displayPath } from '../config/read-json';
import { topFolderName, zipFileName } from '../paths';
import type { BundleFormat, LoadedClient, PinSet, StrippedSet } from '../types';
import { generateCommand } from '../genai/shell-quote';
import { overrideNotes } from '../strip/strip';
import { requestForJob } from '../genai/generate-args';
import { BUNDLE_FILES } from '../bundle/bundle-files';
import { PAYLOAD_MANIFEST_FILE } from '../bagit/bag-files';
import { configuredKeptCategories, removedImageCategories } from '../strip/image-policy';
import { damProfiles } from './dam-profiles';

export const GENAI_INSTALL_COMMAND = 'curl -fsSL https://picsart.com/gen-ai-cli/install.sh | bash';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TOOL_VERSION: string = require('../../package.json').version;

/** `date` + `days`, as YYYY-MM-DD (UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function rightsItems(client: LoadedClient, set: StrippedSet): TemplateRightsItem[] {
  const byRel = new Map(set.assets.map((a) => [a.rel, a.bundlePath]));
  return client.config.rights.items.map((item, i) => {
    const rel = item.asset.replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');
    const bundlePath = byRel.get(rel);
    if (!bundlePath) {
      throw new HandoffError({
        code: 'ASSET_MISSING',
        file: displayPath(client.configFile, client.workspaceRoot),
        field: `rights.items[${i}].asset`,
        message: `rights item "${item.asset}" is not an approved asset of this handoff`,
        hint: 'give the asset path relative to the client folder (e.g. deliverables/stock/photo.jpg), or remove the item',
      });
    }
    const { asset: _asset, ...rest } = item;
    return { path: bundlePath, ...rest };
  });
}

function example(library: PromptLibrary): TemplateContext['example'] {
  const job = library.jobs[0];
  if (!job) return null;
  const req = requestForJob(job);
  return {
    jobId: job.id,
    model: job.model,
    prompt: job.prompt,
    seed: req.seed,
    aspectRatio: req.aspectRatio,
    outputs: job.outputs,
    command: generateCommand(req),
  };
}

/** Everything the README, RIGHTS, CHANGELOG and manifest templates read. */
export function buildTemplateContext(
  client: LoadedClient,
  set: StrippedSet,
  pins: PinSet,
  library: PromptLibrary,
  format: BundleFormat = 'zip',
  changes?: TemplateContext['changes'],
): TemplateContext {
  const c = client.config;
  const items = rightsItems(client, set);
  const nonGenerated = new Set(items.filter((i) => i.kind !== 'generated').map((i) => i.path));
  const producedBy = new Map<string, Set<string>>();
  for (const j of set.jobs)
    for (const o of j.outputs) producedBy.set(o, (producedBy.get(o) ?? new Set()).add(j.campaign));
  const campaigns = [...new Set(set.jobs.map((j) => j.campaign))].sort().map((name) => ({
    name,
    jobs: set.jobs.filter((j) => j.campaign === name).length,
    // The shipped assets its jobs produced, wherever they sit (outputs may live outside the
    // results.json folder: `exports/IG/hero.png` next to `gen logs/batch-03/results.json`).
    assets: set.assets.filter((a) => producedBy.get(a.rel)?.has(name)).length,
  }));
  const summary = `${set.assets.length} assets, ${library.jobs.length} prompts, ${pins.models.length} pinned models`;
  return {
    tool: { name: 'nx-handoff', version: TOOL_VERSION },
    slug: client.slug,
    client: c.client,
    engagement: c.engagement,
    handoffKind: c.handoffKind,
    version: c.version,
    previousVersion: c.version > 1 ? c.version - 1 : null,
    date: c.date,
    sunsetDate: addDays(c.date, c.support.windowDays),
    topFolder: topFolderName(client.slug, c.version),
    zipName: zipFileName(client.slug, c.version, c.date),
    format,
    support: { contact: c.support.contact, windowDays: c.support.windowDays },
    receivingTeam: c.receivingTeam ? { name: c.receivingTeam.name, tools: c.receivingTeam.tools } : null,
    rights: {
      status: c.rights.status,
      items,
      generatedCount: set.assets.filter((a) => !nonGenerated.has(a.bundlePath)).length,
    },
    regeneration: { supported: c.regeneration.supported, installCommand: GENAI_INSTALL_COMMAND },
    models: pins.models.map((m) => ({
      id: m.id,
      name: m.name,
      version: m.version,
      requested: m.requested,
      source: m.source,
      jobs: library.jobs.filter((j) => j.model === m.id).length,
    })),
    assets: {
      count: set.assets.length,
      totalBytes: set.assets.reduce((n, a) => n + a.size, 0),
      paths: set.assets.map((a) => a.bundlePath),
    },
    prompts: { count: library.jobs.length },
    campaigns,
    example: example(library),
    whiteLabel: {
      categories: set.strip.categories,
      droppedJobs: set.dropped.filter((d) => d.kind === 'job').length,
      droppedAssets: set.dropped.filter((d) => d.kind === 'asset').length,
      editedPrompts: set.strip.promptOverrides.map((o) => ({ jobId: o.jobId, reason: o.reason })),
      imagesStripped: set.strip.imagesStripped,
      imageMetadata: {
        kept: configuredKeptCategories(c),
        removed: removedImageCategories(c),
        signed: set.strip.imagesSigned?.length ?? 0,
        disclosed: c.strip.images.strip && c.strip.images.embedDisclosure && set.strip.imagesStripped > 0,
      },
    },
    files: { ...BUNDLE_FILES, checksums: format === 'bagit' ? PAYLOAD_MANIFEST_FILE : BUNDLE_FILES.checksums },
    dam: damProfiles(c.dam, client.slug).map((p) => ({ format: p.format, path: p.path, label: p.label })),
    // `changes` from the pipeline: the ledger-based CHANGELOG, complete (see document-version.ts).
    changes: changes ?? [
      { version: c.version, date: c.date, lines: [`Handoff v${c.version}: ${summary}.`, ...overrideNotes(set)] },
    ],
  };
}
