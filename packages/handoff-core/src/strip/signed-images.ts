import { createReadStream } from 'node:fs';
import { displayPath } from '../config/read-json';
import { HandoffError, isHandoffError, type Problem } from '../errors';
import type { AssetFile, LoadedClient } from '../types';
import { hasC2paManifest } from '../whitelabel/image-metadata/c2pa-probe';
import { imageFormatOf } from '../whitelabel/image-metadata/create-stripper';
import { readImageMetadataText } from '../whitelabel/image-metadata/metadata-text';
import { keptCategoriesFor, signedAsIsAccepted } from './image-policy';
import { FS_CONCURRENCY, mapLimit } from '../fs/map-limit';

/**
 * C2PA-signed images ship byte-for-byte: a C2PA manifest's hard binding hashes the rest of the
 * file, so removing anything else breaks its signature. Returns the client-relative paths of the
 * assets that carry a kept manifest (they are not stripped). A signed file that also carries
 * internal metadata (any category not kept) stops the build, naming the file and both fixes,
 * unless it is listed in strip.images.shipSignedAsIs. Reads only chunk headers of unsigned files.
 */
export async function findSignedImages(client: LoadedClient, assets: AssetFile[]): Promise<string[]> {
  const { config } = client;
  if (!config.strip.images.strip) return [];
  const accepted = signedAsIsAccepted(config);
  const signed: string[] = [];
  const problems: Problem[] = [];
  const candidates = assets.filter(
    (a) => !a.content && imageFormatOf(a.rel) && keptCategoriesFor(a, config).includes('c2pa'),
  );
  // The probe reads a few header blocks per image: several images at a time (see FS_CONCURRENCY).
  const probed = await mapLimit(candidates, FS_CONCURRENCY, (a) => hasC2paManifest(a.abs, a.rel));
  for (const [i, asset] of candidates.entries()) {
    if (!probed[i]) continue;
    const keep = keptCategoriesFor(asset, config);
    try {
      const found = await readImageMetadataText(
        asset.rel,
        createReadStream(asset.abs, { highWaterMark: 1024 * 1024 }),
        { keep },
      );
      if (found && found.categories.length > 0 && !accepted.has(asset.rel))
        problems.push(signedWithInternalMetadata(client, asset, found.categories));
      else signed.push(asset.rel);
    } catch (err) {
      if (!isHandoffError(err)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, file: displayPath(asset.abs, client.workspaceRoot) })));
    }
  }
  if (problems.length) throw new HandoffError(problems);
  return signed;
}

function signedWithInternalMetadata(client: LoadedClient, asset: AssetFile, categories: string[]): Problem {
  return {
    code: 'LEAK',
    file: displayPath(asset.abs, client.workspaceRoot),
    message: `carries a C2PA manifest and internal metadata (${categories.join(', ')}): stripping would break the manifest's signature, shipping would leak the metadata`,
    hint: `re-export the image without the internal metadata and sign it again (or exclude it from the handoff); or accept shipping it byte-for-byte as it is: add "${asset.rel}" to strip.images.shipSignedAsIs in handoff.json`,
  };
}
