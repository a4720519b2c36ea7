import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeClientFixture } from '../testing/fixture-tree';
import { deliverVersion } from './deliver';
import { startCutProxy } from './testing/cut-proxy';
import { buildVersion, editConfig, recordingLogger, sha256Of } from './testing/delivery-fixture';
import { useEnv } from './testing/s3-test-server';
import { sshdUnavailable, startSshdTestServer, type SshdTestServer } from './testing/sshd-test-server';

jest.setTimeout(30_000);

const unavailable = sshdUnavailable();
if (unavailable) console.warn(`SFTP delivery tests SKIPPED: ${unavailable}`);
const describeSftp = unavailable ? describe.skip : describe;
const ZIP = 'acme-handoff-v1-2026-04-22.zip';
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

describeSftp('SFTP destination (OpenSSH sshd + sftp-server on 127.0.0.1)', () => {
  let sshd: SshdTestServer;
  let restoreEnv: () => void;
  let workspaceRoot: string;
  let clientRoot: string;
  let zip: { zipPath: string; sha256: string };

  const sftpDest = (over: Record<string, unknown> = {}) => ({
    type: 'sftp',
    name: 'client-sftp',
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    path: sshd.remoteDir,
    hostKey: sshd.hostKey,
    ...over,
  });
  const configure = (over?: Record<string, unknown>) =>
    editConfig(clientRoot, (c) => ({ ...c, deliver: { destinations: [sftpDest(over)] } }));

  beforeAll(async () => {
    sshd = await startSshdTestServer();
    restoreEnv = useEnv({
      HANDOFF_SFTP_KEY: sshd.keyFile,
      SSH_AUTH_SOCK: undefined,
      HANDOFF_SFTP_PASSWORD: undefined,
      HANDOFF_SFTP_USER: undefined,
    });
    ({ workspaceRoot, clientRoot } = await makeClientFixture({
      files: { 'deliverables/spring/teaser.mp4': randomBytes(2 * 1024 * 1024) },
    }));
    zip = await buildVersion(workspaceRoot, clientRoot);
  });
  afterAll(async () => {
    restoreEnv?.();
    await sshd?.close();
  });

  it('refuses a server whose host key is not the configured one, before uploading anything', async () => {
    await configure({ hostKey: `SHA256:${'A'.repeat(43)}` });
    const result = await deliverVersion({ workspaceRoot, clientRoot });
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      problem: { code: 'INTEGRITY', message: expect.stringContaining(`presented host key ${sshd.hostKey}`) },
    });
    expect(await fs.readdir(sshd.remoteDir)).toEqual([]);
  });

  it('an interrupted upload leaves no zip under its final name and no ledger entry; the retry restarts it cleanly', async () => {
    const proxy = await startCutProxy(sshd.port, 1024 * 1024);
    try {
      await configure({ port: proxy.port });
      const failed = await deliverVersion({ workspaceRoot, clientRoot });
      expect(failed.outcomes[0].status).toBe('failed');
    } finally {
      await proxy.close();
    }
    expect(await exists(path.join(sshd.remoteDir, ZIP))).toBe(false);
    expect(await exists(path.join(clientRoot, 'handoff-ledger.json'))).toBe(false);

    await configure();
    const logger = recordingLogger();
    const result = await deliverVersion({ workspaceRoot, clientRoot, logger });
    expect(result.outcomes[0]).toMatchObject({
      status: 'delivered',
      receipt: {
        verified: 'sha256 read back',
        where: `sftp://${sshd.user}@127.0.0.1:${sshd.port}${sshd.remoteDir}/${ZIP}`,
      },
    });
    expect(await sha256Of(path.join(sshd.remoteDir, ZIP))).toBe(zip.sha256);
    expect((await fs.readdir(sshd.remoteDir)).sort()).toEqual([ZIP, `${ZIP}.sha256`]);
    expect(await fs.readFile(path.join(sshd.remoteDir, `${ZIP}.sha256`), 'utf8')).toBe(`${zip.sha256}  ${ZIP}\n`);
    const ledger = JSON.parse(await fs.readFile(path.join(clientRoot, 'handoff-ledger.json'), 'utf8'));
    expect(ledger.versions[0].deliveries[0].destination).toEqual({
      type: 'sftp',
      name: 'client-sftp',
      host: '127.0.0.1',
      port: sshd.port,
      path: `${sshd.remoteDir}/${ZIP}`,
    });
    expect(result.brief).toContain(`- SFTP: \`sftp://${sshd.user}@127.0.0.1:${sshd.port}${sshd.remoteDir}/${ZIP}\``);
    expect(logger.lines.join('\n')).not.toContain(sshd.keyFile);
  });

  it('a retry is "already delivered" and does not connect', async () => {
    const before = await fs.stat(path.join(sshd.remoteDir, ZIP));
    const result = await deliverVersion({ workspaceRoot, clientRoot });
    expect(result.outcomes[0].status).toBe('already-delivered');
    expect((await fs.stat(path.join(sshd.remoteDir, ZIP))).mtimeMs).toBe(before.mtimeMs);
  });

  it('without credentials in the environment it says where they go', async () => {
    await fs.rm(path.join(clientRoot, 'handoff-ledger.json'));
    const restore = useEnv({ HANDOFF_SFTP_KEY: undefined });
    try {
      const result = await deliverVersion({ workspaceRoot, clientRoot });
      expect(result.outcomes[0]).toMatchObject({
        status: 'failed',
        problem: { hint: expect.stringContaining('HANDOFF_SFTP_KEY') },
      });
    } finally {
      restore();
    }
  });
});
