import * as path from 'node:path';
import { formatFiles, generateFiles, logger, readNxJson, type Tree } from '@nx/devkit';
import { REGISTRY_FILE } from '@nx-handoff/core/config';
import { initGenerator, isPluginRegistered } from '../init/init';
import { normalizeOptions, type NormalizedHandoffClientSchema } from './normalize-options';
import type { HandoffClientGeneratorSchema } from './schema';

/** One-line JSON with a space after commas and colons: `{ "name": "x", "tools": ["a", "b"] }`. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`);
    return fields.length ? `{ ${fields.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function generateClientFiles(tree: Tree, options: NormalizedHandoffClientSchema): void {
  generateFiles(tree, path.join(__dirname, 'files'), options.directory, {
    ...options,
    json: inlineJson,
    template: '',
  });
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
  if (options.supportContactIsPlaceholder) {
    logger.warn(`nx-handoff: set "support.contact" in ${options.directory}/handoff.json before the first delivery (it ships in the README).`);
  }
  if (!options.skipFormat) await formatFiles(tree);
}

export default handoffClientGenerator;
