import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  formatFiles,
  logger,
  readNxJson,
  updateNxJson,
  writeJson,
  type GeneratorCallback,
  type NxJsonConfiguration,
  type Tree,
} from '@nx/devkit';
import { modelRegistrySchema, REGISTRY_FILE, type ModelRegistry } from '@nx-handoff/core/config';
import { findClientDirs, syncAssetLocks } from '../../utils/asset-locks';
import type { InitGeneratorSchema } from './schema';

export const PLUGIN_NAME = 'nx-handoff';
/** The catalog snapshot shipped with the plugin; its date is in the name and in the file. */
export const CATALOG_FILE = path.resolve(__dirname, '..', '..', '..', 'catalog', 'model-catalog-2026-11-01.json');
export const GITIGNORE_LINES = [
  '# nx-handoff: built bundles, one folder per version (never committed)',
  '/dist/handoff',
];

export interface CatalogModel {
  pin: string;
  provider?: string;
  capabilities: Record<string, unknown>;
}
export interface ModelCatalog {
  catalogDate: string;
  models: Record<string, CatalogModel>;
}

/** `nx-handoff` or `nx-handoff/plugin`, as a string or an object entry. */
export function isPluginRegistered(nxJson: NxJsonConfiguration | null): boolean {
  return (nxJson?.plugins ?? []).some((p) => {
    const name = typeof p === 'string' ? p : p.plugin;
    return name === PLUGIN_NAME || name === `${PLUGIN_NAME}/plugin`;
  });
}

export function readCatalog(file = CATALOG_FILE): ModelCatalog {
  return JSON.parse(readFileSync(file, 'utf8')) as ModelCatalog;
}

/** The registry is the catalog's pins and capabilities, validated like the pipeline will read it. */
export function registryFromCatalog(catalog: ModelCatalog): ModelRegistry {
  const models = Object.fromEntries(
    Object.entries(catalog.models)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alias, m]) => [alias, { pin: m.pin, capabilities: m.capabilities }]),
  );
  return modelRegistrySchema.parse({ catalogDate: catalog.catalogDate, models });
}

/**
 * Registers the plugin and sets `sync.applyChanges: true` unless the workspace chose otherwise:
 * `nx run` on a terminal then brings the asset locks up to date without a prompt (CI skips sync
 * generators; `nx sync:check` is the gate there).
 */
function registerPlugin(tree: Tree): void {
  const nxJson = readNxJson(tree);
  if (!nxJson) {
    writeJson(tree, 'nx.json', { plugins: [PLUGIN_NAME], sync: { applyChanges: true } });
    return;
  }
  const registered = isPluginRegistered(nxJson);
  const syncSet = nxJson.sync?.applyChanges !== undefined;
  if (registered && syncSet) return;
  updateNxJson(tree, {
    ...nxJson,
    ...(registered ? {} : { plugins: [...(nxJson.plugins ?? []), PLUGIN_NAME] }),
    ...(syncSet ? {} : { sync: { ...nxJson.sync, applyChanges: true } }),
  });
}

function seedRegistry(tree: Tree): void {
  if (tree.exists(REGISTRY_FILE)) return;
  writeJson(tree, REGISTRY_FILE, registryFromCatalog(readCatalog()));
}

function ignoreBundles(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf8') ?? '') : '';
  const ignored = current.split(/\r?\n/).some((l) => /^\/?dist\/handoff\/?$/.test(l.trim()));
  if (ignored) return;
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${sep}${current ? '\n' : ''}${GITIGNORE_LINES.join('\n')}\n`);
}

/** What to do after init, printed once the files are written (also after `nx add nx-handoff`). */
export const NEXT_STEPS = [
  'nx-handoff is set up. Next:',
  '  npx nx g nx-handoff:handoff-client <client-slug>                       scaffold clients/<client-slug>/',
  '  npx nx g nx-handoff:handoff-client <client-slug> --directory <folder>  or adopt a folder that already holds an engagement',
  '  npx nx run <client-slug>:handoff-check                                 every problem at once, nothing written',
  '  npx nx run <client-slug>:handoff                                       check -> pin -> package -> cold-test',
];

/**
 * Idempotent: registers the plugin (and `sync.applyChanges`), seeds the registry once, ignores
 * built bundles, and writes the .nxignore media block and asset locks of any existing clients.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  registerPlugin(tree);
  if (!options.skipRegistry) seedRegistry(tree);
  ignoreBundles(tree);
  // Clients already in the workspace: their media leave Nx's hashing, their locks stand in.
  await syncAssetLocks(tree, await findClientDirs(tree));
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    for (const line of NEXT_STEPS) logger.info(line);
  };
}

export default initGenerator;
