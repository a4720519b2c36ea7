import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { HandoffError, isHandoffError, type Problem } from '../errors';
import { displayPath, readJsonFile } from '../config/read-json';
import { jobOutputs, resultsSchema } from '../config/results-schema';
import { escapeProblem, realpathInside, resolveInsideRoot, toPosixNfc } from '../fs/safe-path';
import { gitIgnoredPaths } from '../fs/git-ignored';
import type { AssetFile, Inventory, InventoryJob, LoadedClient, ResultsFile } from '../types';

export const RESULTS_FILE = 'results.json';
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/.nx/**'];

/**
 * Every results.json under the client root (any depth) and every file under the configured
 * deliverables folders. Reads metadata only: asset bytes are never loaded here.
 * All bad results.json files and jobs are reported together.
 */
export async function inventoryClient(client: LoadedClient): Promise<Inventory> {
  const rootReal = await fs.realpath(client.clientRoot);
  const problems: Problem[] = [];
  const deliverables = resolveDeliverables(client, problems);
  const results = await readAllResults(client, deliverables, problems);
  const jobs = collectJobs(client, results, problems);
  const assets = await listAssets(client, rootReal, deliverables, problems);
  problems.push(...(await ignoredAssetProblems(client, assets)));
  if (problems.length) throw new HandoffError(problems);
  return { results, jobs, assets };
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
      code: 'CONFIG_INVALID', file: shown, field: `deliverables[${i}]`,
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
    if (d === '' ) return dir === '.' ? 'main' : dir;
    if (dir === d) return path.posix.basename(d);
    if (dir.startsWith(`${d}/`)) return dir.slice(d.length + 1);
  }
  return dir === '.' ? 'main' : dir;
}

async function readAllResults(client: LoadedClient, deliverables: string[], problems: Problem[]): Promise<ResultsFile[]> {
  const files = await glob(`**/${RESULTS_FILE}`, {
    cwd: client.clientRoot, ignore: ALWAYS_IGNORED, dot: false, followSymbolicLinks: true, expandDirectories: false,
  });
  files.sort();
  const rootReal = await fs.realpath(client.clientRoot);
  const out: ResultsFile[] = [];
  for (const f of files) {
    const abs = path.join(client.clientRoot, f);
    try {
      await realpathInside(abs, rootReal, displayPath(abs, client.workspaceRoot));
      const data = await readJsonFile(abs, resultsSchema, {
        displayBase: client.workspaceRoot,
        hint: 'results.json must be {"jobs":[{"id","model","prompt",...}]} as written by the gen-ai CLI',
      });
      const { jobs, ...extra } = data;
      const rel = toPosixNfc(f);
      out.push({ abs, rel, campaign: campaignOf(rel, deliverables), extra, jobs });
    } catch (err) {
      if (!isHandoffError(err)) throw err;
      problems.push(...err.problems);
    }
  }
  return out;
}

function collectJobs(client: LoadedClient, results: ResultsFile[], problems: Problem[]): InventoryJob[] {
  const jobs: InventoryJob[] = [];
  const seen = new Map<string, string>();
  for (const r of results) {
    const shown = displayPath(r.abs, client.workspaceRoot);
    const base = path.posix.dirname(r.rel) === '.' ? '' : path.posix.dirname(r.rel);
    r.jobs.forEach((job, i) => {
      const first = seen.get(job.id);
      if (first) {
        problems.push({
          code: 'SCHEMA_INVALID', file: shown, field: `jobs[${i}].id`,
          message: `job id "${job.id}" is used twice (first in ${first})`,
          hint: 'job ids must be unique across the engagement; rename one of them',
        });
      }
      seen.set(job.id, shown);
      const outputs: string[] = [];
      for (const o of jobOutputs(job)) {
        const res = resolveInsideRoot(base, o);
        if ('error' in res) problems.push(escapeProblem(`job "${job.id}": ${res.error}`, shown, `jobs[${i}].output`));
        else outputs.push(res.rel.normalize('NFC'));
      }
      jobs.push({ job, source: r.rel, campaign: r.campaign, outputs });
    });
  }
  return jobs;
}

async function listAssets(client: LoadedClient, rootReal: string, deliverables: string[], problems: Problem[]): Promise<AssetFile[]> {
  const assets: AssetFile[] = [];
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
      cwd: dirAbs, ignore: ALWAYS_IGNORED, dot: true, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false,
    });
    for (const f of files.sort()) {
      if (path.posix.basename(f) === RESULTS_FILE) continue;
      const abs = path.join(dirAbs, f);
      const rel = toPosixNfc(d ? `${d}/${f}` : f);
      try {
        const real = await realpathInside(abs, rootReal, displayPath(abs, client.workspaceRoot));
        const st = await fs.stat(real);
        if (!st.isFile()) continue;
        assets.push({ abs: real, rel, bundlePath: `assets/${toPosixNfc(f)}`, size: st.size });
      } catch (err) {
        if (isHandoffError(err)) problems.push(...err.problems);
        else problems.push(ioProblem(err, displayPath(abs, client.workspaceRoot)));
      }
    }
  }
  return assets;
}

/**
 * A git-ignored deliverable would ship while Nx, which hashes only files git sees, never notices
 * it change: the cache would serve a stale bundle. Refuse it, naming each file.
 */
async function ignoredAssetProblems(client: LoadedClient, assets: AssetFile[]): Promise<Problem[]> {
  const rels = assets.map((a) => path.relative(client.workspaceRoot, path.join(client.clientRoot, a.rel)));
  const ignored = await gitIgnoredPaths(client.workspaceRoot, rels);
  return [...ignored].sort().map((rel) => ({
    code: 'CONFIG_INVALID' as const,
    file: rel.split(path.sep).join('/'),
    message: 'this deliverable is ignored by git, so Nx cannot see it change and could serve a stale cached bundle',
    hint: 'commit it (use Git LFS for large media), or move it out of the deliverables folders',
  }));
}

export function ioProblem(err: unknown, shown: string): Problem {
  const e = err as NodeJS.ErrnoException;
  return {
    code: 'IO',
    file: shown,
    message: e.code === 'EACCES' ? 'file is not readable (permission denied)' : `cannot read file (${e.code ?? e.message})`,
    hint: e.code === 'EACCES' ? 'fix the file permissions (chmod u+r) or remove it from the deliverables' : 'check that the file exists and is readable',
  };
}
