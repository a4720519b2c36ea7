import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { HandoffError, type locateBundle } from '@nx-handoff/core';
import { resolveClientRoot, shown } from './run-step';

/** The zip to check (handoff-verify, handoff-regen-proof), as it is: --zip (workspace-relative or absolute), else this client's current version. */
export async function zipToCheck(
  options: { zip?: string; clientRoot?: string },
  context: ExecutorContext,
  locate: typeof locateBundle,
): Promise<string> {
  if (options.zip) return path.resolve(context.root, options.zip);
  const { client, paths, seen } = await locate({
    workspaceRoot: context.root,
    clientRoot: resolveClientRoot(context, options.clientRoot),
  });
  if (seen.state === 'missing') {
    throw new HandoffError({
      code: 'ASSET_MISSING',
      file: shown(context, paths.zipFile),
      message: `v${client.config.version} is not in dist/ (the Nx cache keeps its build record, not the zip)`,
      hint: `build it with \`nx run ${client.slug}:handoff\`, or check another bundle with --zip=<path>`,
    });
  }
  if (seen.state === 'different') {
    console.warn(
      `nx-handoff: ${shown(context, paths.zipFile)} is not the zip its build record describes (sha256 ${seen.expected}); checking it as it is`,
    );
  }
  return paths.zipFile;
}
