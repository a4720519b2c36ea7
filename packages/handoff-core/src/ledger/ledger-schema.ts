import * as path from 'node:path';
import { z } from 'zod';
import { isPinnedModelId } from '../config/bundle-schemas';

/**
 * `clients/<slug>/handoff-ledger.json`: the committed record of every delivered version. Written
 * by the deliver step only; never holds a secret or a share link (S3 is bucket/key, SFTP is
 * host/port/path). Light module (zod only): the project graph and generators read it too.
 */
export const LEDGER_FILE = 'handoff-ledger.json';

export function ledgerPath(clientRoot: string): string {
  return path.join(clientRoot, LEDGER_FILE);
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const ledgerPinSchema = z
  .object({
    id: z.string().refine(isPinnedModelId, 'expected name@version').describe('Exact pinned model id, name@version.'),
    name: z.string().describe('Model name.'),
    version: z.string().describe('Model version.'),
    requested: z.array(z.string()).describe('Model names the jobs asked for.'),
    source: z
      .enum(['ledger', 'registry', 'gen-ai'])
      .describe('Where the pin was resolved from when this version was built.'),
    capabilities: z.record(z.string(), z.unknown()).describe('Capabilities captured at pin time.'),
  })
  .describe('A model pin of a delivered version; reused when the version is rebuilt and carried into the next one.');

export const ledgerDestinationSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('folder'),
      name: z.string().describe('Destination name in handoff.json.'),
      path: z.string().describe('Absolute path of the delivered zip.'),
    }),
    z.object({
      type: z.literal('s3'),
      name: z.string().describe('Destination name in handoff.json.'),
      endpoint: z.string().optional().describe('S3-compatible endpoint, when not AWS.'),
      bucket: z.string().describe('Bucket.'),
      key: z.string().describe('Object key of the delivered zip.'),
      shareLinkExpiresAt: z
        .string()
        .optional()
        .describe('When the share link handed out at delivery expires (the link itself is never recorded).'),
    }),
    z.object({
      type: z.literal('sftp'),
      name: z.string().describe('Destination name in handoff.json.'),
      host: z.string().describe('SFTP host.'),
      port: z.number().int().describe('SFTP port.'),
      path: z.string().describe('Remote path of the delivered zip.'),
    }),
  ])
  .describe('Where a version was delivered: locations only, never credentials or signed links.');

export const ledgerDeliverySchema = z
  .object({
    destination: ledgerDestinationSchema,
    deliveredAt: z.string().describe('When the delivery finished (ISO 8601, UTC).'),
  })
  .describe('One successful delivery of a version to one destination.');

export const ledgerVersionSchema = z
  .object({
    version: z.number().int().positive().describe('Handoff version.'),
    date: isoDate.describe('Version date (handoff.json "date").'),
    zip: z.string().describe('File name of the delivered zip.'),
    format: z.enum(['zip', 'bagit']).describe('Bundle layout.'),
    sha256: sha256Hex.describe('sha256 of the delivered zip: rebuilding this version must reproduce it.'),
    size: z.number().int().nonnegative().describe('Size of the zip in bytes.'),
    fileCount: z.number().int().nonnegative().describe('Number of files in the zip.'),
    pins: z.array(ledgerPinSchema).describe('Model pins of this version.'),
    checksums: z
      .record(z.string(), sha256Hex)
      .describe(
        'Bundle path -> sha256 of every file of the bundle (payload paths in a bag): what the next version is diffed against.',
      ),
    prompts: z.record(z.string(), sha256Hex).describe('Job id -> sha256 of its prompt, seed and parameters.'),
    changes: z.array(z.string()).describe('The CHANGELOG lines of this version, as delivered.'),
    deliveries: z.array(ledgerDeliverySchema).describe('Every destination this version reached.'),
  })
  .describe('A delivered handoff version: immutable once recorded.');

export const ledgerSchema = z
  .object({
    client: z.string().describe('Client slug.'),
    versions: z.array(ledgerVersionSchema).describe('Delivered versions, oldest first.'),
  })
  .strict()
  .describe('nx-handoff delivery ledger: what was delivered, when, where, with which digest and pins. Commit it.');

export type Ledger = z.infer<typeof ledgerSchema>;
export type LedgerVersion = z.infer<typeof ledgerVersionSchema>;
export type LedgerDelivery = z.infer<typeof ledgerDeliverySchema>;
export type LedgerDestination = z.infer<typeof ledgerDestinationSchema>;
export type LedgerPin = z.infer<typeof ledgerPinSchema>;

/** The entry of `version`, if delivered. */
export function findLedgerVersion(ledger: Ledger, version: number): LedgerVersion | undefined {
  return ledger.versions.find((v) => v.version === version);
}

/** The newest delivered version before `version`: what `version` is diffed against. */
export function previousLedgerVersion(ledger: Ledger, version: number): LedgerVersion | undefined {
  return ledger.versions.filter((v) => v.version < version).sort((a, b) => b.version - a.version)[0];
}

/** Same place, whatever the destination's name or link expiry. */
export function sameLocation(a: LedgerDestination, b: LedgerDestination): boolean {
  if (a.type === 'folder' && b.type === 'folder') return a.path === b.path;
  if (a.type === 's3' && b.type === 's3')
    return a.bucket === b.bucket && a.key === b.key && (a.endpoint ?? '') === (b.endpoint ?? '');
  if (a.type === 'sftp' && b.type === 'sftp') return a.host === b.host && a.port === b.port && a.path === b.path;
  return false;
}
