import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readBuildRecord, readShaFile, type BuiltZip } from '../bundle/built-zip';
import { loadClient } from '../config/load-client';
import { displayPath } from '../config/read-json';
import { addDays } from '../document/template-context';
import { formatProblem, HandoffError, isHandoffError, type Problem } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { versionLines } from '../ledger/changes';
import { readLedger, recordDeliveries, writeLedger } from '../ledger/ledger-file';
import { findLedgerVersion, previousLedgerVersion, type LedgerVersion } from '../ledger/ledger-schema';
import { readZipContents, type ZipContents } from './read-built-zip';
import { clientPaths, topFolderName } from '../paths';
import { silentLogger, type LoadedClient, type Logger } from '../types';
import { renderBrief } from './brief';
import { destinationName, type Destination } from '../config/deliver-schema';
import {
  sameLocation,
  type DeliverContext,
  type DeliveryPayload,
  type DeliveryReceipt,
  type DestinationDriver,
} from './destination';
import { folderDriver } from './folder-destination';
import { redactSecrets } from './redact';
import { s3Driver } from './s3-destination';
import { sftpDriver } from './sftp-destination';

export interface DeliverOptions {
  workspaceRoot: string;
  /** The client folder (absolute, or relative to the workspace root). */
  clientRoot: string;
  /** Deliver only to these destination names (default: every configured destination). */
  only?: string[];
  /** Deliver again where the ledger already records this version, and replace a different file there. */
  force?: boolean;
  logger?: Logger;
  /** Where credentials are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Test hook: build the driver of a destination. */
  createDriver?: (dest: Destination, workspaceRoot: string) => DestinationDriver;
}

export type DeliveryStatus = 'delivered' | 'already-delivered' | 'failed';

export interface DestinationOutcome {
  name: string;
  status: DeliveryStatus;
  receipt?: DeliveryReceipt;
  problem?: Problem;
}

export interface DeliverResult {
  version: number;
  zipPath: string;
  sha256: string;
  ledgerFile: string;
  /** Whether the ledger was written (something new was delivered). */
  ledgerUpdated: boolean;
  briefFile?: string;
  brief?: string;
  outcomes: DestinationOutcome[];
  ok: boolean;
}

export function createDriver(dest: Destination, workspaceRoot: string): DestinationDriver {
  if (dest.type === 'folder') return folderDriver(dest, workspaceRoot);
  if (dest.type === 's3') return s3Driver(dest);
  return sftpDriver(dest);
}

function selectDestinations(client: LoadedClient, only: string[] | undefined): Destination[] {
  const all = client.config.deliver?.destinations ?? [];
  const file = displayPath(client.configFile, client.workspaceRoot);
  if (all.length === 0) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      file,
      field: 'deliver.destinations',
      message: 'no delivery destination is configured',
      hint: 'add {"deliver": {"destinations": [{"type": "folder", "path": "..."}]}} (or an "s3" / "sftp" destination) to handoff.json',
    });
  }
  if (!only?.length) return all;
  const unknown = only.filter((n) => !all.some((d) => destinationName(d) === n));
  if (unknown.length) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      file,
      field: 'deliver.destinations',
      message: `no destination named ${unknown.map((n) => `"${n}"`).join(', ')}`,
      hint: `use one of: ${all.map(destinationName).join(', ')}`,
    });
  }
  return all.filter((d) => only.includes(destinationName(d)));
}

/** The built zip, checked against its .sha256 and read back for the ledger. */
async function readBuiltZip(client: LoadedClient): Promise<{ payload: DeliveryPayload; record: ZipContents }> {
  const { zipFile, zipShaFile } = clientPaths(client);
  const shown = displayPath(zipFile, client.workspaceRoot);
  const build = `build and cold-test it first: nx run ${client.slug}:handoff (handoff-deliver depends on it)`;
  if (
    !(await fs.stat(zipFile).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new HandoffError({
      code: 'ASSET_MISSING',
      file: shown,
      message: `v${client.config.version} has not been built`,
      hint: build,
    });
  }
  const record = await readZipContents(zipFile);
  const recorded = (await readShaFile(zipShaFile)) ?? '';
  if (recorded !== record.built.sha256) {
    throw new HandoffError({
      code: 'INTEGRITY',
      file: shown,
      message: `the zip's sha256 ${record.built.sha256} does not match ${path.basename(zipShaFile)}`,
      hint: build,
    });
  }
  return {
    payload: {
      zipPath: zipFile,
      shaPath: zipShaFile,
      zipName: record.built.zip,
      sha256: record.built.sha256,
      size: record.built.size,
    },
    record,
  };
}

/**
 * The notes of this version's CHANGELOG entry (edited prompts, then handoff.json "changelog") as
 * the build recorded them in `<zip>.build.json`, so the ledger entry says what the zip's CHANGELOG
 * says without running the stages again. A build record of other bytes, or one written before
 * notes were recorded, gives handoff.json's "changelog" only, with a warning.
 */
async function recordedNotes(client: LoadedClient, built: BuiltZip, logger: Logger): Promise<string[]> {
  const { buildFile } = clientPaths(client);
  const record = await readBuildRecord(buildFile);
  if (record?.sha256 === built.sha256 && record.notes) return record.notes;
  logger.warn(
    `${displayPath(buildFile, client.workspaceRoot)} does not record this zip's CHANGELOG notes ` +
      `(${record ? 'written for other bytes or by an older nx-handoff' : 'missing'}): the ledger entry lists handoff.json "changelog" only, ` +
      'without notes of edited prompts. Rebuild with handoff-package to record them.',
  );
  return [...client.config.changelog];
}

function deliveryProblem(name: string, err: unknown, env: NodeJS.ProcessEnv): Problem {
  if (isHandoffError(err)) {
    const p = err.problems[0];
    return {
      ...p,
      field: p.field ?? `deliver destination "${name}"`,
      message: redactSecrets(err.problems.map((q) => q.message).join('; '), env),
    };
  }
  const e = err as Error & { name?: string };
  const credentials = /credential|region is missing|Could not load/i.test(`${e?.name} ${e?.message}`);
  return {
    code: 'IO',
    field: `deliver destination "${name}"`,
    message: `delivery failed: ${redactSecrets(`${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(err)}`, env)}`,
    hint: credentials
      ? 'set AWS credentials and region in the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_REGION or AWS_PROFILE with ~/.aws); handoff.json never holds them'
      : 'fix the cause and run handoff-deliver again: what was delivered is recorded, so the retry only sends what is missing',
  };
}

async function runDestination(
  driver: DestinationDriver,
  payload: DeliveryPayload,
  delivered: LedgerVersion | undefined,
  ctx: DeliverContext,
): Promise<DestinationOutcome> {
  const name = driver.name;
  try {
    const there = driver.locate(payload);
    if (!ctx.force && delivered?.deliveries.some((d) => sameLocation(d.destination, there))) {
      ctx.logger.info(`${name}: already delivered (recorded in the ledger); nothing uploaded`);
      return { name, status: 'already-delivered', receipt: await driver.recorded(payload, ctx) };
    }
    ctx.logger.info(`${name}: delivering ${payload.zipName}...`);
    const receipt = await driver.deliver(payload, ctx);
    ctx.logger.info(
      `${name}: ${receipt.reused ? 'already there' : 'delivered'} -> ${receipt.where} (verified: ${receipt.verified})`,
    );
    return { name, status: 'delivered', receipt };
  } catch (err) {
    const problem = deliveryProblem(name, err, ctx.env);
    ctx.logger.warn(`${name}: FAILED ${formatProblem(problem)}`);
    return { name, status: 'failed', problem };
  }
}

/** BRIEF.md beside the zip, for the receipts of this run. */
async function writeBrief(
  client: LoadedClient,
  payload: DeliveryPayload,
  record: ZipContents,
  receipts: DeliveryReceipt[],
  changes: string[],
): Promise<{ brief: string; briefFile: string }> {
  const { version, date, support } = client.config;
  const { snapshot } = record;
  const brief = renderBrief({
    client: client.config.client,
    version,
    date,
    zipName: payload.zipName,
    topFolder: topFolderName(client.slug, version),
    format: record.built.format,
    sha256: payload.sha256,
    size: payload.size,
    fileCount: record.built.fileCount,
    receipts,
    changes,
    counts: {
      assets: Object.keys(snapshot.checksums).filter((p) => p.startsWith('assets/')).length,
      prompts: Object.keys(snapshot.prompts).length,
      models: snapshot.pins.length,
    },
    support,
    sunsetDate: addDays(date, support.windowDays),
    receivingTeam: client.config.receivingTeam?.name,
  });
  const briefFile = path.join(path.dirname(payload.zipPath), 'BRIEF.md');
  await writeFileAtomic(briefFile, brief);
  return { brief, briefFile };
}

/**
 * Deliver the current version's built zip to the configured destinations, then record the new
 * deliveries in handoff-ledger.json and write BRIEF.md beside the zip. A destination that fails
 * is not recorded (nothing at all when every one fails); one the ledger already records is not
 * sent again unless `force`.
 */
export async function deliverVersion(opts: DeliverOptions): Promise<DeliverResult> {
  const logger = opts.logger ?? silentLogger;
  const env = opts.env ?? process.env;
  const client = await loadClient(opts.workspaceRoot, opts.clientRoot);
  const destinations = selectDestinations(client, opts.only);
  const { payload, record } = await readBuiltZip(client);
  const { file: ledgerFile, ledger } = await readLedger(client.clientRoot, client.slug, client.workspaceRoot);
  const { version, date } = client.config;
  const delivered = findLedgerVersion(ledger, version);
  const changes =
    delivered?.changes ??
    versionLines(
      previousLedgerVersion(ledger, version),
      record.snapshot,
      await recordedNotes(client, record.built, logger),
    );
  const { zip, format, sha256, size, fileCount } = record.built;
  const entry = { version, date, zip, format, sha256, size, fileCount, ...record.snapshot, changes };
  recordDeliveries(ledger, entry, [], ledgerFile); // refuses a zip that differs from the delivered one, before any upload

  const ctx: DeliverContext = {
    workspaceRoot: client.workspaceRoot,
    force: !!opts.force,
    env,
    now: opts.now ?? (() => new Date()),
    logger,
  };
  const make = opts.createDriver ?? createDriver;
  const outcomes: DestinationOutcome[] = [];
  for (const dest of destinations)
    outcomes.push(await runDestination(make(dest, client.workspaceRoot), payload, delivered, ctx));

  const fresh = outcomes.filter((o) => o.status === 'delivered' && o.receipt);
  if (fresh.length) {
    const deliveredAt = ctx.now().toISOString();
    const latest = (await readLedger(client.clientRoot, client.slug, client.workspaceRoot)).ledger;
    await writeLedger(
      ledgerFile,
      recordDeliveries(
        latest,
        entry,
        fresh.map((o) => ({ destination: o.receipt!.destination, deliveredAt })),
        ledgerFile,
      ),
    );
  }
  const ok = outcomes.every((o) => o.status !== 'failed');
  const result: DeliverResult = {
    version,
    zipPath: payload.zipPath,
    sha256: payload.sha256,
    ledgerFile,
    ledgerUpdated: fresh.length > 0,
    outcomes,
    ok,
  };
  const receipts = outcomes.flatMap((o) => (o.receipt ? [o.receipt] : []));
  if (receipts.length) Object.assign(result, await writeBrief(client, payload, record, receipts, changes));
  return result;
}
