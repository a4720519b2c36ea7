import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promptLibrarySchema, type PromptLibrary } from '../config/bundle-schemas';
import { displayPath } from '../config/read-json';
import { buildBundlePlan, planAssetFiles } from '../document/build-plan';
import { buildPromptLibrary } from '../document/prompt-library';
import { HandoffError } from '../errors';
import { packageBundle } from '../package';
import type {
  BundleFormat,
  BundlePlan,
  ClientConfig,
  LoadedClient,
  Logger,
  ModelPin,
  PackageResult,
  PinSet,
  StrippedSet,
} from '../types';
import { changelogEntries, changeLines, initialLines } from './changes';
import { overrideNotes } from '../strip/strip';
import { readLedger } from './ledger-file';
import { findLedgerVersion, previousLedgerVersion, type Ledger, type LedgerVersion } from './ledger-schema';
import { hashPlanAssets, promptDigests, toLedgerPins } from './snapshot';

/** What the ledger says about the version being built. */
export interface VersionHistory {
  ledgerFile: string;
  ledger: Ledger;
  /** This version's record, when it was already delivered: the rebuild must reproduce it. */
  delivered?: LedgerVersion;
  /** The newest version delivered before this one: what this one is compared with. */
  base?: LedgerVersion;
}

export async function loadVersionHistory(client: LoadedClient): Promise<VersionHistory> {
  const { file, ledger } = await readLedger(client.clientRoot, client.slug, client.workspaceRoot);
  const { version } = client.config;
  return {
    ledgerFile: file,
    ledger,
    delivered: findLedgerVersion(ledger, version),
    base: previousLedgerVersion(ledger, version),
  };
}

/**
 * Pins pinModels takes as recorded: a delivered version's own pins (as they were, so the rebuild
 * is byte-identical), else the last delivered version's pins carried over with source "ledger",
 * except the models `repin` names (all of them for `repin: true`).
 */
export function ledgerPins(history: VersionHistory, config: Pick<ClientConfig, 'repin'>): ModelPin[] {
  if (history.delivered) return history.delivered.pins.map((p) => ({ ...p, requested: [...p.requested] }));
  if (!history.base || config.repin === true) return [];
  const repin = new Set(Array.isArray(config.repin) ? config.repin : []);
  return history.base.pins
    .filter((p) => !repin.has(p.id) && !repin.has(p.name) && !p.requested.some((r) => repin.has(r)))
    .map((p) => ({ ...p, requested: [...p.requested], source: 'ledger' as const }));
}

/** Notes of this version's CHANGELOG entry: edited prompts (strip.promptOverrides), then handoff.json "changelog". */
export function versionNotes(config: Pick<ClientConfig, 'changelog'>, set: StrippedSet): string[] {
  return [...overrideNotes(set), ...config.changelog];
}

/**
 * The bundle plan with the ledger-based CHANGELOG: this version compared with the last delivered
 * one (assets by the sha256 of the bytes that ship, prompts, pins), then every delivered version
 * as recorded. Only entries of earlier versions are read, so recording this version's delivery
 * never changes its own bytes.
 */
export async function planVersion(
  client: LoadedClient,
  set: StrippedSet,
  pins: PinSet,
  format: BundleFormat,
  history: VersionHistory,
): Promise<{ plan: BundlePlan; library: PromptLibrary }> {
  const notes = versionNotes(client.config, set);
  let lines: string[];
  if (history.base) {
    // The CHANGELOG compares the shipped bytes of the assets and the prompts with the base version.
    const library = promptLibrarySchema.parse(buildPromptLibrary(set, pins));
    const checksums = await hashPlanAssets(planAssetFiles(client, set));
    lines = changeLines(
      history.base,
      { checksums, prompts: promptDigests(library.jobs), pins: toLedgerPins(pins.models) },
      notes,
    );
  } else {
    lines = initialLines({ assets: set.assets.length, prompts: set.jobs.length, models: pins.models.length }, notes);
  }
  const { version, date } = client.config;
  return buildBundlePlan(client, set, pins, format, changelogEntries(history.ledger, version, date, lines));
}

function versionExists(
  client: LoadedClient,
  history: VersionHistory,
  delivered: LedgerVersion,
  sha256: string,
): HandoffError {
  return new HandoffError({
    code: 'VERSION_EXISTS',
    file: displayPath(history.ledgerFile, client.workspaceRoot),
    field: `v${delivered.version}`,
    message: `v${delivered.version} was delivered as ${delivered.zip} (sha256 ${delivered.sha256}) and this build gives sha256 ${sha256}: its inputs changed since, or this machine's Node.js ${process.versions.node} / zlib ${process.versions.zlib ?? '?'} compresses differently from the one that built it. The delivered zip was left as it was`,
    hint: `a delivered version is immutable: start the next version with \`nx g nx-handoff:handoff-bump ${client.slug}\`, or revert the change (or build on the Node.js version that built v${delivered.version}) to rebuild it as delivered`,
  });
}

/**
 * packageBundle guarded by the ledger: a delivered version is packaged into a staging folder and
 * moved into place only when it reproduces the recorded sha256, so the zip at the final path
 * stays the delivered one; a different digest fails with VERSION_EXISTS.
 */
export async function packageVersion(
  client: LoadedClient,
  plan: BundlePlan,
  versionDir: string,
  history: VersionHistory,
  opts: { logger?: Logger } = {},
): Promise<PackageResult> {
  const { delivered } = history;
  if (!delivered) return packageBundle(plan, versionDir, opts);
  await fs.mkdir(versionDir, { recursive: true });
  const staging = await fs.mkdtemp(path.join(versionDir, '.staging-'));
  const finalZip = path.join(versionDir, plan.zipName);
  const log = opts.logger;
  const relay = log && {
    info: (m: string) => log.info(m.split(path.join(staging, plan.zipName)).join(finalZip)),
    warn: (m: string) => log.warn(m),
  };
  try {
    const result = await packageBundle(plan, staging, { logger: relay });
    if (result.sha256 !== delivered.sha256 || plan.zipName !== delivered.zip)
      throw versionExists(client, history, delivered, result.sha256);
    await fs.rename(result.zipPath, finalZip);
    await fs.rename(`${result.zipPath}.sha256`, `${finalZip}.sha256`);
    log?.info(
      `${client.slug}: v${delivered.version} reproduces the delivered sha256 recorded in ${displayPath(history.ledgerFile, client.workspaceRoot)}`,
    );
    return { ...result, zipPath: finalZip };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
