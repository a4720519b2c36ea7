import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';
import { displayPath } from '../config/read-json';
import type { ApprovedSet, LoadedClient } from '../types';

/**
 * Every approved job's outputs must be approved assets, and something must ship.
 * Reports every missing or misplaced output at once.
 */
export async function checkApprovedOutputs(client: LoadedClient, approved: ApprovedSet): Promise<void> {
  const assets = new Set(approved.assets.map((a) => a.rel));
  const problems: Problem[] = [];
  const show = (rel: string) => displayPath(path.join(client.clientRoot, rel), client.workspaceRoot);
  for (const j of approved.jobs) {
    const resultsShown = show(j.source);
    for (const out of j.outputs) {
      if (assets.has(out)) continue;
      const exists = await fs.stat(path.join(client.clientRoot, out)).then((s) => s.isFile(), () => false);
      problems.push(exists
        ? {
            code: 'ASSET_MISSING', file: resultsShown, field: `job ${j.job.id}`,
            message: `output ${show(out)} is outside the deliverables folders (${client.config.deliverables.join(', ')})`,
            hint: 'move the file under a deliverables folder, add its folder to "deliverables" in handoff.json, or tag the job "rejected"',
          }
        : {
            code: 'ASSET_MISSING', file: resultsShown, field: `job ${j.job.id}`,
            message: `approved job's output ${show(out)} does not exist`,
            hint: 'restore the file, fix the output path in results.json, or mark the job as rejected/draft so it does not ship',
          });
    }
  }
  if (problems.length) throw new HandoffError(problems);
  if (approved.assets.length === 0) {
    throw new HandoffError({
      code: 'NO_APPROVED_ASSETS',
      file: displayPath(client.configFile, client.workspaceRoot),
      message: `no approved assets: ${approved.dropped.length} file(s) and job(s) were filtered out and nothing is left to hand off`,
      hint: 'put the approved deliverables under the "deliverables" folder(s), or check "filter" in handoff.json',
    });
  }
}
