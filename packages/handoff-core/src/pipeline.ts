import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadClient } from './config/load-client';
import { displayPath, readJsonFile } from './config/read-json';
import { buildBundlePlan } from './document/build-plan';
import { HandoffError } from './errors';
import { checkApprovedOutputs } from './filter/check-outputs';
import { filterApproved } from './filter/filter';
import { writeFileAtomic } from './fs/atomic';
import { createGenAiClient } from './genai';
import type { GenAiClient } from './genai/types';
import { inventoryClient } from './inventory/inventory';
import { handoffPaths, type HandoffPaths } from './paths';
import { packageBundle } from './package';
import { pinModels } from './pin/pin';
import { pinSetSchema } from './pin/pin-set-schema';
import { loadRegistry } from './pin/registry';
import { stripInternal } from './strip/strip';
import { findPromptTerms } from './strip/terms';
import { silentLogger, type BundleFormat, type LoadedClient, type Logger, type PackageResult, type PinSet, type StrippedSet } from './types';

export interface PipelineOptions {
  workspaceRoot: string;
  /** The client folder (absolute, or relative to the workspace root). */
  clientRoot: string;
  logger?: Logger;
  /** The gen-ai CLI client; defaults to `gen-ai` on PATH (used only when available). */
  genAi?: GenAiClient;
  /** Overrides `format` in handoff.json. */
  format?: BundleFormat;
}

/** inventory -> filter -> strip: the approved, white-labelled set. */
export async function prepareClient(opts: PipelineOptions): Promise<{ client: LoadedClient; set: StrippedSet }> {
  const log = opts.logger ?? silentLogger;
  const client = await loadClient(opts.workspaceRoot, opts.clientRoot);
  const inventory = await inventoryClient(client);
  const approved = filterApproved(inventory, client.config.filter);
  await checkApprovedOutputs(client, approved);
  const hits = findPromptTerms(approved.jobs, client.config.strip.terms);
  if (hits.length) {
    throw new HandoffError(hits.map((h) => ({
      code: 'CONFIG_INVALID' as const,
      file: displayPath(path.join(client.clientRoot, h.source), client.workspaceRoot),
      field: `job ${h.jobId}`,
      message: `prompt contains denylisted term(s): ${h.terms.map((t) => `"${t}"`).join(', ')}`,
      hint: 'a prompt is never edited silently: exclude the job (tag it "rejected") or remove the term from strip.terms if it may ship',
    })));
  }
  const set = stripInternal(approved, client.config.strip);
  log.info(`${client.slug}: ${inventory.jobs.length} jobs, ${inventory.assets.length} files found; ` +
    `${set.jobs.length} jobs and ${set.assets.length} assets approved, ${set.dropped.length} dropped`);
  return { client, set };
}

function pathsOf(client: LoadedClient): HandoffPaths {
  return handoffPaths(client.workspaceRoot, client.slug, client.config.version, client.config.date);
}

/** Pin every model of the approved jobs and write the version's pin lock file. */
export async function runPin(opts: PipelineOptions): Promise<{ client: LoadedClient; pins: PinSet; pinsFile: string }> {
  const { client, set } = await prepareClient(opts);
  const { registry } = await loadRegistry(client.workspaceRoot);
  const pins = await pinModels(set.jobs, { registry, date: client.config.date, genAi: opts.genAi ?? createGenAiClient() });
  const { pinsFile } = pathsOf(client);
  await writeFileAtomic(pinsFile, `${JSON.stringify(pins, null, 2)}\n`);
  (opts.logger ?? silentLogger).info(`${client.slug}: pinned ${pins.models.map((m) => m.id).join(', ')}`);
  return { client, pins, pinsFile };
}

async function readRecordedPins(file: string, workspaceRoot: string): Promise<PinSet | undefined> {
  if (!(await fs.stat(file).then(() => true, () => false))) return undefined;
  return readJsonFile(file, pinSetSchema, { displayBase: workspaceRoot, hint: 're-run the handoff-pin target' });
}

/** Document and package the bundle: `dist/handoff/<slug>/handoff-v<N>/<zip>` plus `<zip>.sha256`. */
export async function runPackage(opts: PipelineOptions): Promise<{ client: LoadedClient; paths: HandoffPaths; result: PackageResult }> {
  const log = opts.logger ?? silentLogger;
  const { client, set } = await prepareClient(opts);
  const paths = pathsOf(client);
  const recorded = await readRecordedPins(paths.pinsFile, client.workspaceRoot);
  const { registry } = await loadRegistry(client.workspaceRoot);
  const pins = await pinModels(set.jobs, { registry, date: client.config.date, recorded: recorded?.models, genAi: opts.genAi ?? createGenAiClient() });
  const { plan } = await buildBundlePlan(client, set, pins, opts.format ?? client.config.format);
  const result = await packageBundle(plan, paths.versionDir, { logger: log });
  log.info(`${client.slug}: wrote ${displayPath(result.zipPath, client.workspaceRoot)} (${result.fileCount} files, ${result.size} bytes, sha256 ${result.sha256})`);
  return { client, paths, result };
}
