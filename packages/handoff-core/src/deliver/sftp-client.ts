import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import type SftpClient from 'ssh2-sftp-client';
import { HandoffError } from '../errors';

/**
 * The one module that talks SFTP (ssh2-sftp-client over ssh2). Credentials come from the
 * environment only: HANDOFF_SFTP_KEY (path to a private key) with HANDOFF_SFTP_PASSPHRASE, an
 * ssh-agent (SSH_AUTH_SOCK), or HANDOFF_SFTP_PASSWORD; the login name from `username` or
 * HANDOFF_SFTP_USER. The server must present the host key fingerprint from handoff.json.
 */

export interface SftpConnectOptions {
  host: string;
  port: number;
  username?: string;
  /** `SHA256:<base64>` as ssh-keygen -l prints it. */
  hostKey: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export interface SftpSession {
  /** File size and sha256 of a remote file, or undefined when there is none. */
  statFile(remote: string): Promise<{ size: number } | undefined>;
  sha256(remote: string): Promise<string>;
  isFolder(remote: string): Promise<boolean>;
  mkdirs(remote: string): Promise<void>;
  upload(local: string | Buffer, remote: string): Promise<void>;
  /** Rename over an existing file when the server supports posix-rename (OpenSSH does). */
  rename(from: string, to: string): Promise<void>;
  remove(remote: string): Promise<void>;
  close(): Promise<void>;
}

/** OpenSSH's fingerprint of a raw public key blob: `SHA256:` + unpadded base64 of its sha256. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

async function credentials(env: NodeJS.ProcessEnv, where: string): Promise<Record<string, unknown>> {
  const creds: Record<string, unknown> = {};
  if (env.HANDOFF_SFTP_KEY) {
    try {
      creds.privateKey = await fs.readFile(env.HANDOFF_SFTP_KEY);
    } catch (err) {
      throw new HandoffError({
        code: 'IO',
        field: 'HANDOFF_SFTP_KEY',
        message: `cannot read the SFTP private key file named by HANDOFF_SFTP_KEY (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        hint: 'set HANDOFF_SFTP_KEY to the path of a readable private key (OpenSSH or PEM format)',
      });
    }
    if (env.HANDOFF_SFTP_PASSPHRASE) creds.passphrase = env.HANDOFF_SFTP_PASSPHRASE;
  }
  if (env.SSH_AUTH_SOCK) creds.agent = env.SSH_AUTH_SOCK;
  if (env.HANDOFF_SFTP_PASSWORD) creds.password = env.HANDOFF_SFTP_PASSWORD;
  if (Object.keys(creds).length === 0) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      field: where,
      message: 'no SFTP credentials in the environment',
      hint: 'set HANDOFF_SFTP_KEY to a private key path (and HANDOFF_SFTP_PASSPHRASE if it has one), run an ssh-agent (SSH_AUTH_SOCK), or set HANDOFF_SFTP_PASSWORD',
    });
  }
  return creds;
}

/** The SftpSession of ssh2-sftp-client. */
class Ssh2SftpSession implements SftpSession {
  constructor(private readonly sftp: SftpClient) {}

  async statFile(remote: string): Promise<{ size: number } | undefined> {
    if ((await this.sftp.exists(remote)) !== '-') return undefined;
    return { size: (await this.sftp.stat(remote)).size };
  }

  async sha256(remote: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.sftp.createReadStream(remote) as AsyncIterable<Buffer>) hash.update(chunk);
    return hash.digest('hex');
  }

  async isFolder(remote: string): Promise<boolean> {
    return (await this.sftp.exists(remote)) === 'd';
  }

  async mkdirs(remote: string): Promise<void> {
    await this.sftp.mkdir(remote, true);
  }

  async upload(local: string | Buffer, remote: string): Promise<void> {
    await this.sftp.put(typeof local === 'string' ? createReadStream(local) : local, remote);
  }

  async rename(from: string, to: string): Promise<void> {
    await this.sftp.posixRename(from, to).catch(async () => {
      if (await this.sftp.exists(to)) await this.sftp.delete(to);
      await this.sftp.rename(from, to);
    });
  }

  async remove(remote: string): Promise<void> {
    await this.sftp.delete(remote, true);
  }

  async close(): Promise<void> {
    await this.sftp.end().catch(() => undefined);
  }
}

export async function connectSftp(opts: SftpConnectOptions): Promise<SftpSession> {
  const env = opts.env ?? process.env;
  const where = `sftp://${opts.host}:${opts.port}`;
  const username = opts.username ?? env.HANDOFF_SFTP_USER;
  if (!username) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      field: where,
      message: 'no SFTP login name',
      hint: 'set "username" on the destination in handoff.json, or HANDOFF_SFTP_USER',
    });
  }
  let presented: string | undefined;
  // ssh2 is required on first use (see s3-client.ts)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Client = require('ssh2-sftp-client') as typeof SftpClient;
  const sftp = new Client('nx-handoff');
  try {
    await sftp.connect({
      host: opts.host,
      port: opts.port,
      username,
      readyTimeout: opts.readyTimeoutMs ?? 20_000,
      ...(await credentials(env, where)),
      hostVerifier: (key: Buffer) => (presented = sshFingerprint(key)) === opts.hostKey,
    } as SftpClient.ConnectOptions);
  } catch (err) {
    await sftp.end().catch(() => undefined);
    if (presented && presented !== opts.hostKey) {
      throw new HandoffError({
        code: 'INTEGRITY',
        field: where,
        message: `the server presented host key ${presented}, not ${opts.hostKey}`,
        hint: 'if the server\'s key really changed, confirm the new fingerprint with its administrator and update "hostKey" in handoff.json',
      });
    }
    throw err;
  }
  return new Ssh2SftpSession(sftp);
}
