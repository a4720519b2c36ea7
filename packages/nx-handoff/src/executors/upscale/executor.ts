import type { ExecutorContext } from '@nx/devkit';
import { runUpscale } from '@nx-handoff/core';
import { confirmSpend } from '../utils/confirm';
import { consoleLogger, resolveClientRoot, runStep, type ExecutorResult } from '../utils/run-step';
import type { UpscaleExecutorSchema } from './schema';

export interface UpscaleCore {
  runUpscale: typeof runUpscale;
}

export function globList(assets: UpscaleExecutorSchema['assets']): string[] | undefined {
  const list = (Array.isArray(assets) ? assets : (assets ?? '').split(',')).map((g) => g.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/** `nx run <client>:handoff-upscale`: opt-in, never cached, spends credits (asks first on a TTY). */
export default async function upscaleExecutor(
  options: UpscaleExecutorSchema,
  context: ExecutorContext,
  core: UpscaleCore = { runUpscale },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const result = await core.runUpscale({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      assets: globList(options.assets),
      scale: options.scale ?? 2,
      upscaler: options.upscaler,
      confirm: (count) => confirmSpend(`Make ${count} paid upscale(s)?`, options.yes ?? false),
      logger: consoleLogger,
    });
    console.log(
      `Wrote ${result.files.length} upscaled copies with ${result.upscaler} and ${result.records.join(', ')} for v${result.version}.`,
    );
    console.log(`Commit them, then run \`nx run ${context.projectName ?? '<client>'}:handoff\` to package them.`);
  });
}
