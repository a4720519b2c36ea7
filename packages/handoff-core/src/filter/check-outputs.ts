import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';
import { displayPath } from '../config/read-json';
import { gitIgnoredPaths } from '../fs/git-ignored';
import type { ApprovedSet, AssetFile, LoadedClient } from '../types';

/** First line of a Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). */
export const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/v1';
/** LFS pointers are small text files; the spec caps them below 1024 bytes. */
const MAX_POINTER_BYTES = 1024;

async function outputProblems(client: LoadedClient, approved: ApprovedSet): Promise<Problem[]> {
  const assets = new Set(approved.assets.map((a) => a.rel));
  const problems: Problem[] = [];
  const show = (rel: string) => displayPath(path.join(client.clientRoot, rel), client.workspaceRoot);
  for (const j of approved.jobs) {
    problems.push(...(j.outputProblems ?? []));
    const resultsShown = show(j.source);
    for (const out of j.outputs) {
      if (assets.has(out)) continue;
      const exists = await fs.stat(path.join(client.clientRoot, out)).then(
        (s) => s.isFile(),
        () => false,
      );
      problems.push(
        exists
          ? {
              code: 'ASSET_MISSING',
              file: resultsShown,
              field: `job ${j.job.id}`,
              message: `output ${show(out)} is outside the deliverables folders (${client.config.deliverables.join(', ')})`,
              hint: 'move the file under a deliverables folder, add its folder to "deliverables" in handoff.json, or tag the job "rejected"',
            }
          : {
              code: 'ASSET_MISSING',
              file: resultsShown,
              field: `job ${j.job.id}`,
              message: `approved job's output ${show(out)} does not exist`,
              hint: 'restore the file, fix the output path in results.json (relative to its folder or to the client folder), or mark the job as failed/rejected so it does not ship',
            },
      );
    }
  }
  return problems;
}

/**
 * A git-ignored deliverable that would ship while Nx, which hashes only files git sees, never
 * notices it change: the cache would serve a stale bundle. Only files that ship are asked about.
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

/** True when the file is a Git LFS pointer instead of the content it stands for. */
export async function isLfsPointer(abs: string, size: number): Promise<boolean> {
  if (size > MAX_POINTER_BYTES || size < LFS_POINTER_PREFIX.length) return false;
  const head = await fs.readFile(abs).then(
    (b) => b.subarray(0, LFS_POINTER_PREFIX.length).toString('latin1'),
    () => '',
  );
  return head === LFS_POINTER_PREFIX;
}

/** Deliverables that are still Git LFS pointers (a checkout without `git lfs pull`): they never ship. */
async function lfsPointerProblems(client: LoadedClient, assets: AssetFile[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const a of assets) {
    if (a.content || !(await isLfsPointer(a.abs, a.size))) continue;
    problems.push({
      code: 'ASSET_MISSING',
      file: displayPath(path.join(client.clientRoot, a.rel), client.workspaceRoot),
      message: 'this deliverable is a Git LFS pointer, not the file itself (the checkout skipped LFS content)',
      hint: 'run `git lfs pull` (in CI: actions/checkout with `lfs: true`), then build again',
    });
  }
  return problems;
}

/**
 * Every problem of the approved set, without throwing: approved jobs' outputs that are missing,
 * misplaced or unresolvable, shipped deliverables ignored by git or left as LFS pointers, and an
 * empty set. Jobs and files that do not ship are never asked about.
 */
export async function approvedSetProblems(client: LoadedClient, approved: ApprovedSet): Promise<Problem[]> {
  const problems = await outputProblems(client, approved);
  problems.push(...(await ignoredAssetProblems(client, approved.assets)));
  problems.push(...(await lfsPointerProblems(client, approved.assets)));
  if (approved.assets.length === 0) {
    problems.push({
      code: 'NO_APPROVED_ASSETS',
      file: displayPath(client.configFile, client.workspaceRoot),
      message: `no approved assets: ${approved.dropped.length} file(s) and job(s) were filtered out and nothing is left to hand off`,
      hint: 'put the approved deliverables under the "deliverables" folder(s), or check "filter" in handoff.json',
    });
  }
  return problems;
}

/** Every approved job's outputs must be approved assets, and something must ship; all reported at once. */
export async function checkApprovedOutputs(client: LoadedClient, approved: ApprovedSet): Promise<void> {
  const problems = await approvedSetProblems(client, approved);
  if (problems.length) throw new HandoffError(problems);
}
