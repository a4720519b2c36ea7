import type { ExecutorContext } from '@nx/devkit';
import { formatCheckReport, runCheck } from '@nx-handoff/core';
import { resolveClientRoot, runStep, type ExecutorResult } from '../utils/run-step';
import type { CheckExecutorSchema } from './schema';

export interface CheckCore {
  runCheck: typeof runCheck;
}

/** `handoff-check`: every problem of every stage in one report, grouped by file, nothing written. */
export default async function checkExecutor(
  options: CheckExecutorSchema,
  context: ExecutorContext,
  core: CheckCore = { runCheck },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const report = await core.runCheck({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
    });
    for (const note of report.notes) console.log(note);
    const text = formatCheckReport(report);
    if (report.ok) console.log(text);
    else console.error(text);
    return report.ok;
  });
}
