import * as path from 'node:path';
import { loadClient } from '../config/load-client';
import { collectProblems, type Problem } from '../errors';
import { approvedSetProblems } from '../filter/check-outputs';
import { filterApproved } from '../filter/filter';
import { createGenAiClient } from '../genai';
import type { GenAiClient } from '../genai/types';
import { takeInventory } from '../inventory/inventory';
import { pinVersion } from '../pin/pin-version';
import { stripApprovedSet } from '../strip/strip-set';
import type { LoadedClient, StrippedSet } from '../types';
import { placeholderFindings } from './placeholders';
import { shippedFileProblems } from './shipped-files';

export interface CheckOptions {
  workspaceRoot: string;
  /** The client folder (absolute, or relative to the workspace root). */
  clientRoot: string;
  /** The gen-ai CLI client for pinning; defaults to `gen-ai` on PATH (used only when available). */
  genAi?: GenAiClient;
}

export interface CheckReport {
  ok: boolean;
  /** The client slug, when handoff.json could be read. */
  slug?: string;
  /** Every problem of every stage, each naming its file and its fix. */
  problems: Problem[];
  /** What the check found besides problems: how outputs were resolved, what was dropped. */
  notes: string[];
}

async function pinStage(
  client: LoadedClient,
  set: StrippedSet,
  genAi: GenAiClient,
  problems: Problem[],
): Promise<void> {
  await collectProblems(problems, async () => {
    await pinVersion(client, set, { genAi });
  });
}

/**
 * `handoff-check`: inventory, filter, strip, the denylist and credential scans, the leak gate's
 * rules on the files that would ship, names every platform can extract, and pinning, in one pass
 * that writes nothing. Every problem of every stage comes back together.
 */
export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const problems: Problem[] = [];
  const client = await collectProblems(problems, () => loadClient(opts.workspaceRoot, opts.clientRoot));
  if (!client)
    return { ok: false, slug: path.basename(path.resolve(opts.workspaceRoot, opts.clientRoot)), problems, notes: [] };
  const { inventory, problems: found } = await takeInventory(client);
  problems.push(...found);
  const notes = inventory.results.map((r) => r.resolution).filter((n): n is string => n !== undefined);
  const placeholders = await placeholderFindings(client);
  problems.push(...placeholders.problems);
  notes.push(...placeholders.notes);
  const approved = filterApproved(inventory, client.config.filter);
  problems.push(...(await approvedSetProblems(client, approved)));
  const set = await stripApprovedSet(client, approved, problems);
  problems.push(...(await shippedFileProblems(client, set)));
  await pinStage(client, set, opts.genAi ?? createGenAiClient(), problems);
  notes.push(
    `${client.slug}: ${inventory.jobs.length} jobs, ${inventory.assets.length + (inventory.skipped?.length ?? 0)} files found; ` +
      `${set.jobs.length} jobs and ${set.assets.length} assets would ship, ${set.dropped.length} dropped`,
  );
  return { ok: problems.length === 0, slug: client.slug, problems: dedupe(problems), notes };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.code, p.file, p.line, p.field, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
