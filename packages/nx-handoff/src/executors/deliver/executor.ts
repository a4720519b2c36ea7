import type { ExecutorContext } from '@nx/devkit';
import { deliverVersion, formatProblem, type DeliverResult } from '@nx-handoff/core';
import { consoleLogger, resolveClientRoot, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { DeliverExecutorSchema } from './schema';

export interface DeliverCore {
  deliverVersion: typeof deliverVersion;
}

const STATUS = {
  delivered: 'delivered',
  'already-delivered': 'already delivered (recorded in the ledger; --force to send again)',
  failed: 'FAILED',
} as const;

function printResult(result: DeliverResult, context: ExecutorContext): void {
  for (const o of result.outcomes)
    console.log(`  ${o.name}: ${STATUS[o.status]}${o.receipt ? ` -> ${o.receipt.where}` : ''}`);
  if (result.ledgerUpdated)
    console.log(`Recorded v${result.version} in ${shown(context, result.ledgerFile)}: commit it.`);
  if (result.brief && result.briefFile) {
    console.log(`\nBrief for the receiving team (${shown(context, result.briefFile)}):\n`);
    console.log(result.brief);
  }
  const failed = result.outcomes.filter((o) => o.problem);
  if (failed.length) {
    console.error(
      `nx-handoff: ${failed.length} destination(s) failed; what was delivered is recorded, so running handoff-deliver again sends only the rest:`,
    );
    for (const o of failed) console.error(formatProblem(o.problem!));
  }
}

/** `nx run <client>:handoff-deliver`: never cached; depends on `handoff` (built and cold-tested). */
export default async function deliverExecutor(
  options: DeliverExecutorSchema,
  context: ExecutorContext,
  core: DeliverCore = { deliverVersion },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const only = options.destination
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const result = await core.deliverVersion({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      only,
      force: options.force ?? false,
      logger: consoleLogger,
    });
    printResult(result, context);
    return result.ok;
  });
}
