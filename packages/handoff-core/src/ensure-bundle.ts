import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import {
  inspectBuiltZip,
  readJsonIfValid,
  writeStamp,
  type BuiltZipInspection,
  type BuiltZipState,
} from './bundle/built-zip';
import { loadClient } from './config/load-client';
import { displayPath } from './config/read-json';
import { isHandoffError } from './errors';
import { LOCK_FILE } from './fs/run-lock';
import { clientPaths, type HandoffPaths } from './paths';
import type { PipelineOptions } from './pipeline';

import { silentLogger, type LoadedClient } from './types';

/**
 * The pipeline, loaded only when a zip must be rebuilt or cold-tested: the `handoff` target's usual
 * run is a stat, and loading every stage (~0.4 s, ~40 MiB) for it was most of its time. In a
 * TypeScript checkout (this repository's tests and e2e workspaces) Nx registers its transpiler only
 * while it loads the executor module, so a `.ts` module cannot be loaded later: there the pipeline
 * loads with this module, as a static import would.
 */
const preloaded: typeof import('./pipeline') | undefined = __filename.endsWith('.ts')
  ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: TypeScript sources only
    require('./pipeline')
  : undefined;
const pipeline = async (): Promise<typeof import('./pipeline')> => preloaded ?? import('./pipeline');

/**
 * The zip is not an Nx output (bundle/built-zip.ts): these make sure dist/ holds the version's zip,
 * verified, whatever the Nx cache restored.
 */

export interface EnsuredBundle {
  client: LoadedClient;
  paths: HandoffPaths;
  /** What was found before anything was done. */
  found: BuiltZipState;
  /** The zip was built again (it was missing, different or unrecorded). */
  rebuilt: boolean;
  /** The rebuilt zip differs from the recorded sha256 (another Node/zlib, or inputs Nx does not see). */
  changed: boolean;
  sha256: string;
}

const WHY: Record<Exclude<BuiltZipState, 'built' | 'matches'>, string> = {
  missing: 'is missing (Nx caches its build record, not the zip)',
  different: 'is not the zip its build record describes',
  unrecorded: 'has no build record or .sha256',
};

/** The current version's paths and what is at its zip path, without changing anything. */
export async function locateBundle(
  opts: Pick<PipelineOptions, 'workspaceRoot' | 'clientRoot'>,
): Promise<{ client: LoadedClient; paths: HandoffPaths; seen: BuiltZipInspection }> {
  const client = await loadClient(opts.workspaceRoot, opts.clientRoot);
  const paths = clientPaths(client);
  return { client, paths, seen: await inspectBuiltZip(paths) };
}

/** Make sure the current version's zip is in dist/: a stat when it is the file built, else a rebuild from the same inputs. */
export async function ensureBundle(opts: PipelineOptions): Promise<EnsuredBundle> {
  const log = opts.logger ?? silentLogger;
  let waiting = false;
  for (;;) {
    const { client, paths, seen } = await locateBundle(opts);
    if ((seen.state === 'built' || seen.state === 'matches') && seen.expected) {
      // Hashed once: stamp it, so the next run is a stat again.
      if (seen.state === 'matches') await writeStamp(paths, seen.expected);
      return { client, paths, found: seen.state, rebuilt: false, changed: false, sha256: seen.expected };
    }
    const shown = displayPath(paths.zipFile, client.workspaceRoot);
    if (!waiting) log.info(`${shown} ${WHY[seen.state as keyof typeof WHY]}: rebuilding it from the same inputs`);
    let result: { sha256: string };
    try {
      ({ result } = await (await pipeline()).runPackage({ ...opts, format: opts.format ?? seen.record?.format }));
    } catch (err) {
      if (!isLocked(err)) throw err;
      // Another run (a second terminal, run-many) is building this version: its zip will do.
      if (!waiting) log.info(`another run is building ${shown}; waiting for it`);
      waiting = true;
      await waitForUnlock(paths.versionDir);
      continue;
    }
    const changed = seen.expected !== undefined && seen.expected !== result.sha256;
    if (changed) {
      const by = seen.record
        ? ` (recorded by Node.js ${seen.record.node ?? '?'} / zlib ${seen.record.zlib ?? '?'}; this is ${process.versions.node} / ${process.versions.zlib ?? '?'})`
        : '';
      log.warn(
        `the rebuilt zip's sha256 ${result.sha256} differs from the recorded ${seen.expected}${by}: it will be cold-tested again`,
      );
    }
    return { client, paths, found: seen.state, rebuilt: true, changed, sha256: result.sha256 };
  }
}

function isLocked(err: unknown): boolean {
  return isHandoffError(err) && err.problems.some((p) => p.code === 'LOCKED');
}

/**
 * Until the version's lock file is gone, or a second has passed (a lock left by a dead process is
 * taken over by the next runPackage, which checks the holder).
 */
async function waitForUnlock(versionDir: string): Promise<void> {
  const file = path.join(versionDir, LOCK_FILE);
  for (
    let waited = 0;
    waited < 1000 &&
    (await fs.stat(file).then(
      () => true,
      () => false,
    ));
    waited += 100
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How strict a cold test is; a report counts only if it was at least this strict. */
export interface ColdTestStrictness {
  all?: boolean;
  requireCli?: boolean;
}

const reportHeadSchema = z.object({
  zipSha256: z.string(),
  ok: z.boolean(),
  options: z.object({ all: z.boolean(), requireCli: z.boolean() }).optional(),
});

/** Does a passing report, at least as strict as `need`, cover exactly the bytes `sha256`? */
async function reportCovers(reportFile: string, sha256: string, need: ColdTestStrictness): Promise<boolean> {
  const head = await readJsonIfValid(reportFile, reportHeadSchema);
  if (!head || !head.ok || head.zipSha256 !== sha256) return false;
  const had = head.options ?? { all: false, requireCli: false };
  return (!need.all || had.all) && (!need.requireCli || had.requireCli);
}

export interface VerifiedBundle extends EnsuredBundle {
  /** A passing cold test covers the zip's bytes. */
  ok: boolean;
  /** The cold test ran here because no passing report covered these exact bytes. */
  coldTested: boolean;
  /** One line for the log. */
  summary: string;
}

/**
 * The end of `nx run <client>:handoff`: the zip is in dist/ and a passing cold-test report beside
 * it, as strict as the handoff-cold-test target's options, covers its exact bytes. The cached
 * report covers a rebuilt zip only when the rebuild reproduced the recorded sha256; otherwise the
 * cold test runs again here, with those options.
 */
export async function ensureVerifiedBundle(
  opts: PipelineOptions & { coldTest?: ColdTestStrictness },
): Promise<VerifiedBundle> {
  const ensured = await ensureBundle(opts);
  const shown = displayPath(ensured.paths.zipFile, ensured.client.workspaceRoot);
  const need = opts.coldTest ?? {};
  if (await reportCovers(ensured.paths.reportFile, ensured.sha256, need)) {
    const how = ensured.rebuilt
      ? 'rebuilt byte-identical to the build record'
      : ensured.found === 'matches'
        ? 'present (hashed: not the file this machine built)'
        : 'present';
    return {
      ...ensured,
      ok: true,
      coldTested: false,
      summary: `${shown}: ${how}, sha256 ${ensured.sha256}, cold test passed`,
    };
  }
  // No logger: the summary carries the check lines once.
  const { report, summary } = await (
    await pipeline()
  ).runColdTest({
    zip: ensured.paths.zipFile,
    all: need.all,
    requireCli: need.requireCli,
    genAi: opts.genAi,
    client: { workspaceRoot: opts.workspaceRoot, clientRoot: opts.clientRoot },
  });
  if (!report.ok) {
    return {
      ...ensured,
      ok: false,
      coldTested: true,
      summary: `${summary}\n${shown}: cold test FAILED; report: ${displayPath(ensured.paths.reportFile, ensured.client.workspaceRoot)}`,
    };
  }
  return {
    ...ensured,
    ok: true,
    coldTested: true,
    summary: `${summary}\n${shown}: sha256 ${ensured.sha256}, cold test passed (run again: no report covered these bytes with these options)`,
  };
}
