import type { ExecutorContext } from '@nx/devkit';
import { ensureBundle, runColdTest } from '@nx-handoff/core';
import { checkZip } from '../utils/check-zip';
import { consoleLogger, resolveClientRoot, runStep, type ExecutorResult } from '../utils/run-step';
import type { ColdTestExecutorSchema } from './schema';

export interface ColdTestCore {
  ensureBundle: typeof ensureBundle;
  runColdTest: typeof runColdTest;
}

/**
 * `handoff-cold-test`: cold-test this version's zip. The zip is not a cached output (only its build
 * record is), so it is first made sure to be in dist/: rebuilt from the same inputs when missing or
 * not the recorded bytes. The same on every run, cached or not. Any other zip: `handoff-verify`.
 */
export default async function coldTestExecutor(
  options: ColdTestExecutorSchema,
  context: ExecutorContext,
  core: ColdTestCore = { ensureBundle, runColdTest },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const where = { workspaceRoot: context.root, clientRoot: resolveClientRoot(context, options.clientRoot) };
    const { paths } = await core.ensureBundle({ ...where, logger: consoleLogger });
    return checkZip(paths.zipFile, options, context, core.runColdTest);
  });
}
