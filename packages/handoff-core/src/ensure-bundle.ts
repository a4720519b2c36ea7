import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { inspectBuiltZip, type BuiltZipState } from './bundle-record';
import { loadClient } from './config/load-client';
import { displayPath } from './config/read-json';
import { handoffPaths, type HandoffPaths } from './paths';
import type { PipelineOptions } from './pipeline';
import { silentLogger, type LoadedClient } from './types';

/**
 * The zip is not an Nx output (bundle-record.ts): these make sure dist/ holds the version's zip,
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

/** The pipeline (zip writer, Handlebars, execa) loads only for a rebuild: the usual run is a stat. */
const loadPipeline = () => import('./pipeline');

const WHY: Record<Exclude<BuiltZipState, 'built' | 'matches'>, string> = {
  missing: 'is missing (Nx caches its build record, not the zip)',
  different: 'is not the zip its build record describes',
  unrecorded: 'has no build record or .sha256',
};

/** Make sure the current version's zip is in dist/: a stat when it is the file built, else a rebuild from the same inputs. */
export async function ensureBundle(opts: PipelineOptions): Promise<EnsuredBundle> {
  const log = opts.logger ?? silentLogger;
  const client = await loadClient(opts.workspaceRoot, opts.clientRoot);
  const paths = handoffPaths(client.workspaceRoot, client.slug, client.config.version, client.config.date);
  const seen = await inspectBuiltZip(paths);
  if ((seen.state === 'built' || seen.state === 'matches') && seen.expected) {
    return { client, paths, found: seen.state, rebuilt: false, changed: false, sha256: seen.expected };
  }
  log.info(`${displayPath(paths.zipFile, client.workspaceRoot)} ${WHY[seen.state as keyof typeof WHY]}: rebuilding it from the same inputs`);
  const { runPackage } = await loadPipeline();
  const { result } = await runPackage({ ...opts, format: opts.format ?? seen.record?.format });
  const changed = seen.expected !== undefined && seen.expected !== result.sha256;
  if (changed) log.warn(`the rebuilt zip's sha256 ${result.sha256} differs from the recorded ${seen.expected} (another Node.js/zlib than the build that was cached?): it will be cold-tested again`);
  return { client, paths, found: seen.state, rebuilt: true, changed, sha256: result.sha256 };
}

const reportHeadSchema = z.object({ zipSha256: z.string(), ok: z.boolean() });

/** sha256 of the zip a passing cold-test report vouches for, if any. */
async function passedReportFor(reportFile: string): Promise<string | undefined> {
  try {
    const head = reportHeadSchema.safeParse(JSON.parse(await fs.readFile(reportFile, 'utf8')));
    return head.success && head.data.ok ? head.data.zipSha256 : undefined;
  } catch {
    return undefined;
  }
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
 * it covers its exact bytes. The report of the cached cold-test target covers a rebuilt zip only
 * when the rebuild reproduced the recorded sha256; otherwise the cold test runs again here.
 */
export async function ensureVerifiedBundle(opts: PipelineOptions): Promise<VerifiedBundle> {
  const ensured = await ensureBundle(opts);
  const shown = displayPath(ensured.paths.zipFile, ensured.client.workspaceRoot);
  if ((await passedReportFor(ensured.paths.reportFile)) === ensured.sha256) {
    const how = ensured.rebuilt ? 'rebuilt byte-identical to the build record' : 'present';
    return { ...ensured, ok: true, coldTested: false, summary: `${shown}: ${how}, sha256 ${ensured.sha256}, cold test passed` };
  }
  const { runColdTest } = await loadPipeline();
  const { report, summary } = await runColdTest({ zip: ensured.paths.zipFile, logger: opts.logger, genAi: opts.genAi, client: { workspaceRoot: opts.workspaceRoot, clientRoot: opts.clientRoot } });
  if (!report.ok) {
    return { ...ensured, ok: false, coldTested: true, summary: `${summary}\n${shown}: cold test FAILED; report: ${displayPath(ensured.paths.reportFile, ensured.client.workspaceRoot)}` };
  }
  return { ...ensured, ok: true, coldTested: true, summary: `${shown}: sha256 ${ensured.sha256}, cold test passed (run again: no report covered these bytes)` };
}
