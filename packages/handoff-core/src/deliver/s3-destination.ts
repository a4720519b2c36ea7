import { HandoffError } from '../errors';
import { destinationName, type S3Destination } from '../config/deliver-schema';
import {
  differentFileError,
  shaFileText,
  type DeliverContext,
  type DeliveryPayload,
  type DestinationDriver,
  type DeliveryReceipt,
} from './destination';
import { createS3Transfer, type S3ClientOptions, type S3Transfer } from './s3-client';

export type S3TransferFactory = (opts: S3ClientOptions) => S3Transfer;

/**
 * Upload to S3 or an S3-compatible store: multipart with SHA-256 part checksums (aborted on
 * failure, stale uploads of the key aborted first), verified by the store's checksum or by reading
 * the object back, then `<key>.sha256` and a presigned link for the brief.
 */
export function s3Driver(dest: S3Destination, makeTransfer: S3TransferFactory = createS3Transfer): DestinationDriver {
  const name = destinationName(dest);
  const keyOf = (p: DeliveryPayload) => `${dest.prefix}${p.zipName}`;
  const locate = (p: DeliveryPayload) => ({
    type: 's3' as const,
    name,
    bucket: dest.bucket,
    key: keyOf(p),
    ...(dest.endpoint ? { endpoint: dest.endpoint } : {}),
  });
  const where = (p: DeliveryPayload) => `s3://${dest.bucket}/${keyOf(p)}${dest.endpoint ? ` (${dest.endpoint})` : ''}`;
  const transfer = () =>
    makeTransfer({
      bucket: dest.bucket,
      region: dest.region,
      endpoint: dest.endpoint,
      forcePathStyle: dest.forcePathStyle,
      profile: dest.profile,
      partSizeMiB: dest.partSizeMiB,
    });

  async function receipt(
    t: S3Transfer,
    p: DeliveryPayload,
    ctx: DeliverContext,
    reused: boolean,
    verified: string,
  ): Promise<DeliveryReceipt> {
    if (!dest.shareLink.enabled) return { destination: locate(p), where: where(p), reused, verified };
    const seconds = dest.shareLink.expiresInHours * 3600;
    const url = await t.presignGet(keyOf(p), seconds, p.zipName);
    const expiresAt = new Date(ctx.now().getTime() + seconds * 1000).toISOString();
    return {
      destination: { ...locate(p), shareLinkExpiresAt: expiresAt },
      where: where(p),
      link: { url, expiresAt },
      reused,
      verified,
    };
  }

  async function upload(
    t: S3Transfer,
    p: DeliveryPayload,
    ctx: DeliverContext,
    key: string,
    replacing: boolean,
  ): Promise<string> {
    const stale = await t.abortStaleUploads(key);
    if (stale) ctx.logger.info(`${name}: aborted ${stale} interrupted multipart upload(s) of ${key}`);
    await t.uploadFile(p.zipPath, key, { sha256: p.sha256, contentType: 'application/zip', downloadName: p.zipName });
    try {
      return (await t.verifyObject(p.zipPath, key, p.sha256)) === 'checksum'
        ? 'S3 SHA-256 checksum'
        : 'sha256 read back';
    } catch (err) {
      if (!replacing) await t.deleteObject(key).catch(() => undefined);
      throw new HandoffError({
        code: 'INTEGRITY',
        field: `deliver destination "${name}"`,
        message: `upload not verified: ${(err as Error).message}`,
        hint: 'deliver again; the unverified object was removed',
      });
    }
  }

  return {
    name,
    locate,
    async recorded(p, ctx) {
      const t = transfer();
      try {
        return await receipt(t, p, ctx, true, 'recorded in the ledger');
      } finally {
        t.close();
      }
    },
    async deliver(p, ctx) {
      const t = transfer();
      const key = keyOf(p);
      try {
        const head = await t.headObject(key);
        if (head && head.sha256 === p.sha256 && head.size === p.size) {
          const how = await t.verifyObject(p.zipPath, key, p.sha256);
          return await receipt(t, p, ctx, true, how === 'checksum' ? 'S3 SHA-256 checksum' : 'sha256 read back');
        }
        if (head && !ctx.force) throw differentFileError(`s3://${dest.bucket}/${key}`, name);
        const verified = await upload(t, p, ctx, key, !!head);
        await t.putText(`${key}.sha256`, shaFileText(p));
        return await receipt(t, p, ctx, false, verified);
      } finally {
        t.close();
      }
    },
  };
}
