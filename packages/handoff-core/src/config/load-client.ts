import * as path from 'node:path';
import { HandoffError } from '../errors';
import { promises as fs } from 'node:fs';
import {
  clientConfigSchema,
  mergeStripRules,
  workspaceConfigSchema,
  type ClientConfig,
  type WorkspaceConfig,
} from './client-config';
import { displayPath, readJsonFile } from './read-json';

export const CLIENT_CONFIG_FILE = 'handoff.json';

/** Workspace defaults every client extends (strip rules). */
export const WORKSPACE_CONFIG_FILE = 'handoff.workspace.json';

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])$/;

/** A client folder with its validated config, resolved once and passed to every stage. */
export interface LoadedClient {
  workspaceRoot: string;
  /** Absolute path of the client folder (the folder holding handoff.json). */
  clientRoot: string;
  /** Absolute path of handoff.json. */
  configFile: string;
  slug: string;
  config: ClientConfig;
}

/** Read and validate `<clientRoot>/handoff.json`. */
export async function loadClient(workspaceRoot: string, clientRoot: string): Promise<LoadedClient> {
  const root = path.resolve(workspaceRoot, clientRoot);
  const configFile = path.join(root, CLIENT_CONFIG_FILE);
  const config = await readJsonFile(configFile, clientConfigSchema, {
    jsonc: true,
    displayBase: workspaceRoot,
    hint: 'see "handoff.json reference" in the nx-handoff README, or the $schema completion in your editor',
  });
  const slug = config.name ?? path.basename(root);
  if (!SLUG_RE.test(slug)) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      file: displayPath(configFile, workspaceRoot),
      field: config.name ? 'name' : undefined,
      message: `client slug "${slug}" is not kebab-case (a-z, 0-9 and -, 2 to 64 characters)`,
      hint: config.name ? 'set "name" to a kebab-case slug' : 'rename the folder or set "name" to a kebab-case slug',
    });
  }
  const workspace = await loadWorkspaceConfig(workspaceRoot);
  const merged = { ...config, strip: mergeStripRules(config.strip, workspace.strip) };
  return { workspaceRoot: path.resolve(workspaceRoot), clientRoot: root, configFile, slug, config: merged };
}

/** `handoff.workspace.json`, or the empty defaults when there is none. */
export async function loadWorkspaceConfig(workspaceRoot: string): Promise<WorkspaceConfig> {
  const file = path.join(workspaceRoot, WORKSPACE_CONFIG_FILE);
  if (
    !(await fs.stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return workspaceConfigSchema.parse({});
  return readJsonFile(file, workspaceConfigSchema, {
    jsonc: true,
    displayBase: workspaceRoot,
    hint: 'handoff.workspace.json holds {"strip": {tagPrefixes, tags, fields, terms}}',
  });
}
