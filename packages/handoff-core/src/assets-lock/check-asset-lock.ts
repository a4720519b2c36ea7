import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';
import { ASSET_LOCK_FILE, computeAssetLock, readAssetLock, type AssetLock } from './asset-lock';
import type { HashCache } from './hash-cache';

const FIX = 'run `nx sync` (it rewrites the asset lock), commit the lock, then run the target again';

/**
 * What differs between the committed lock and the media on disk: one problem per file changed,
 * added or removed, naming the file. Pure; `lockShown` is the lock's path as printed.
 */
export function assetLockProblems(committed: AssetLock, current: AssetLock, lockShown: string): Problem[] {
  const locked = new Map(committed.files.map((f) => [f.path, f]));
  const problems: Problem[] = [];
  const problem = (message: string): Problem => ({ code: 'INTEGRITY', file: lockShown, message, hint: FIX });
  for (const f of current.files) {
    const l = locked.get(f.path);
    locked.delete(f.path);
    if (!l) problems.push(problem(`${f.path} (${f.size} bytes) is not in the asset lock`));
    else if (l.sha256 !== f.sha256 || l.size !== f.size) {
      problems.push(
        problem(
          `${f.path} changed since the asset lock was written: ${f.size} bytes, sha256 ${f.sha256}; the lock says ${l.size} bytes, sha256 ${l.sha256}`,
        ),
      );
    }
  }
  for (const l of locked.values())
    problems.push(problem(`${l.path} is in the asset lock but no longer in the client folder`));
  return problems;
}

export interface CheckAssetLockOptions {
  workspaceRoot: string;
  cache?: HashCache;
}

/**
 * The safety net behind `nx sync`: Nx does not hash a client's media files (they are in
 * `.nxignore`), only its asset lock, so a stale lock means a stale Nx cache hit. Before packaging,
 * the media on disk are compared with the committed lock (a stat per file when the local hash
 * cache knows it, one streaming read otherwise); any difference fails with a HandoffError naming
 * each file and the fix. A client without a lock (the pipeline run outside Nx, or media not hidden
 * from Nx) is not checked. Returns the lock, now known to match the media on disk (undefined
 * without one): their sha256s, which later steps need not compute again.
 */
export async function checkAssetLock(clientRoot: string, opts: CheckAssetLockOptions): Promise<AssetLock | undefined> {
  const committed = await readAssetLock(clientRoot);
  if (!committed) return undefined;
  const current = await computeAssetLock(clientRoot, opts);
  const shown = path.relative(opts.workspaceRoot, path.join(clientRoot, ASSET_LOCK_FILE)).split(path.sep).join('/');
  const problems = assetLockProblems(committed, current, shown);
  if (problems.length) throw new HandoffError(problems);
  return current;
}

/**
 * The lock's entries by absolute path under `clientRootReal` (the client folder's realpath, as the
 * inventory names files): a media file's size and sha256 without reading it.
 */
export function lockedFileHashes(
  clientRootReal: string,
  lock: AssetLock,
): Map<string, { size: number; sha256: string }> {
  return new Map(
    lock.files.map((f) => [path.join(clientRootReal, ...f.path.split('/')), { size: f.size, sha256: f.sha256 }]),
  );
}
