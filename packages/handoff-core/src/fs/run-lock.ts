import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError } from '../errors';

export const LOCK_FILE = '.handoff.lock';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Take the lock or explain who holds it. A lock left by a dead process on this host is taken over. */
async function acquire(file: string, label: string): Promise<void> {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(info), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = await readLock(file);
      const stale = held && held.host === info.host && !isAlive(held.pid);
      if (held && !stale) {
        throw new HandoffError({
          code: 'LOCKED',
          file,
          message: `${label} is already being built by process ${held.pid} on ${held.host} (since ${held.startedAt})`,
          hint: 'wait for that run to finish; if no such run exists any more, delete the lock file',
        });
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new HandoffError({
    code: 'LOCKED',
    file,
    message: `could not take the lock for ${label}`,
    hint: 'retry; delete the lock file if it persists',
  });
}

/** Temp files (`.<name>.tmp-<pid>-<hex>`) left in `dir` by a process that died (a SIGKILL mid-write). */
async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const m = /^\..+\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))) await fs.rm(path.join(dir, name), { force: true });
  }
}

/**
 * Run `fn` holding an exclusive lock on a version folder, so two runs of the same client and
 * version never write the same files at once. Different clients and versions never wait.
 */
export async function withVersionLock<T>(versionDir: string, label: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(versionDir, { recursive: true });
  const file = path.join(versionDir, LOCK_FILE);
  await acquire(file, label);
  try {
    await removeStaleTemps(versionDir);
    return await fn();
  } finally {
    await fs.rm(file, { force: true });
  }
}
