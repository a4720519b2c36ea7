import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeClientFixture } from '../testing/fixture-tree';
import { deliverVersion } from './deliver';
import { startCutProxy } from './testing/cut-proxy';
import { buildVersion, editConfig, recordingLogger, sha256Of } from './testing/delivery-fixture';
import { startS3TestServer, useEnv, type S3TestServer } from './testing/s3-test-server';

jest.setTimeout(30_000);

const NOW = new Date('2026-04-23T09:30:00.000Z');
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

describe('S3 destination (s3rver on 127.0.0.1)', () => {
  let s3: S3TestServer;
  let restoreEnv: () => void;
  let workspaceRoot: string;
  let clientRoot: string;
  let zip: { zipPath: string; sha256: string };
  const key = 'handoffs/acme/acme-handoff-v1-2026-04-22.zip';

  const s3Dest = (endpoint: string) => ({
    type: 's3',
    name: 'client-bucket',
    bucket: s3.bucket,
    prefix: 'handoffs/acme/',
    endpoint,
    forcePathStyle: true,
    partSizeMiB: 5,
    shareLink: { expiresInHours: 48 },
  });

  beforeAll(async () => {
    s3 = await startS3TestServer();
    restoreEnv = useEnv(s3.env);
    ({ workspaceRoot, clientRoot } = await makeClientFixture({
      // 6 MiB of incompressible video: the zip goes up in two multipart parts.
      files: { 'deliverables/spring/teaser.mp4': randomBytes(6 * 1024 * 1024) },
    }));
    zip = await buildVersion(workspaceRoot, clientRoot);
  });
  afterAll(async () => {
    restoreEnv?.();
    await s3?.close();
  });

  it('an interrupted upload fails cleanly: nothing stored, nothing recorded', async () => {
    const proxy = await startCutProxy(Number(new URL(s3.endpoint).port), 2 * 1024 * 1024);
    const restore = useEnv({ AWS_MAX_ATTEMPTS: '1' });
    try {
      await editConfig(clientRoot, (c) => ({
        ...c,
        deliver: { destinations: [s3Dest(`http://127.0.0.1:${proxy.port}`)] },
      }));
      const result = await deliverVersion({ workspaceRoot, clientRoot });
      expect(result.outcomes[0]).toMatchObject({
        status: 'failed',
        problem: { field: 'deliver destination "client-bucket"' },
      });
      expect(proxy.forwarded).toBeGreaterThan(2 * 1024 * 1024);
    } finally {
      restore();
      await proxy.close();
    }
    expect(await exists(s3.objectFile(key))).toBe(false);
    expect(await exists(path.join(clientRoot, 'handoff-ledger.json'))).toBe(false);
  });

  it('uploads in parts, verifies, shares a presigned link and records bucket/key only', async () => {
    await editConfig(clientRoot, (c) => ({ ...c, deliver: { destinations: [s3Dest(s3.endpoint)] } }));
    const logger = recordingLogger();
    const result = await deliverVersion({ workspaceRoot, clientRoot, logger, now: () => NOW });
    expect(result.ok).toBe(true);
    const receipt = result.outcomes[0].receipt!;
    expect(receipt).toMatchObject({
      reused: false,
      verified: 'sha256 read back',
      where: `s3://${s3.bucket}/${key} (${s3.endpoint})`,
    });
    expect(await sha256Of(s3.objectFile(key))).toBe(zip.sha256);
    expect(await fs.readFile(s3.objectFile(`${key}.sha256`), 'utf8')).toBe(
      `${zip.sha256}  acme-handoff-v1-2026-04-22.zip\n`,
    );

    const link = receipt.link!;
    expect(link.expiresAt).toBe('2026-04-25T09:30:00.000Z');
    const download = await fetch(link.url, { signal: AbortSignal.timeout(10_000) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('acme-handoff-v1-2026-04-22.zip');
    expect(Buffer.from(await download.arrayBuffer()).equals(await fs.readFile(zip.zipPath))).toBe(true);

    const ledgerText = await fs.readFile(path.join(clientRoot, 'handoff-ledger.json'), 'utf8');
    expect(JSON.parse(ledgerText).versions[0].deliveries[0].destination).toEqual({
      type: 's3',
      name: 'client-bucket',
      bucket: s3.bucket,
      key,
      endpoint: s3.endpoint,
      shareLinkExpiresAt: '2026-04-25T09:30:00.000Z',
    });
    expect(ledgerText).not.toMatch(/X-Amz|Signature/i);
    expect(result.brief).toContain(link.url);
    expect(result.brief).toContain('Download link (expires 2026-04-25T09:30:00.000Z)');
    for (const text of [ledgerText, result.brief!, logger.lines.join('\n')])
      expect(text).not.toContain(s3.env.AWS_SECRET_ACCESS_KEY);
  });

  it('a retry does not upload again, and hands out a fresh link', async () => {
    const stored = await fs.stat(s3.objectFile(key));
    const result = await deliverVersion({ workspaceRoot, clientRoot, now: () => new Date('2026-04-24T00:00:00Z') });
    expect(result.outcomes[0]).toMatchObject({
      status: 'already-delivered',
      receipt: { link: { expiresAt: '2026-04-26T00:00:00.000Z' } },
    });
    expect((await fs.stat(s3.objectFile(key))).mtimeMs).toBe(stored.mtimeMs);
    expect(result.ledgerUpdated).toBe(false);
  });

  it('never replaces a different object silently; --force does', async () => {
    await fs.rm(path.join(clientRoot, 'handoff-ledger.json'));
    await fs.writeFile(s3.objectFile(key), 'tampered');
    const refused = await deliverVersion({ workspaceRoot, clientRoot });
    expect(refused.outcomes[0]).toMatchObject({ status: 'failed', problem: { code: 'VERSION_EXISTS' } });
    const forced = await deliverVersion({ workspaceRoot, clientRoot, force: true });
    expect(forced.outcomes[0].status).toBe('delivered');
    expect(await sha256Of(s3.objectFile(key))).toBe(zip.sha256);
  });

  it('missing credentials fail with the places credentials come from, never a secret', async () => {
    await fs.rm(path.join(clientRoot, 'handoff-ledger.json'));
    const restore = useEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    try {
      const result = await deliverVersion({ workspaceRoot, clientRoot });
      expect(result.outcomes[0]).toMatchObject({
        status: 'failed',
        problem: { hint: expect.stringContaining('AWS_ACCESS_KEY_ID') },
      });
    } finally {
      restore();
    }
  });
});
