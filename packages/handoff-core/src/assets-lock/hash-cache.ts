import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';

/**
 * A local, never committed cache of file hashes: absolute path + size + mtime + inode -> sha256,
 * so an unchanged media file is not read again. A file changed less than RACY_MS before it was
 * hashed is not cached (git's "racily clean" rule: a second write within the mtime granularity
 * would keep the same stamp).
 */
export const HASH_CACHE_FILE = path.join('node_modules', '.cache', 'nx-handoff', 'asset-hashes.json');
const RACY_MS = 2000;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

export interface HashCache {
  /** The cached sha256 when the file's stat still matches, else undefined. */
  lookup(abs: string, st: Stats): string | undefined;
  remember(abs: string, st: Stats, sha256: string, now?: number): void;
  /** Drop entries under `dir` that `keep` does not list (files deleted or no longer media). */
  prune(dir: string, keep: Set<string>): void;
  /** Write the cache (temp + rename) if anything changed; never throws (it is only a cache). */
  save(): Promise<void>;
  readonly hits: number;
  readonly misses: number;
}

function isEntry(v: unknown): v is CacheEntry {
  const e = v as CacheEntry;
  return (
    !!e &&
    typeof e.size === 'number' &&
    typeof e.mtimeMs === 'number' &&
    typeof e.ino === 'number' &&
    typeof e.sha256 === 'string'
  );
}

/** Load the cache of `workspaceRoot` (an unreadable or corrupt cache is an empty one). */
export async function openHashCache(workspaceRoot: string, file = HASH_CACHE_FILE): Promise<HashCache> {
  const cacheFile = path.resolve(workspaceRoot, file);
  const entries = new Map<string, CacheEntry>();
  try {
    const raw = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { files?: Record<string, unknown> };
    for (const [k, v] of Object.entries(raw.files ?? {})) if (isEntry(v)) entries.set(k, v);
  } catch {
    // no cache yet
  }
  let dirty = false;
  let hits = 0;
  let misses = 0;
  return {
    lookup(abs, st) {
      const e = entries.get(abs);
      const ok = e && e.size === st.size && e.mtimeMs === st.mtimeMs && e.ino === st.ino;
      if (ok) hits++;
      else misses++;
      return ok ? e.sha256 : undefined;
    },
    remember(abs, st, sha256, now = Date.now()) {
      if (now - st.mtimeMs < RACY_MS) {
        if (entries.delete(abs)) dirty = true;
        return;
      }
      entries.set(abs, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, sha256 });
      dirty = true;
    },
    prune(dir, keep) {
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      for (const k of entries.keys()) {
        if (k.startsWith(prefix) && !keep.has(k)) {
          entries.delete(k);
          dirty = true;
        }
      }
    },
    async save() {
      if (!dirty) return;
      const files = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      await writeFileAtomic(cacheFile, `${JSON.stringify({ version: 1, files })}\n`).catch(() => undefined);
      dirty = false;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
  };
}
