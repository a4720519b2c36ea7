import { promises as fs } from 'node:fs';
import type { TemplateContext } from '@nx-handoff/templates';
import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';
import { promptLibrarySchema, type ModelPinsDoc, type PromptLibrary } from '../config/bundle-schemas';
import { displayPath, readJsonFile } from '../config/read-json';
import { z } from 'zod';
import { compareCodeUnits } from '../fs/safe-path';
import { topFolderName, zipFileName } from '../paths';
import { stripValue } from '../strip/strip';
import type { BundleFile, BundleFormat, BundlePlan, LoadedClient, PinSet, StrippedSet } from '../types';
import { BUNDLE_FILES } from './bundle-files';
import { buildPromptLibrary } from './prompt-library';
import { assertNoCredentials } from './credential-gate';
import { metadataKeptFor, stripsImageMetadata } from '../strip/image-policy';
import { createRenderer } from './render';
import { buildTemplateContext } from './template-context';

/** Stable JSON bytes: 2-space indent, trailing newline. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

const textBytes = (s: string) => Buffer.from(s.endsWith('\n') ? s : `${s}\n`, 'utf8');

export function modelPinsDoc(pins: PinSet): ModelPinsDoc {
  return {
    pinned_at: pins.pinnedAt,
    registry_date: pins.registryDate ?? null,
    models: pins.models.map((m) => ({ id: m.id, name: m.name, version: m.version, requested: m.requested, source: m.source, capabilities: m.capabilities })),
  };
}

async function brandDocs(client: LoadedClient): Promise<BundleFile[]> {
  const { system, rules } = client.config.brand;
  const shown = displayPath(client.configFile, client.workspaceRoot);
  const missing = (field: string, p: string): Problem => ({
    code: 'ASSET_MISSING', file: shown, field,
    message: `brand document "${p}" does not exist in the client folder`,
    hint: `create ${p} (the generator writes a stub), or point "${field}" at the right file`,
  });
  const systemAbs = path.resolve(client.clientRoot, system);
  const rulesAbs = path.resolve(client.clientRoot, rules);
  const problems: Problem[] = [];
  for (const [field, p, abs] of [['brand.system', system, systemAbs], ['brand.rules', rules, rulesAbs]] as const) {
    const rel = path.relative(client.clientRoot, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) problems.push({ ...missing(field, p), code: 'PATH_ESCAPE', message: `brand document "${p}" is outside the client folder` });
    else if (!(await fs.stat(abs).then((s) => s.isFile(), () => false))) problems.push(missing(field, p));
  }
  if (problems.length) throw new HandoffError(problems);
  const systemJson = await readJsonFile(systemAbs, z.record(z.string(), z.unknown()), { displayBase: client.workspaceRoot, hint: 'brand-system.json must be a JSON object' });
  return [
    { path: BUNDLE_FILES.brandSystem, source: { kind: 'bytes', data: jsonBytes(stripValue(systemJson, client.config.strip)) } },
    { path: BUNDLE_FILES.brandRules, source: { kind: 'bytes', data: textBytes(await fs.readFile(rulesAbs, 'utf8')) } },
  ];
}

/** Two files landing on one bundle path (also when they differ only by case or Unicode form). */
export function findCollisions(files: BundleFile[], originOf: (f: BundleFile) => string): Problem[] {
  const seen = new Map<string, BundleFile>();
  const problems: Problem[] = [];
  for (const f of files) {
    const key = f.path.normalize('NFC').toLowerCase();
    const prev = seen.get(key);
    if (prev) {
      const why = originOf(f).normalize('NFC') === originOf(prev).normalize('NFC') ? 'their names differ only in Unicode normal form'
        : f.path === prev.path ? 'same path below two deliverables folders' : 'their names differ only in letter case';
      problems.push({
        code: 'ASSET_COLLISION', file: originOf(f),
        message: `lands on the same bundle path as ${originOf(prev)} (${f.path}): ${why}`,
        hint: 'rename one of the files: bundle paths must be unique, ignoring case and Unicode normal form',
      });
    } else seen.set(key, f);
  }
  return problems;
}

/** Render the documents and list every file of the bundle, sorted. */
export async function buildBundlePlan(client: LoadedClient, set: StrippedSet, pins: PinSet, format: BundleFormat, changes?: TemplateContext['changes']): Promise<{ plan: BundlePlan; library: PromptLibrary }> {
  const library = promptLibrarySchema.parse(buildPromptLibrary(set, pins));
  const ctx = buildTemplateContext(client, set, pins, library, format, changes);
  const renderer = createRenderer(client.clientRoot, client.workspaceRoot);
  const manifest = await renderer.renderManifest(ctx);
  const docs: BundleFile[] = [
    { path: BUNDLE_FILES.readme, source: { kind: 'bytes', data: textBytes(await renderer.render('README.md.hbs', ctx)) } },
    { path: BUNDLE_FILES.rights, source: { kind: 'bytes', data: textBytes(await renderer.render('RIGHTS.md.hbs', ctx)) } },
    { path: BUNDLE_FILES.changelog, source: { kind: 'bytes', data: textBytes(await renderer.render('CHANGELOG.md.hbs', ctx)) } },
    { path: BUNDLE_FILES.manifest, source: { kind: 'bytes', data: jsonBytes(manifest) } },
    { path: BUNDLE_FILES.modelPins, source: { kind: 'bytes', data: jsonBytes(modelPinsDoc(pins)) } },
    { path: BUNDLE_FILES.promptLibrary, source: { kind: 'bytes', data: jsonBytes(library) } },
    ...(await brandDocs(client)),
    ...set.results.map((r): BundleFile => ({
      path: `${BUNDLE_FILES.source}/${r.campaign}/results.json`,
      source: { kind: 'bytes', data: jsonBytes({ ...r.extra, jobs: r.jobs }) },
    })),
  ];
  const kept = metadataKeptFor(client.config);
  const { keepC2pa } = client.config.strip.images;
  const assets: BundleFile[] = set.assets.map((a) => ({
    path: a.bundlePath,
    source: a.content
      ? { kind: 'bytes', data: a.content }
      : { kind: 'file', abs: a.abs, size: a.size, ...(stripsImageMetadata(a, client.config, kept) ? { stripMetadata: { keepC2pa } } : {}) },
  }));
  const files = [...docs, ...assets].sort((a, b) => compareCodeUnits(a.path, b.path));
  const origin = new Map(set.assets.map((a) => [a.bundlePath, displayPath(a.abs, client.workspaceRoot)]));
  const originOf = (f: BundleFile) => origin.get(f.path) ?? `${topFolderName(client.slug, client.config.version)}/${f.path}`;
  const collisions = findCollisions(files, originOf);
  if (collisions.length) throw new HandoffError(collisions);
  await assertNoCredentials(files, originOf);
  const { slug } = client;
  const { version, date } = client.config;
  return {
    plan: { slug, version, date, format, organization: client.config.client, topFolder: topFolderName(slug, version), zipName: zipFileName(slug, version, date), files },
    library,
  };
}
