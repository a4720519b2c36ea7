import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { ensureBundle, HandoffError, locateBundle, runColdTest } from '@nx-handoff/core';
import { consoleLogger, resolveClientRoot, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { ColdTestExecutorSchema } from './schema';

export interface ColdTestCore {
  ensureBundle: typeof ensureBundle;
  locateBundle: typeof locateBundle;
  runColdTest: typeof runColdTest;
}

/**
 * The zip to check: --zip (workspace-relative or absolute), else the client's current version.
 * The cached handoff-cold-test target first rebuilds that zip when the Nx cache restored only its
 * build record (a cache hit of handoff-package). handoff-verify checks the file as it is.
 */
export async function resolveZip(options: ColdTestExecutorSchema, context: ExecutorContext, core: Pick<ColdTestCore, 'ensureBundle' | 'locateBundle'>): Promise<string> {
  if (options.zip) return path.resolve(context.root, options.zip);
  const where = { workspaceRoot: context.root, clientRoot: resolveClientRoot(context, options.clientRoot) };
  if (context.target?.cache) return (await core.ensureBundle({ ...where, logger: consoleLogger })).paths.zipFile;
  const { client, paths, seen } = await core.locateBundle(where);
  if (seen.state === 'missing') {
    throw new HandoffError({
      code: 'ASSET_MISSING', file: shown(context, paths.zipFile), message: `v${client.config.version} is not in dist/ (the Nx cache keeps its build record, not the zip)`,
      hint: `build it with \`nx run ${client.slug}:handoff\`, or check another bundle with --zip=<path>`,
    });
  }
  if (seen.state === 'different') console.warn(`nx-handoff: ${shown(context, paths.zipFile)} is not the zip its build record describes (sha256 ${seen.expected}); checking it as it is`);
  return paths.zipFile;
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * A cached target records the report as a workspace output: Nx cannot store one outside the
 * workspace. The uncached handoff-verify target checks any path.
 */
function assertCacheableZip(zip: string, context: ExecutorContext): void {
  if (!context.target?.cache || isInside(zip, context.root)) return;
  throw new HandoffError({
    code: 'IO',
    file: zip,
    message: `the cached ${context.targetName ?? 'cold-test'} target only checks bundles inside the workspace (its report is a cached output)`,
    hint: `run \`nx run ${context.projectName ?? '<client>'}:handoff-verify --zip=${zip}\` (never cached), or copy the zip into the workspace`,
  });
}

export default async function coldTestExecutor(options: ColdTestExecutorSchema, context: ExecutorContext, core: ColdTestCore = { ensureBundle, locateBundle, runColdTest }): Promise<ExecutorResult> {
  return runStep(async () => {
    const zip = await resolveZip(options, context, core);
    assertCacheableZip(zip, context);
    const { report, reportFile, summary } = await core.runColdTest({
      // No logger: core logs the same check lines as the summary printed below.
      zip, all: options.all ?? false, requireCli: options.requireCli ?? false,
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
  });
}
