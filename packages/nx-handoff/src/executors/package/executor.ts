import type { ExecutorContext } from '@nx/devkit';
import { runPackage } from '@nx-handoff/core';
import { consoleLogger, resolveClientRoot, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { PackageExecutorSchema } from './schema';

export interface PackageCore {
  runPackage: typeof runPackage;
}

export default async function packageExecutor(
  options: PackageExecutorSchema,
  context: ExecutorContext,
  core: PackageCore = { runPackage },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const { paths } = await core.runPackage({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      logger: consoleLogger,
      format: options.format,
    });
    // core already logged the zip, its size and digest
    console.log(`sha256sum -c compatible digest: ${shown(context, paths.zipShaFile)}`);
  });
}
