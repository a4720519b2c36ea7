import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Test-only: a real S3-compatible HTTP server (s3rver, from npm) on 127.0.0.1 with a free port,
 * its objects in a temp folder. s3rver accepts SigV4 from @aws-sdk v3 (multipart, presigned GET)
 * but keeps no SHA-256 checksums, so uploads to it are verified by reading back.
 */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Credentials s3rver accepts; handed to the code under test through the environment only. */
  env: Record<string, string>;
  /** Where s3rver keeps an object's bytes. */
  objectFile(key: string): string;
  close(): Promise<void>;
}

export async function startS3TestServer(bucket = 'client-handoffs'): Promise<S3TestServer> {
  const S3rver = require('s3rver');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  // A random key pair per server, so a test can check the secret never shows up anywhere.
  const accessKeyId = `NXHANDOFF${randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64');

  require('s3rver/lib/models/account').DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    env: {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: 'us-east-1',
      // Never read the developer's own profiles or reach for instance metadata.
      AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    objectFile: (key) => path.join(dir, bucket, `${key}._S3rver_object`),
    async close() {
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Set `vars` in process.env (the SDK's default chain reads it) and return a restore function. */
export function useEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
