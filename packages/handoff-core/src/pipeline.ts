import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkAssetLock, lockedFileHashes } from './assets-lock';
import { loadClient } from './config/load-client';
import { displayPath } from './config/read-json';
import { checkApprovedOutputs } from './filter/check-outputs';
import { filterApproved } from './filter/filter';
import { withVersionLock } from './fs/run-lock';
import { createGenAiClient, scrubbedEnv } from './genai';
import type { GenAiClient } from './genai/types';
import { inventoryClient } from './inventory/inventory';
import { clientPaths, coldTestReportPath, type HandoffPaths } from './paths';
import { coldTestBundle, formatColdTestSummary, writeColdTestReport } from './verify';
import { pinVersion, readPinLock, writePinLock } from './pin/pin-version';
import { documentVersion } from './document/document-version';
import { packageVersion } from './package/package-version';
import { whiteLabelGateFor } from './strip/image-policy';
import { stripApprovedSet } from './strip/strip-set';
import { writeBuildRecord } from './bundle/built-zip';
import * as os from 'node:os';
import {
  silentLogger,
  type BuiltZip,
  type BundleFormat,
  type ColdTestReport,
  type LoadedClient,
  type Logger,
  type PackageResult,
  type PinSet,
  type StrippedSet,
} from './types';

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
  const set = await stripApprovedSet(client, approved);
  log.info(
    `${client.slug}: ${inventory.jobs.length} jobs, ${inventory.assets.length} files found; ` +
      `${set.jobs.length} jobs and ${set.assets.length} assets approved, ${set.dropped.length} dropped`,
  );
  return { client, set };
}

/** Pin every model of the approved jobs and write the version's pin lock file. */
export async function runPin(opts: PipelineOptions): Promise<{ client: LoadedClient; pins: PinSet; pinsFile: string }> {
  const { client, set } = await prepareClient(opts);
  const { pins } = await pinVersion(client, set, { genAi: opts.genAi });
  const { pinsFile, versionDir } = clientPaths(client);
  await withVersionLock(versionDir, versionLabel(client), () => writePinLock(pinsFile, pins));
  (opts.logger ?? silentLogger).info(`${client.slug}: pinned ${pins.models.map((m) => m.id).join(', ')}`);
  return { client, pins, pinsFile };
}

/**
 * inventory -> filter -> strip -> pin -> document -> package: `dist/handoff/<slug>/handoff-v<N>/<zip>`
 * plus `<zip>.sha256` and the build record `<zip>.build.json` (the BuiltZip).
 */
export async function runPackage(
  opts: PipelineOptions,
): Promise<{ client: LoadedClient; paths: HandoffPaths; result: PackageResult; built: BuiltZip }> {
  const log = opts.logger ?? silentLogger;
  const { client, set } = await prepareClient(opts);
  // Nx hashes the asset lock, not the media: a stale lock would make a stale cache hit.
  const lock = await checkAssetLock(client.clientRoot, { workspaceRoot: client.workspaceRoot });
  const known = lock && lockedFileHashes(await fs.realpath(client.clientRoot), lock);
  const paths = clientPaths(client);
  const locked = await readPinLock(paths.pinsFile, client.workspaceRoot);
  const { pins, history } = await pinVersion(client, set, { genAi: opts.genAi, locked });
  const { plan, notes } = await documentVersion(client, set, pins, opts.format ?? client.config.format, history, known);
  const { result, built } = await withVersionLock(paths.versionDir, versionLabel(client), async () => {
    const packaged = await packageVersion(client, plan, paths.versionDir, history, { logger: log });
    return { result: packaged, built: await writeBuildRecord(paths, { ...packaged, format: plan.format, notes }) };
  });
  log.info(
    `${client.slug}: wrote ${displayPath(result.zipPath, client.workspaceRoot)} (${result.fileCount} files, ${result.size} bytes, sha256 ${result.sha256})`,
  );
  return { client, paths, result, built };
}

function versionLabel(client: LoadedClient): string {
  return `${client.slug} v${client.config.version}`;
}

export interface ColdTestRunOptions {
  /** The bundle zip to verify: any bundle, not only one built here. */
  zip: string;
  /** Where the JSON report goes; default `<zip>.cold-test.json`. */
  reportFile?: string;
  /** Dry-run every job instead of the first. */
  all?: boolean;
  /** Fail when the gen-ai CLI is not on PATH instead of checking the payload offline. */
  requireCli?: boolean;
  logger?: Logger;
  /** Test hook: the gen-ai client (or a factory given the extracted bundle folder). */
  genAi?: GenAiClient | ((bundleRoot: string) => GenAiClient);
  /** The client whose strip rules the leak gate applies; default: built-in tag prefixes only. */
  client?: { workspaceRoot: string; clientRoot: string };
}

/**
 * Cold-test a bundle zip: extract into a fresh temp dir and check it as the receiving team would.
 * gen-ai runs with HOME set to an empty temp dir, no credentials in its environment and its cwd
 * in the extracted bundle. Writes the JSON report beside the zip.
 */
export async function runColdTest(
  opts: ColdTestRunOptions,
): Promise<{ report: ColdTestReport; reportFile: string; summary: string }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-cold-home-'));
  try {
    const env = scrubbedEnv(process.env, home);
    const genAi = opts.genAi ?? ((bundleRoot: string) => createGenAiClient({ env, extendEnv: false, cwd: bundleRoot }));
    const whiteLabel = opts.client
      ? whiteLabelGateFor((await loadClient(opts.client.workspaceRoot, opts.client.clientRoot)).config)
      : undefined;
    const report = await coldTestBundle({
      zip: opts.zip,
      all: opts.all,
      requireCli: opts.requireCli,
      genAi,
      logger: opts.logger,
      whiteLabel,
    });
    const reportFile = opts.reportFile ?? coldTestReportPath(path.resolve(opts.zip));
    await writeColdTestReport(report, reportFile);
    return { report, reportFile, summary: formatColdTestSummary(report) };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
