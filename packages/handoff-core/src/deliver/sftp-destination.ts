import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import { destinationName, type SftpDestination } from '../config/deliver-schema';
import { differentFileError, shaFileText, type DeliveryPayload, type DestinationDriver } from './destination';
import { connectSftp, type SftpConnectOptions, type SftpSession } from './sftp-client';

export type SftpConnector = (opts: SftpConnectOptions) => Promise<SftpSession>;

/**
 * Upload over SFTP to `.<zip>.uploading` (a fixed name, so a retry after an interruption restarts
 * it cleanly), read it back and compare sha256, then rename it into place; `<zip>.sha256` likewise.
 */
export function sftpDriver(dest: SftpDestination, connect: SftpConnector = connectSftp): DestinationDriver {
  const name = destinationName(dest);
  const remote = (p: DeliveryPayload) => path.posix.join(dest.path, p.zipName);
  const locate = (p: DeliveryPayload) => ({
    type: 'sftp' as const,
    name,
    host: dest.host,
    port: dest.port,
    path: remote(p),
  });
  const where = (p: DeliveryPayload) =>
    `sftp://${dest.username ? `${dest.username}@` : ''}${dest.host}${dest.port === 22 ? '' : `:${dest.port}`}${remote(p)}`;

  async function ensureFolder(s: SftpSession): Promise<void> {
    if (await s.isFolder(dest.path)) return;
    if (!dest.createFolder) {
      throw new HandoffError({
        code: 'IO',
        file: `sftp://${dest.host}:${dest.port}${dest.path}`,
        field: `deliver destination "${name}"`,
        message: 'the remote folder does not exist',
        hint: 'create it on the server, fix "path", or set "createFolder": true on the destination',
      });
    }
    await s.mkdirs(dest.path);
  }

  async function putVerified(s: SftpSession, data: string | Buffer, target: string, sha256: string): Promise<void> {
    const temp = path.posix.join(path.posix.dirname(target), `.${path.posix.basename(target)}.uploading`);
    await s.upload(data, temp);
    const actual = await s.sha256(temp);
    if (actual !== sha256) {
      await s.remove(temp).catch(() => undefined);
      throw new HandoffError({
        code: 'INTEGRITY',
        file: temp,
        message: `the upload reads back as sha256 ${actual}, expected ${sha256}`,
        hint: 'deliver again; the unverified upload was removed',
      });
    }
    await s.rename(temp, target);
  }

  return {
    name,
    locate,
    async recorded(p) {
      return { destination: locate(p), where: where(p), reused: true, verified: 'recorded in the ledger' };
    },
    async deliver(p, ctx) {
      const s = await connect({
        host: dest.host,
        port: dest.port,
        username: dest.username,
        hostKey: dest.hostKey,
        env: ctx.env,
      });
      try {
        await ensureFolder(s);
        const target = remote(p);
        const receipt = { destination: locate(p), where: where(p), verified: 'sha256 read back' };
        const existing = await s.statFile(target);
        if (existing && existing.size === p.size && (await s.sha256(target)) === p.sha256)
          return { ...receipt, reused: true };
        if (existing && !ctx.force) throw differentFileError(where(p), name);
        await putVerified(s, p.zipPath, target, p.sha256);
        const shaText = Buffer.from(shaFileText(p));
        await putVerified(s, shaText, `${target}.sha256`, createHash('sha256').update(shaText).digest('hex'));
        return { ...receipt, reused: false };
      } finally {
        await s.close();
      }
    },
  };
}
