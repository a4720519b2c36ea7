import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The AWS SDK is required on first use, not at import: every Nx task process loads the core, and
 * the SDK cost each of them ~170 ms. (A lazy import of one of our TypeScript modules would not
 * work: Nx removes its TypeScript loader once the executor module is loaded.)
 */
let sdk:
  | (typeof import('@aws-sdk/client-s3') &
      typeof import('@aws-sdk/lib-storage') &
      typeof import('@aws-sdk/s3-request-presigner'))
  | undefined;
function aws(): NonNullable<typeof sdk> {
  // Loaded on first use (see above).
  /* eslint-disable @typescript-eslint/no-require-imports */
  sdk ??= {
    ...require('@aws-sdk/client-s3'),
    ...require('@aws-sdk/lib-storage'),
    ...require('@aws-sdk/s3-request-presigner'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return sdk!;
}

/**
 * The one module that talks to S3 (@aws-sdk v3). Credentials come only from the SDK's default
 * chain (AWS_* environment, AWS_PROFILE / `profile`, ~/.aws files, SSO, instance roles): nothing
 * here reads or prints a secret.
 */

export interface S3ClientOptions {
  bucket: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  profile?: string;
  partSizeMiB: number;
  /** Parts uploaded in parallel (memory: queueSize x partSize). */
  queueSize?: number;
}

export interface S3ObjectInfo {
  size: number;
  /** Our own `x-amz-meta-sha256` (hex), when the object was uploaded by handoff-deliver. */
  sha256?: string;
}

export interface S3Transfer {
  headObject(key: string): Promise<S3ObjectInfo | undefined>;
  /** Multipart upload with SHA-256 part checksums; on failure the multipart upload is aborted. */
  uploadFile(
    file: string,
    key: string,
    meta: { sha256: string; contentType: string; downloadName: string },
  ): Promise<void>;
  /** Check the stored object is `sha256`: the store's SHA-256 checksum when it keeps one, else by reading it back. */
  verifyObject(file: string, key: string, sha256: string): Promise<'checksum' | 'read-back'>;
  putText(key: string, text: string): Promise<void>;
  deleteObject(key: string): Promise<void>;
  /** Abort multipart uploads of `key` left by an interrupted run; 0 when the store cannot list them. */
  abortStaleUploads(key: string): Promise<number>;
  presignGet(key: string, expiresInSeconds: number, downloadName: string): Promise<string>;
  close(): void;
}

const isNotFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** The SHA-256 checksums S3 may report for `file`: full-object, or composite over `partSize` parts (`<b64>-<n>`). */
export async function expectedS3Checksums(file: string, partSize: number): Promise<string[]> {
  const whole = createHash('sha256');
  const parts: Buffer[] = [];
  let part = createHash('sha256');
  let inPart = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - offset);
      part.update(chunk.subarray(offset, offset + take));
      inPart += take;
      offset += take;
      if (inPart === partSize) {
        parts.push(part.digest());
        part = createHash('sha256');
        inPart = 0;
      }
    }
  }
  if (inPart > 0 || parts.length === 0) parts.push(part.digest());
  const composite = createHash('sha256').update(Buffer.concat(parts)).digest('base64');
  return [whole.digest('base64'), `${composite}-${parts.length}`];
}

/** The S3Transfer of @aws-sdk v3: one S3Client per destination and run. */
class SdkS3Transfer implements S3Transfer {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;

  constructor(private readonly opts: S3ClientOptions) {
    this.partSize = opts.partSizeMiB * 1024 * 1024;
    this.bucket = opts.bucket;
    this.client = new (aws().S3Client)({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      // Checksums are checked explicitly (verifyObject); a presigned link carries no checksum mode.
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(opts.profile ? { profile: opts.profile } : {}),
    });
  }

  async headObject(key: string): Promise<S3ObjectInfo | undefined> {
    try {
      const res = await this.client.send(new (aws().HeadObjectCommand)({ Bucket: this.bucket, Key: key }));
      return { size: res.ContentLength ?? 0, sha256: res.Metadata?.sha256 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async uploadFile(
    file: string,
    key: string,
    meta: { sha256: string; contentType: string; downloadName: string },
  ): Promise<void> {
    const upload = new (aws().Upload)({
      client: this.client,
      partSize: this.partSize,
      queueSize: this.opts.queueSize ?? 2,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(file),
        ChecksumAlgorithm: 'SHA256',
        ContentType: meta.contentType,
        ContentDisposition: attachment(meta.downloadName),
        Metadata: { sha256: meta.sha256 },
      },
    });
    await upload.done();
  }

  async verifyObject(file: string, key: string, sha256: string): Promise<'checksum' | 'read-back'> {
    const head = await this.client.send(
      new (aws().HeadObjectCommand)({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
    );
    if (head.ChecksumSHA256 && (await expectedS3Checksums(file, this.partSize)).includes(head.ChecksumSHA256))
      return 'checksum';
    const actual = await this.readBackSha256(key);
    if (actual !== sha256)
      throw new Error(`s3://${this.bucket}/${key} reads back as sha256 ${actual}, expected ${sha256}`);
    return 'read-back';
  }

  private async readBackSha256(key: string): Promise<string> {
    const res = await this.client.send(new (aws().GetObjectCommand)({ Bucket: this.bucket, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of res.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest('hex');
  }

  async putText(key: string, text: string): Promise<void> {
    await this.client.send(
      new (aws().PutObjectCommand)({
        Bucket: this.bucket,
        Key: key,
        Body: text,
        ContentType: 'text/plain; charset=utf-8',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new (aws().DeleteObjectCommand)({ Bucket: this.bucket, Key: key }));
  }

  async abortStaleUploads(key: string): Promise<number> {
    let listed;
    try {
      listed = await this.client.send(new (aws().ListMultipartUploadsCommand)({ Bucket: this.bucket, Prefix: key }));
    } catch {
      return 0; // not every S3-compatible store lists uploads; a bucket lifecycle rule cleans those up
    }
    const stale = (listed.Uploads ?? []).filter((u) => u.Key === key && u.UploadId);
    for (const u of stale)
      await this.client.send(
        new (aws().AbortMultipartUploadCommand)({ Bucket: this.bucket, Key: key, UploadId: u.UploadId }),
      );
    return stale.length;
  }

  presignGet(key: string, expiresInSeconds: number, downloadName: string): Promise<string> {
    const command = new (aws().GetObjectCommand)({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: attachment(downloadName),
    });
    return aws().getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  close(): void {
    this.client.destroy();
  }
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/["\\]/g, '')}"`;
}

export function createS3Transfer(opts: S3ClientOptions): S3Transfer {
  return new SdkS3Transfer(opts);
}
