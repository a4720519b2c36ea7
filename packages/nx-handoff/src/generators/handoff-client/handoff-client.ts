import * as path from 'node:path';
import { formatFiles, generateFiles, logger, readNxJson, type Tree } from '@nx/devkit';
import { REGISTRY_FILE } from '@nx-handoff/core/config';
import { findClientDirs, syncClientLock, syncMediaIgnore } from '../../utils/asset-locks';
import { initGenerator, isPluginRegistered } from '../init/init';
import { detectEngagement } from './detect-engagement';
import { normalizeOptions, type NormalizedHandoffClientSchema } from './normalize-options';
import type { HandoffClientGeneratorSchema } from './schema';

/** One-line JSON with a space after commas and colons: `{ "name": "x", "tools": ["a", "b"] }`. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`);
    return fields.length ? `{ ${fields.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function generateClientFiles(tree: Tree, options: NormalizedHandoffClientSchema): void {
  const adopted = options.adopt ? detectEngagement(tree, options.directory) : undefined;
  const vars = {
    ...options,
    json: inlineJson,
    template: '',
    adopted,
    deliverables: adopted?.deliverables ?? ['deliverables'],
    brandSystem: adopted?.brandSystem ?? 'brand/brand-system.json',
    brandRules: adopted?.brandRules ?? 'brand/brand.md',
  };
  generateFiles(tree, path.join(__dirname, 'files', 'config'), options.directory, vars);
  if (!adopted) {
    generateFiles(tree, path.join(__dirname, 'files', 'scaffold'), options.directory, vars);
    return;
  }
  // Adopting: never overwrite what is there; a brand stub only where no brand document was found.
  const stubs = [
    [`${options.directory}/brand/brand-system.json`, adopted.brandSystem === 'brand/brand-system.json'],
    [`${options.directory}/brand/brand.md`, adopted.brandRules === 'brand/brand.md'],
  ] as const;
  const before = new Map(stubs.map(([p]) => [p, tree.exists(p) ? tree.read(p) : null]));
  generateFiles(tree, path.join(__dirname, 'files', 'scaffold', 'brand'), `${options.directory}/brand`, vars);
  for (const [p, wanted] of stubs) {
    const old = before.get(p);
    if (old) tree.write(p, old);
    else if (!wanted) tree.delete(p);
  }
  for (const line of [...adopted.found.map((l) => `found ${l}`), ...adopted.unsure.map((l) => `check: ${l}`)]) {
    logger.info(`nx-handoff: ${options.directory}: ${line}`);
  }
}

/**
 * `nx g nx-handoff:handoff-client <slug>`: clients/<slug>/ with handoff.json, brand stubs and a
 * deliverables folder. Runs `init` first when the plugin or the model registry is missing.
 */
export async function handoffClientGenerator(tree: Tree, schema: HandoffClientGeneratorSchema): Promise<void> {
  const options = await normalizeOptions(tree, schema);
  if (!isPluginRegistered(readNxJson(tree)) || !tree.exists(REGISTRY_FILE)) {
    await initGenerator(tree, { skipFormat: true });
  }
  generateClientFiles(tree, options);
  // The client's media leave Nx's file hashing; its asset lock (adopted media hashed by streaming) stands in.
  syncMediaIgnore(tree, await findClientDirs(tree));
  await syncClientLock(tree, options.directory, { diskRoot: tree.root });
  if (options.supportContactIsPlaceholder) {
    logger.warn(
      `nx-handoff: set "support.contact" in ${options.directory}/handoff.json before the first delivery: it ships in the bundle README, and handoff-check fails until it is set.`,
    );
  }
  if (!options.skipFormat) await formatFiles(tree);
}

export default handoffClientGenerator;
