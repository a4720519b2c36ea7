import type { ExecutorContext } from '@nx/devkit';
import { ensureVerifiedBundle } from '@nx-handoff/core/ensure';
import { consoleLogger, resolveClientRoot, runStep, type ExecutorResult } from '../utils/run-step';
import type { EnsureExecutorSchema } from './schema';

export interface EnsureCore {
  ensureVerifiedBundle: typeof ensureVerifiedBundle;
}

/**
 * The `handoff` target: after pin -> package -> cold-test (cached), the zip is in dist/ and
 * verified. A stat when nothing was restored; a rebuild when the cache restored only the zip's
 * build record (see @nx-handoff/core bundle/built-zip.ts).
 */
export default async function ensureExecutor(
  options: EnsureExecutorSchema,
  context: ExecutorContext,
  core: EnsureCore = { ensureVerifiedBundle },
): Promise<ExecutorResult> {
  return runStep(async () => {
    // A report counts only if it is at least as strict as this target's own options.
    const result = await core.ensureVerifiedBundle({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      logger: consoleLogger,
      coldTest: { all: options.all === true, requireCli: options.requireCli === true },
    });
    if (!result.ok) {
      console.error(`nx-handoff: ${result.summary}`);
      return false;
    }
    console.log(result.summary);
    return true;
  });
}
