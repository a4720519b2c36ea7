import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import { modelRegistrySchema, type ModelRegistry } from '../config/bundle-schemas';
import { readJsonFile } from '../config/read-json';

import { REGISTRY_FILE } from '../paths';

export { REGISTRY_FILE };

/** The workspace model registry: alias -> exact pin, committed like a lockfile. */
export async function loadRegistry(workspaceRoot: string): Promise<{ registry: ModelRegistry; file: string }> {
  const file = path.join(workspaceRoot, REGISTRY_FILE);
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    throw new HandoffError({
      code: 'MODEL_UNKNOWN',
      file: REGISTRY_FILE,
      message: 'the workspace model registry does not exist',
      hint: 'run `npx nx g nx-handoff:init` to create it from the catalog snapshot shipped with the plugin',
    });
  }
  const registry = await readJsonFile(file, modelRegistrySchema, {
    jsonc: true,
    displayBase: workspaceRoot,
    hint: 'each entry is "alias": {"pin": "name@version", "capabilities": {...}}',
  });
  return { registry, file };
}
