import type { ExecutorContext } from '@nx/devkit';
import { runPin } from '@nx-handoff/core';
import { consoleLogger, resolveClientRoot, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { PinExecutorSchema } from './schema';

export interface PinCore {
  runPin: typeof runPin;
}

export default async function pinExecutor(
  options: PinExecutorSchema,
  context: ExecutorContext,
  core: PinCore = { runPin },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const { pins, pinsFile } = await core.runPin({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      logger: consoleLogger,
    });
    for (const m of pins.models) console.log(`  ${m.requested.join(', ')} -> ${m.id} (${m.source})`);
    console.log(`Pinned ${pins.models.length} model(s): ${shown(context, pinsFile)}`);
  });
}
