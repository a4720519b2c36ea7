import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CreateNodes, CreateNodesResultArray } from '@nx/devkit';
import { resolveImplementationInputs } from './implementation-inputs';
import { inferHandoffProject, resolveNameClashes } from './infer-targets';

/** Plugin options in nx.json; none yet (use the plugin entry's include/exclude to scope it). */
export type HandoffPluginOptions = Record<string, never>;

export const HANDOFF_CONFIG_GLOB = '**/handoff.json';

/** Folders whose handoff.json files are never clients: installed packages, build output, test fixtures. */
export function isClientConfigPath(file: string): boolean {
  const segments = file.split(/[\\/]/);
  if (segments[0] === 'dist') return false;
  return !segments.some((s) => s === 'node_modules' || s === '__fixtures__' || s === 'fixtures');
}

/**
 * Thin wrapper: read each handoff.json and hand it to the pure inference. A file that cannot be
 * read or validated still yields a project (its targets fail with the problems), so one broken
 * client never breaks `nx show projects` for the whole workspace.
 */
export const createNodes: CreateNodes<HandoffPluginOptions> = [
  HANDOFF_CONFIG_GLOB,
  async (configFiles, _options, context): Promise<CreateNodesResultArray> => {
    const files = configFiles.filter(isClientConfigPath);
    if (files.length === 0) return [];
    const impl = resolveImplementationInputs(context.workspaceRoot);
    const inferred = await Promise.all(
      files.map(async (file) => {
        const text = await readFile(path.join(context.workspaceRoot, file), 'utf8').catch((err: Error) => err);
        return { file, inference: inferHandoffProject(file, text, context.workspaceRoot, impl) };
      }),
    );
    return resolveNameClashes(inferred).map(
      ({ file, inference: { root, project } }) => [file, { projects: { [root]: project } }] as const,
    );
  },
];
