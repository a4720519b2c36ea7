import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { HandoffError, locateBundle, runColdTest } from '@nx-handoff/core';
import { checkZip } from '../utils/check-zip';
import { resolveClientRoot, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { VerifyExecutorSchema } from './schema';

export interface VerifyCore {
  locateBundle: typeof locateBundle;
  runColdTest: typeof runColdTest;
}

/** The zip to check, as it is: --zip (workspace-relative or absolute), else this client's current version. */
export async function zipToVerify(
  options: VerifyExecutorSchema,
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

/**
 * `handoff-verify`, never cached: cold-test any bundle exactly as it is — a zip received back from
 * the client, one outside the workspace, an earlier version — and never rebuild it.
 */
export default async function verifyExecutor(
  options: VerifyExecutorSchema,
  context: ExecutorContext,
  core: VerifyCore = { locateBundle, runColdTest },
): Promise<ExecutorResult> {
  return runStep(async () =>
    checkZip(await zipToVerify(options, context, core.locateBundle), options, context, core.runColdTest),
  );
}
