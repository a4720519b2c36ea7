import type { ExecutorContext } from '@nx/devkit';
import { ensureVerifiedBundle } from '@nx-handoff/core/ensure';
import { formatHandoffError } from '@nx-handoff/core/config';
import type { Logger } from '@nx-handoff/core';
import { consoleLogger, resolveClientRoot, type ExecutorResult } from '../utils/run-step';
import type { EnsureExecutorSchema } from './schema';

export interface EnsureCore {
  ensureVerifiedBundle: typeof ensureVerifiedBundle;
}

/** What ensuring one client gave: success, and its summary or error for stdout or stderr. */
export interface EnsureOutcome {
  success: boolean;
  /** Progress lines (a rebuild's) then the summary: stdout. */
  out: string[];
  /** The failure's summary or formatted problems: stderr. */
  err: string[];
}

/**
 * Ensure one client's bundle (shared by the executor and its batch form, ./batch.ts). `log` gets
 * the progress lines as they come; the outcome holds the summary and any error.
 */
export async function ensureClient(
  options: EnsureExecutorSchema,
  context: ExecutorContext,
  core: EnsureCore,
  log: Logger,
): Promise<EnsureOutcome> {
  try {
    // A report counts only if it is at least as strict as this target's own options.
    const result = await core.ensureVerifiedBundle({
      workspaceRoot: context.root,
      clientRoot: resolveClientRoot(context, options.clientRoot),
      logger: log,
      coldTest: { all: options.all === true, requireCli: options.requireCli === true },
    });
    return result.ok
      ? { success: true, out: [result.summary], err: [] }
      : { success: false, out: [], err: [`nx-handoff: ${result.summary}`] };
  } catch (err) {
    return { success: false, out: [], err: [formatHandoffError(err)] };
  }
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
  const outcome = await ensureClient(options, context, core, consoleLogger);
  for (const line of outcome.out) console.log(line);
  for (const line of outcome.err) console.error(line);
  return { success: outcome.success };
}
