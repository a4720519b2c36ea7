import type { ClientConfig } from '../config/client-config';
import { classifyStatus, normalizeStatus } from '../config/job-status';
import {
  firstMatch,
  globMatcher as matcher,
  NEVER_SHIP_GLOBS,
  type PathMatcher as Matcher,
} from '../config/never-ship';
import type { ApprovedSet, AssetFile, Dropped, Inventory, InventoryJob } from '../types';

export { NEVER_SHIP_GLOBS } from '../config/never-ship';

/** Why a job does not ship, or undefined when it is approved. */
function jobDropReason(j: InventoryJob, filter: ClientConfig['filter'], excluded: Matcher): Dropped | undefined {
  const status = normalizeStatus(j.job.status ?? '');
  if (j.unknownStatus) return { kind: 'job', id: j.job.id, reason: 'status', detail: `${status} (unknown)` };
  if (classifyStatus(j.job.status, filter.excludeStatuses) !== 'completed')
    return { kind: 'job', id: j.job.id, reason: 'status', detail: status };
  const tags = new Set(filter.excludeTags.map((t) => t.toLowerCase()));
  const tag = (j.job.tags ?? []).find((t) => tags.has(t.toLowerCase()));
  if (tag) return { kind: 'job', id: j.job.id, reason: 'tag', detail: tag };
  const out = j.outputs.find((o) => excluded(o));
  if (out)
    return {
      kind: 'job',
      id: j.job.id,
      reason: 'excluded-folder',
      detail: firstMatch(filter.excludeGlobs, out) ?? out,
    };
  return undefined;
}

/**
 * Keep what ships: jobs not failed/draft/rejected/WIP and assets outside excluded folders that are
 * not outputs of dropped jobs. Pure: no I/O. Results files keep only their approved jobs.
 */
export function filterApproved(inventory: Inventory, filter: ClientConfig['filter']): ApprovedSet {
  const excluded = matcher(filter.excludeGlobs);
  const neverShip = matcher(NEVER_SHIP_GLOBS);
  const dropped: Dropped[] = [...(inventory.skipped ?? [])];
  const jobs: InventoryJob[] = [];
  for (const j of inventory.jobs) {
    const reason = jobDropReason(j, filter, excluded);
    if (reason) dropped.push(reason);
    else jobs.push(j);
  }
  const approvedOutputs = new Set(jobs.flatMap((j) => j.outputs));
  const droppedOutputs = new Set(inventory.jobs.filter((j) => !jobs.includes(j)).flatMap((j) => j.outputs));
  const assets: AssetFile[] = [];
  for (const a of inventory.assets) {
    if (neverShip(a.rel))
      dropped.push({
        kind: 'asset',
        id: a.rel,
        reason: 'secret-or-system-file',
        detail: firstMatch(NEVER_SHIP_GLOBS, a.rel) ?? a.rel,
      });
    else if (excluded(a.rel))
      dropped.push({
        kind: 'asset',
        id: a.rel,
        reason: 'excluded-folder',
        detail: firstMatch(filter.excludeGlobs, a.rel) ?? a.rel,
      });
    else if (droppedOutputs.has(a.rel) && !approvedOutputs.has(a.rel))
      dropped.push({ kind: 'asset', id: a.rel, reason: 'output-of-dropped-job', detail: a.rel });
    else assets.push(a);
  }
  // By identity: a failed attempt recorded under the same id as its approved retry never ships.
  const approvedJobs = new Set(jobs.map((j) => j.job));
  const results = inventory.results
    .map((r) => ({ ...r, jobs: r.jobs.filter((job) => approvedJobs.has(job)) }))
    .filter((r) => r.jobs.length > 0);
  return { results, jobs, assets, dropped };
}
