import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { HandoffError, isHandoffError, type Problem } from '../errors';
import { displayPath } from '../config/read-json';
import { jobOutputRefs } from '../config/results-schema';
import { readResults } from './read-results';
import { classifyStatus } from '../config/job-status';
import { neverShipRule } from '../config/never-ship';
import { escapeProblem, realpathInside, resolveInsideRoot, toPosixNfc } from '../fs/safe-path';
import { FS_CONCURRENCY, mapLimit } from '../fs/map-limit';
import type { AssetFile, Dropped, Inventory, InventoryJob, LoadedClient, ResultsFile } from '../types';
import { formatResolution, resolveOutput, type ResolveContext, type ResolvedHow } from './resolve-outputs';

export const RESULTS_FILE = 'results.json';
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/.nx/**'];

/**
 * Every results.json under the client root (any depth) and every file under the configured
 * deliverables folders. Reads metadata only: asset bytes are never loaded here.
 * All bad results.json files and jobs are reported together.
 */
export async function inventoryClient(client: LoadedClient): Promise<Inventory> {
  const { inventory, problems } = await takeInventory(client);
  if (problems.length) throw new HandoffError(problems);
  return inventory;
}

/**
 * The inventory with every problem found, without throwing: `handoff-check` goes on to the later
 * stages with what could be read. Files that never ship (junk, credentials, excluded folders)
 * are set aside by path before any other check looks at them.
 */
export async function takeInventory(client: LoadedClient): Promise<{ inventory: Inventory; problems: Problem[] }> {
  const rootReal = await fs.realpath(client.clientRoot);
  const problems: Problem[] = [];
  const deliverables = resolveDeliverables(client, problems);
  const results = await readAllResults(client, deliverables, problems);
  const jobs = await collectJobs(client, results, deliverables, problems);
  const { assets, skipped } = await listAssets(client, rootReal, deliverables, problems);
  return { inventory: { results, jobs, assets, skipped }, problems };
}

function resolveDeliverables(client: LoadedClient, problems: Problem[]): string[] {
  const shown = displayPath(client.configFile, client.workspaceRoot);
  const out: string[] = [];
  client.config.deliverables.forEach((d, i) => {
    const r = resolveInsideRoot('', d);
    if ('error' in r) problems.push(escapeProblem(r.error, shown, `deliverables[${i}]`));
    else out.push(r.rel);
  });
  out.forEach((d, i) => {
    const outer = out.find((o, j) => j !== i && (o === '' || d === o || d.startsWith(`${o}/`)) && (d !== o || j < i));
    if (outer === undefined) return;
    problems.push({
      code: 'CONFIG_INVALID',
      file: shown,
      field: `deliverables[${i}]`,
      message: `"${d || '.'}" ${d === outer ? 'is listed twice' : `is inside "${outer || '.'}"`}: its files would ship twice`,
      hint: 'list each deliverables folder once, none inside another',
    });
  });
  return out;
}

/** Campaign name: the results.json folder below its deliverables folder (or the client root). */
export function campaignOf(rel: string, deliverables: string[]): string {
  const dir = path.posix.dirname(rel);
  for (const d of deliverables) {
    if (d === '') return dir === '.' ? 'main' : dir;
    if (dir === d) return path.posix.basename(d);
    if (dir.startsWith(`${d}/`)) return dir.slice(d.length + 1);
  }
  return dir === '.' ? 'main' : dir;
}

async function readAllResults(
  client: LoadedClient,
  deliverables: string[],
  problems: Problem[],
): Promise<ResultsFile[]> {
  const files = await glob(`**/${RESULTS_FILE}`, {
    cwd: client.clientRoot,
    ignore: ALWAYS_IGNORED,
    dot: false,
    followSymbolicLinks: true,
    expandDirectories: false,
  });
  files.sort();
  const rootReal = await fs.realpath(client.clientRoot);
  const neverShip = neverShipRule(client.config.filter.excludeGlobs);
  const out: ResultsFile[] = [];
  for (const f of files) {
    const abs = path.join(client.clientRoot, f);
    try {
      await realpathInside(abs, rootReal, displayPath(abs, client.workspaceRoot));
      const data = await readResults(abs, client.workspaceRoot, client.config.filter);
      const { jobs, ...extra } = data;
      const rel = toPosixNfc(f);
      out.push({ abs, rel, campaign: campaignOf(rel, deliverables), extra, jobs });
    } catch (err) {
      if (!isHandoffError(err)) throw err;
      // A broken record in a drafts/rejected/wip folder never ships: it stops nothing.
      if (!neverShip(toPosixNfc(f))) problems.push(...err.problems);
    }
  }
  return out;
}

function statusProblem(shown: string, i: number, id: string, status: string): Problem {
  return {
    code: 'SCHEMA_INVALID',
    file: shown,
    field: `jobs[${i}].status`,
    message: `job "${id}" has status "${status}", which is neither a finished nor a failed status`,
    hint:
      'write completed/succeeded/success/done for a job that ships, failed/error/cancelled/timeout for one that does not, ' +
      'or add the status to filter.excludeStatuses in handoff.json if jobs with it must not ship',
  };
}

async function collectJobs(
  client: LoadedClient,
  results: ResultsFile[],
  deliverables: string[],
  problems: Problem[],
): Promise<InventoryJob[]> {
  const jobs: InventoryJob[] = [];
  const seen = new Map<string, string>();
  const excludeTags = new Set(client.config.filter.excludeTags.map((t) => t.toLowerCase()));
  const ctx: ResolveContext = {
    clientRoot: client.clientRoot,
    deliverables,
    clientNames: [...new Set([path.basename(client.clientRoot), client.slug])],
  };
  const baseOf = (r: ResultsFile): string => (path.posix.dirname(r.rel) === '.' ? '' : path.posix.dirname(r.rel));
  // Every output reference is looked up on disk first, several at a time (see FS_CONCURRENCY).
  const lookups = new Map<string, [string, string]>();
  for (const r of results)
    for (const job of r.jobs)
      for (const o of jobOutputRefs(job).paths) lookups.set(`${baseOf(r)}\0${o}`, [o, baseOf(r)]);
  const found = await mapLimit([...lookups.values()], FS_CONCURRENCY, ([o, base]) => resolveOutput(o, base, ctx));
  const resolutions = new Map([...lookups.keys()].map((k, i) => [k, found[i]]));
  for (const r of results) {
    const shown = displayPath(r.abs, client.workspaceRoot);
    const base = baseOf(r);
    const counts: Partial<Record<ResolvedHow | 'unresolved', number>> = {};
    for (const [i, job] of r.jobs.entries()) {
      const excludedTag = (job.tags ?? []).some((t) => excludeTags.has(t.toLowerCase()));
      const status = classifyStatus(job.status, client.config.filter.excludeStatuses);
      const unknownStatus = status === undefined && !excludedTag;
      if (unknownStatus) problems.push(statusProblem(shown, i, job.id, job.status ?? ''));
      // A retried job may be recorded again under its id: only jobs that can ship must be unique.
      const canShip = status === 'completed' && !excludedTag;
      const first = canShip ? seen.get(job.id) : undefined;
      if (first) {
        problems.push({
          code: 'SCHEMA_INVALID',
          file: shown,
          field: `jobs[${i}].id`,
          message: `job id "${job.id}" is used twice (first in ${first})`,
          hint: 'job ids must be unique across the engagement; rename one of them',
        });
      }
      if (canShip) seen.set(job.id, shown);
      const outputs: string[] = [];
      const resolvedOutputs: Record<string, string> = {};
      const outputProblems: Problem[] = [];
      const refs = jobOutputRefs(job);
      if (refs.unnamed) {
        outputProblems.push({
          code: 'SCHEMA_INVALID',
          file: shown,
          field: `jobs[${i}].outputs`,
          message: `job "${job.id}": ${refs.unnamed} output object(s) name no file (no "path", "file" or "uri")`,
          hint: 'give each output object a "path" (relative to the results.json folder or the client folder)',
        });
      }
      for (const o of refs.paths) {
        const res = resolutions.get(`${base}\0${o}`)!;
        if ('error' in res) {
          counts.unresolved = (counts.unresolved ?? 0) + 1;
          const p =
            res.kind === 'escape'
              ? escapeProblem(`job "${job.id}": ${res.error}`, shown, `jobs[${i}].output`)
              : {
                  code: 'ASSET_MISSING' as const,
                  file: shown,
                  field: `jobs[${i}].output`,
                  message: `job "${job.id}": ${res.error}`,
                  hint: res.hint,
                };
          outputProblems.push(p);
        } else {
          counts[res.how] = (counts[res.how] ?? 0) + 1;
          outputs.push(res.rel.normalize('NFC'));
          resolvedOutputs[o] = res.rel.normalize('NFC');
        }
      }
      jobs.push({
        job,
        source: r.rel,
        campaign: r.campaign,
        outputs,
        resolvedOutputs,
        ...(outputProblems.length ? { outputProblems } : {}),
        ...(unknownStatus ? { unknownStatus } : {}),
      });
    }
    const line = formatResolution(shown, counts);
    if (line) r.resolution = line;
  }
  return jobs;
}

async function listAssets(
  client: LoadedClient,
  rootReal: string,
  deliverables: string[],
  problems: Problem[],
): Promise<{ assets: AssetFile[]; skipped: Dropped[] }> {
  const assets: AssetFile[] = [];
  const skipped: Dropped[] = [];
  const neverShip = neverShipRule(client.config.filter.excludeGlobs);
  for (const d of deliverables) {
    const dirAbs = path.join(client.clientRoot, d);
    const stat = await fs.stat(dirAbs).catch(() => undefined);
    if (!stat?.isDirectory()) {
      problems.push({
        code: 'ASSET_MISSING',
        file: displayPath(client.configFile, client.workspaceRoot),
        field: 'deliverables',
        message: `deliverables folder "${d}" does not exist in ${displayPath(client.clientRoot, client.workspaceRoot)}`,
        hint: 'create the folder with the approved assets, or fix "deliverables" in handoff.json',
      });
      continue;
    }
    const files = await glob('**/*', {
      // Symlinks are followed so that each one is seen and checked: one leading outside the
      // client folder is an error, never silently skipped.
      cwd: dirAbs,
      ignore: ALWAYS_IGNORED,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: true,
      expandDirectories: false,
    });
    const candidates: Array<{ f: string; abs: string; rel: string }> = [];
    for (const f of files.sort()) {
      if (path.posix.basename(f) === RESULTS_FILE) continue;
      const rel = toPosixNfc(d ? `${d}/${f}` : f);
      const never = neverShip(rel);
      if (never) skipped.push({ kind: 'asset', id: rel, ...never });
      else candidates.push({ f, abs: path.join(dirAbs, f), rel });
    }
    // realpath + stat of each file, several at a time; reported in path order.
    const checked = await mapLimit(candidates, FS_CONCURRENCY, async ({ f, abs, rel }) => {
      try {
        const real = await realpathInside(abs, rootReal, displayPath(abs, client.workspaceRoot));
        const st = await fs.stat(real);
        if (!st.isFile()) return {};
        return { asset: { abs: real, rel, bundlePath: `assets/${toPosixNfc(f)}`, size: st.size } };
      } catch (err) {
        return {
          problems: isHandoffError(err) ? err.problems : [ioProblem(err, displayPath(abs, client.workspaceRoot))],
        };
      }
    });
    for (const c of checked) {
      if (c.asset) assets.push(c.asset);
      if (c.problems) problems.push(...c.problems);
    }
  }
  return { assets, skipped };
}

export function ioProblem(err: unknown, shown: string): Problem {
  const e = err as NodeJS.ErrnoException;
  return {
    code: 'IO',
    file: shown,
    message:
      e.code === 'EACCES' ? 'file is not readable (permission denied)' : `cannot read file (${e.code ?? e.message})`,
    hint:
      e.code === 'EACCES'
        ? 'fix the file permissions (chmod u+r) or remove it from the deliverables'
        : 'check that the file exists and is readable',
  };
}
