export {
  ASSET_LOCK_FILE,
  ASSET_LOCK_VERSION,
  computeAssetLock,
  listLockedMedia,
  readAssetLock,
  renderAssetLock,
  syncAssetLock,
  writeAssetLock,
  type AssetLock,
  type AssetLockEntry,
  type ComputeAssetLockOptions,
} from './asset-lock';
export { assetLockProblems, checkAssetLock, lockedFileHashes, type CheckAssetLockOptions } from './check-asset-lock';
export { HASH_CACHE_FILE, openHashCache, type HashCache } from './hash-cache';
export {
  MEDIA_EXTENSIONS,
  caseInsensitiveGlob,
  escapeIgnorePath,
  isMediaFile,
  mediaIgnorePatterns,
} from './media-files';
