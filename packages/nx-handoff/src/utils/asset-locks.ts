import * as path from 'node:path';
import { globAsync, type Tree } from '@nx/devkit';
import {
  ASSET_LOCK_FILE,
  CLIENT_CONFIG_FILE,
  computeAssetLock,
  openHashCache,
  renderAssetLock,
  type HashCache,
} from '@nx-handoff/core/config';
import { isClientConfigPath } from '../plugins/plugin';
import { NXIGNORE_FILE, updateMediaIgnore } from './media-ignore';

/** Workspace-relative POSIX folders of every handoff client (a folder with a handoff.json). */
export async function findClientDirs(tree: Tree): Promise<string[]> {
  const files = await globAsync(tree, [`**/${CLIENT_CONFIG_FILE}`]);
  return files
    .filter(isClientConfigPath)
    .map((f) => path.posix.dirname(f))
    .sort();
}

/** Write the `.nxignore` block for these clients when it changed; true when written. */
export function syncMediaIgnore(tree: Tree, clientDirs: string[]): boolean {
  const current = tree.exists(NXIGNORE_FILE) ? (tree.read(NXIGNORE_FILE, 'utf8') ?? '') : '';
  const next = updateMediaIgnore(current, clientDirs);
  if (next === current) return false;
  if (next === '') tree.delete(NXIGNORE_FILE);
  else tree.write(NXIGNORE_FILE, next);
  return true;
}

export interface LockSyncOptions {
  /** The folder the media are read from: the workspace on disk (`tree.root`). */
  diskRoot: string;
  cache?: HashCache;
}

/**
 * Bring one client's asset lock up to date in the tree (media are read from disk by streaming,
 * through the local hash cache); true when the lock changed. Nx writes the tree to disk.
 */
export async function syncClientLock(tree: Tree, clientDir: string, opts: LockSyncOptions): Promise<boolean> {
  const lock = await computeAssetLock(path.join(opts.diskRoot, clientDir), {
    workspaceRoot: opts.diskRoot,
    cache: opts.cache,
  });
  const file = clientDir === '.' ? ASSET_LOCK_FILE : `${clientDir}/${ASSET_LOCK_FILE}`;
  const text = renderAssetLock(lock);
  if (tree.exists(file) && tree.read(file, 'utf8') === text) return false;
  tree.write(file, text);
  return true;
}

/** The ignore block and the locks of these clients; returns the files that changed. */
export async function syncAssetLocks(tree: Tree, clientDirs: string[], diskRoot = tree.root): Promise<string[]> {
  const changed: string[] = [];
  if (syncMediaIgnore(tree, clientDirs)) changed.push(NXIGNORE_FILE);
  const cache = await openHashCache(diskRoot);
  for (const dir of clientDirs) {
    if (await syncClientLock(tree, dir, { diskRoot, cache })) changed.push(`${dir}/${ASSET_LOCK_FILE}`);
  }
  await cache.save();
  return changed;
}
