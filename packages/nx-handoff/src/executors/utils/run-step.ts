import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { displayPath, formatHandoffError } from '@nx-handoff/core/config';
import type { Logger } from '@nx-handoff/core';

export interface ExecutorResult {
  success: boolean;
}

/** Core progress lines go to the task output as they come. */
export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
};

/** Absolute client folder: the `clientRoot` option (workspace-relative) or the project's root. */
export function resolveClientRoot(context: ExecutorContext, clientRoot?: string): string {
  if (clientRoot) return path.resolve(context.root, clientRoot);
  const project = context.projectName ? context.projectsConfigurations?.projects[context.projectName] : undefined;
  if (!project)
    throw new Error(`nx-handoff: no project configuration for "${context.projectName ?? '(none)'}"; pass --clientRoot`);
  return path.resolve(context.root, project.root);
}

/** Workspace-relative POSIX path for messages. */
export function shown(context: ExecutorContext, file: string): string {
  return displayPath(file, context.root);
}

/**
 * Run one pipeline step: `false` from the step or any error means `{ success: false }`. Errors are
 * printed with formatHandoffError (the problems and their fixes; a stack only for real bugs).
 */
export async function runStep(step: () => Promise<boolean | void>): Promise<ExecutorResult> {
  try {
    return { success: (await step()) !== false };
  } catch (err) {
    console.error(formatHandoffError(err));
    return { success: false };
  }
}
