import type { ExecutorContext } from '@nx/devkit';
import { locateBundle, runColdTest } from '@nx-handoff/core';
import { checkZip } from '../utils/check-zip';
import { zipToCheck } from '../utils/zip-to-check';
import { runStep, type ExecutorResult } from '../utils/run-step';
import type { VerifyExecutorSchema } from './schema';

export interface VerifyCore {
  locateBundle: typeof locateBundle;
  runColdTest: typeof runColdTest;
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
    checkZip(await zipToCheck(options, context, core.locateBundle), options, context, core.runColdTest),
  );
}
