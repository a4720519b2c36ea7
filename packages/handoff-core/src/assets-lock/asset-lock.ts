import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { gitIgnoredPaths } from '../fs/git-ignored';
import { sha256File } from '../bundle/sha256-file';
import { openHashCache, type HashCache } from './hash-cache';
import { isMediaFile } from './media-files';

/**
 * The asset lock: a small committed file per client listing the media files that `.nxignore`
 * keeps out of Nx's file hashing (client-relative POSIX path, size, sha256; sorted; no mtimes, so a
 * fresh clone is in sync). It lives in the client folder, so it is an input of the client's
 * targets: a changed media file changes the lock, and `nx affected` and the task hashes see it.
 */
export const ASSET_LOCK_FILE = 'handoff.assets.lock.json';
export const ASSET_LOCK_VERSION = 1;
const LOCK_NOTE =
  "Written by nx-handoff (nx sync). The media files .nxignore keeps out of Nx's file hashing; commit this file.";

export interface AssetLockEntry {
  /** Client-relative POSIX path. */
  path: string;
  size: number;
  sha256: string;
}

export interface AssetLock {
  version: number;
  files: AssetLockEntry[];
}

/** Folders never walked: not part of the client's content. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.nx']);

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Client-relative POSIX paths of the media files under `clientRoot` (symlinks not followed). */
async function walkMedia(clientRoot: string, rel = ''): Promise<string[]> {
  const dir = path.join(clientRoot, rel);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return [];
    throw err;
  });
  const out: string[] = [];
  for (const e of entries) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) out.push(...(await walkMedia(clientRoot, child)));
    else if (e.isFile() && isMediaFile(e.name)) out.push(child);
  }
  return out;
}

/**
 * The media files the lock covers: every media file under the client folder that git does not
 * ignore (git-ignored files are hidden from Nx anyway and missing from a fresh clone).
 */
export async function listLockedMedia(clientRoot: string): Promise<string[]> {
  const media = await walkMedia(clientRoot);
  const ignored = await gitIgnoredPaths(clientRoot, media);
  return media.filter((p) => !ignored.has(p)).sort(byPath);
}

export interface ComputeAssetLockOptions {
  /** Where the local hash cache lives: `<workspaceRoot>/node_modules/.cache/nx-handoff/`. */
  workspaceRoot: string;
  /** An open cache to share between clients (saved by the caller); default: one for this call. */
  cache?: HashCache;
}

/**
 * The lock of one client, computed from disk. Each file is streamed through sha256 (never read
 * whole) unless the hash cache has it for the same size, mtime and inode.
 */
export async function computeAssetLock(clientRoot: string, opts: ComputeAssetLockOptions): Promise<AssetLock> {
  const root = path.resolve(clientRoot);
  const cache = opts.cache ?? (await openHashCache(opts.workspaceRoot));
  const files: AssetLockEntry[] = [];
  const seen = new Set<string>();
  for (const rel of await listLockedMedia(root)) {
    const abs = path.join(root, ...rel.split('/'));
    const st = await fs.stat(abs);
    let sha256 = cache.lookup(abs, st);
    if (!sha256) {
      sha256 = await sha256File(abs);
      cache.remember(abs, st, sha256);
    }
    seen.add(abs);
    files.push({ path: rel.normalize('NFC'), size: st.size, sha256 });
  }
  cache.prune(root, seen);
  if (!opts.cache) await cache.save();
  return { version: ASSET_LOCK_VERSION, files };
}

/** The lock file's text: deterministic (sorted entries, fixed key order, two-space JSON, final newline). */
export function renderAssetLock(lock: AssetLock): string {
  const files = [...lock.files]
    .sort((a, b) => byPath(a.path, b.path))
    .map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));
  return `${JSON.stringify({ $comment: LOCK_NOTE, version: lock.version, files }, null, 2)}\n`;
}

/** Write the lock (temp + rename) when its text differs from the file's; true when written. */
export async function writeAssetLock(clientRoot: string, lock: AssetLock): Promise<boolean> {
  const file = path.join(clientRoot, ASSET_LOCK_FILE);
  const text = renderAssetLock(lock);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return false;
  await writeFileAtomic(file, text);
  return true;
}

/** The committed lock of a client, or undefined when there is none (or it is not a lock). */
export async function readAssetLock(clientRoot: string): Promise<AssetLock | undefined> {
  const text = await fs.readFile(path.join(clientRoot, ASSET_LOCK_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as Partial<AssetLock>;
    if (!Array.isArray(raw.files)) return { version: ASSET_LOCK_VERSION, files: [] };
    const files = raw.files.filter(
      (f): f is AssetLockEntry =>
        !!f && typeof f.path === 'string' && typeof f.size === 'number' && typeof f.sha256 === 'string',
    );
    return { version: typeof raw.version === 'number' ? raw.version : ASSET_LOCK_VERSION, files };
  } catch {
    return { version: ASSET_LOCK_VERSION, files: [] };
  }
}

/** Compute a client's lock and write it when it changed (what `nx sync` does per client). */
export async function syncAssetLock(
  clientRoot: string,
  opts: ComputeAssetLockOptions,
): Promise<{ lock: AssetLock; written: boolean }> {
  const lock = await computeAssetLock(clientRoot, opts);
  return { lock, written: await writeAssetLock(clientRoot, lock) };
}
