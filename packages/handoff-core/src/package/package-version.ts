import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../config/read-json';
import { HandoffError } from '../errors';
import { renameIntoPlace } from '../fs/atomic';
import type { VersionHistory } from '../ledger/version-history';
import type { LedgerVersion } from '../ledger/ledger-schema';
import type { BundlePlan, LoadedClient, Logger, PackageResult } from '../types';
import { packageBundle } from './package-bundle';

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
    await renameIntoPlace(result.zipPath, finalZip);
    await fs.rename(`${result.zipPath}.sha256`, `${finalZip}.sha256`);
    log?.info(
      `${client.slug}: v${delivered.version} reproduces the delivered sha256 recorded in ${displayPath(history.ledgerFile, client.workspaceRoot)}`,
    );
    return { ...result, zipPath: finalZip };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
