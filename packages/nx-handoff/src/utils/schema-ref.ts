import { realpathSync } from 'node:fs';
import * as path from 'node:path';

export const HANDOFF_SCHEMA_FILE = 'schemas/handoff.schema.json';
export const PLUGIN_PACKAGE = 'nx-handoff';

/** The plugin package folder (real path), from this module's location. */
export function pluginPackageDir(): string {
  return realpathSync(path.resolve(__dirname, '..', '..'));
}

/**
 * `$schema` of a client's handoff.json, relative to the client folder. When the plugin is a
 * folder of this workspace (its own repository) the schema is referenced there; otherwise through
 * `node_modules/nx-handoff`, the stable path whatever the package manager's real layout is.
 */
export function schemaRefFor(workspaceRoot: string, clientDir: string, pluginDir: string): string {
  const root = path.resolve(workspaceRoot);
  const rel = path.relative(root, pluginDir);
  const inWorkspaceSource =
    rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
  const schemaAbs = inWorkspaceSource
    ? path.join(pluginDir, HANDOFF_SCHEMA_FILE)
    : path.join(root, 'node_modules', PLUGIN_PACKAGE, HANDOFF_SCHEMA_FILE);
  const ref = path.relative(path.join(root, clientDir), schemaAbs).split(path.sep).join('/');
  return ref.startsWith('.') ? ref : `./${ref}`;
}
