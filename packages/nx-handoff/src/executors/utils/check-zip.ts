import type { ExecutorContext } from '@nx/devkit';
import type { runColdTest } from '@nx-handoff/core';
import { resolveClientRoot, shown } from './run-step';

export interface ColdTestRunOptions {
  all?: boolean;
  requireCli?: boolean;
  clientRoot?: string;
}

/**
 * Cold-test one zip and print the outcome: shared by `handoff-cold-test` (this version's zip) and
 * `handoff-verify` (any zip). `false` when the report is not ok.
 */
export async function checkZip(
  zip: string,
  options: ColdTestRunOptions,
  context: ExecutorContext,
  run: typeof runColdTest,
): Promise<boolean> {
  const { report, reportFile, summary } = await run({
    // No logger: core logs the same check lines as the summary printed below.
    zip,
    all: options.all ?? false,
    requireCli: options.requireCli ?? false,
    // The project's strip rules drive the leak gate.
    client: { workspaceRoot: context.root, clientRoot: resolveClientRoot(context, options.clientRoot) },
  });
  console.log(summary);
  if (!report.ok) {
    console.error(`nx-handoff: cold test FAILED for ${shown(context, zip)}; report: ${shown(context, reportFile)}`);
    return false;
  }
  console.log(`Cold test passed: ${shown(context, reportFile)}`);
  return true;
}
