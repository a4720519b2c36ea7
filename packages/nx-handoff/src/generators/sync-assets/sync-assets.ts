import type { Tree } from '@nx/devkit';
import { ASSET_LOCK_FILE } from '@nx-handoff/core/config';
import { findClientDirs, syncAssetLocks } from '../../utils/asset-locks';
import type { SyncAssetsGeneratorSchema } from './schema';

/** What a sync generator returns in Nx 24 (`SyncGeneratorResult` of nx/src/utils/sync-generators). */
export type SyncAssetsResult = void | { outOfSyncMessage?: string; outOfSyncDetails?: string[] };

/**
 * The sync generator behind `nx sync` / `nx sync:check` and the `syncGenerators` of the handoff
 * targets: every handoff client's asset lock (its media files' paths, sizes and sha256) and the
 * `.nxignore` block that keeps those media out of Nx's file hashing. Media are read from disk by
 * streaming, through a local hash cache: a warm run is a stat per file.
 *
 * `diskRoot` is where the media are read (the workspace, `tree.root`; tests pass a temp folder).
 */
export async function syncAssetsGenerator(
  tree: Tree,
  _options: SyncAssetsGeneratorSchema = {},
  diskRoot: string = tree.root,
): Promise<SyncAssetsResult> {
  const changed = await syncAssetLocks(tree, await findClientDirs(tree), diskRoot);
  if (changed.length === 0) return;
  const locks = changed.filter((f) => f.endsWith(ASSET_LOCK_FILE)).length;
  const parts = [
    ...(locks ? [`${locks} client asset lock${locks === 1 ? ' is' : 's are'} out of date (media files changed)`] : []),
    ...(changed.length > locks ? ['the nx-handoff media block of .nxignore is out of date'] : []),
  ];
  return {
    outOfSyncMessage: `${parts.join('; ')}. Run \`nx sync\` and commit the result.`,
    outOfSyncDetails: changed.map((f) => `  ${f}`),
  };
}

export default syncAssetsGenerator;
