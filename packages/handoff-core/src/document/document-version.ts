import { promptLibrarySchema, type PromptLibrary } from '../config/bundle-schemas';
import { changelogEntries, changeLines, initialLines } from '../ledger/changes';
import { promptDigests, toLedgerPins } from '../ledger/snapshot';
import type { VersionHistory } from '../ledger/version-history';
import { overrideNotes } from '../strip/strip';
import type { BundleFormat, BundlePlan, ClientConfig, LoadedClient, PinSet, StrippedSet } from '../types';
import { buildBundlePlan, planAssetFiles } from './build-plan';
import { hashPlanAssets, type KnownHashes } from './hash-plan-assets';
import { buildPromptLibrary } from './prompt-library';

/** Notes of this version's CHANGELOG entry: edited prompts (strip.promptOverrides), then handoff.json "changelog". */
export function versionNotes(config: Pick<ClientConfig, 'changelog'>, set: StrippedSet): string[] {
  return [...overrideNotes(set), ...config.changelog];
}

/**
 * The bundle plan with the ledger-based CHANGELOG: this version compared with the last delivered
 * one (assets by the sha256 of the bytes that ship, prompts, pins), then every delivered version
 * as recorded. Only entries of earlier versions are read, so recording this version's delivery
 * never changes its own bytes. `known`: sha256s of media already checked (the asset lock), so
 * the files shipped as they are are not read again for that comparison.
 */
export async function documentVersion(
  client: LoadedClient,
  set: StrippedSet,
  pins: PinSet,
  format: BundleFormat,
  history: VersionHistory,
  known?: KnownHashes,
): Promise<{ plan: BundlePlan; library: PromptLibrary; notes: string[] }> {
  const notes = versionNotes(client.config, set);
  let lines: string[];
  if (history.base) {
    // The CHANGELOG compares the shipped bytes of the assets and the prompts with the base version.
    const library = promptLibrarySchema.parse(buildPromptLibrary(set, pins));
    const checksums = await hashPlanAssets(planAssetFiles(client, set), known);
    lines = changeLines(
      history.base,
      { checksums, prompts: promptDigests(library.jobs), pins: toLedgerPins(pins.models) },
      notes,
    );
  } else {
    lines = initialLines({ assets: set.assets.length, prompts: set.jobs.length, models: pins.models.length }, notes);
  }
  const { version, date } = client.config;
  const built = await buildBundlePlan(
    client,
    set,
    pins,
    format,
    changelogEntries(history.ledger, version, date, lines),
  );
  return { ...built, notes };
}
