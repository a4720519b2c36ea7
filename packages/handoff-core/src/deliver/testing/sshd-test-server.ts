import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Test-only: Debian's OpenSSH server (`sshd -D`) on 127.0.0.1 and a free port, with a temp host
 * key, one authorized test key, password and keyboard-interactive logins off, and Debian's
 * sftp-server as the sftp subsystem. It runs as the current user and only lets that user in.
 * `startSshdTestServer` returns a reason instead when sshd cannot run here (not installed, or not
 * root and no privilege separation folder), so the specs skip with that message.
 */
export interface SshdTestServer {
  host: string;
  port: number;
  user: string;
  /** `SHA256:...` of the temp host key. */
  hostKey: string;
  /** Private key file of the authorized test key. */
  keyFile: string;
  /** A folder on this machine the tests deliver into over SFTP. */
  remoteDir: string;
  close(): Promise<void>;
}

const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));
const SFTP_SERVER = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/libexec/sftp-server',
].find((p) => existsSync(p));

/** Why sshd cannot run in this environment, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!SSHD) return 'OpenSSH server not installed (apt-get install -y openssh-server; .ci/run does it in CI)';
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && !existsSync('/run/sshd'))
    return 'sshd needs root here (or an existing /run/sshd privilege separation folder)';
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:port answers with an SSH banner; rejects after `timeoutMs`. */
async function waitForBanner(
  port: number,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.setTimeout(1000);
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('SSH-'));
      });
      sock.once('error', () => resolve(false));
      sock.once('timeout', () => {
        sock.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port} within ${timeoutMs} ms: ${stderr()}`);
}

function sshdConfig(dir: string, port: number, user: string): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${dir}/host_ed25519`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${user}`,
    'AllowAgentForwarding no',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    `Subsystem sftp ${SFTP_SERVER ?? 'internal-sftp'}`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

export async function startSshdTestServer(): Promise<SshdTestServer> {
  const why = sshdUnavailable();
  if (why) throw new Error(why);
  if (process.getuid?.() === 0) await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-sshd-')));
  const keygen = (file: string) =>
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'nx-handoff-test', '-f', file], {
      stdio: 'ignore',
    });
  keygen(path.join(dir, 'host_ed25519'));
  keygen(path.join(dir, 'client_ed25519'));
  await fs.copyFile(path.join(dir, 'client_ed25519.pub'), path.join(dir, 'authorized_keys'));
  const hostKey = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(dir, 'host_ed25519.pub')], {
    encoding: 'utf8',
  }).split(' ')[1];
  const user = os.userInfo().username;
  const port = await freePort();
  await fs.writeFile(path.join(dir, 'sshd_config'), sshdConfig(dir, port, user));
  const remoteDir = path.join(dir, 'remote');
  await fs.mkdir(remoteDir);
  let err = '';
  const child = spawn(SSHD!, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => {
    err += String(d);
  });
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        exited,
        new Promise((r) => {
          timer = setTimeout(r, 3000);
        }),
      ]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForBanner(port, child, () => err);
  } catch (e) {
    await close();
    throw e;
  }
  return { host: '127.0.0.1', port, user, hostKey, keyFile: path.join(dir, 'client_ed25519'), remoteDir, close };
}
