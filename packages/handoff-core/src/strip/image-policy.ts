import type { ClientConfig } from '../config/client-config';
import { imageFormatOf } from '../whitelabel/image-metadata/create-stripper';
import type { AssetFile } from '../types';

/**
 * Rights kinds whose files keep their embedded metadata: a licensor's copyright and attribution
 * fields may be part of the licence terms.
 */
const KEEP_METADATA_KINDS = new Set(['licensed-stock', 'client-supplied']);

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');

/** Client-relative paths of the assets that keep their metadata. */
export function metadataKeptFor(config: ClientConfig): Set<string> {
  return new Set(config.rights.items.filter((i) => KEEP_METADATA_KINDS.has(i.kind)).map((i) => norm(i.asset)));
}

/** Bundle path (`assets/...`) of a client-relative path under one of the deliverables folders. */
export function assetBundlePath(rel: string, deliverables: string[]): string | undefined {
  for (const d of deliverables.map(norm).map((x) => x.replace(/\/+$/, ''))) {
    if (d === '' || d === '.') return `assets/${rel}`;
    if (rel.startsWith(`${d}/`)) return `assets/${rel.slice(d.length + 1)}`;
  }
  return undefined;
}

/** The cold test's leak gate for a known client: its merged strip rules and kept-metadata images. */
export function whiteLabelGateFor(config: ClientConfig): { rules: { tagPrefixes: string[]; tags: string[]; terms: string[] }; keepC2pa: boolean; keepMetadataIn: string[] } {
  const { tagPrefixes, tags, terms, images } = config.strip;
  const keepMetadataIn = [...metadataKeptFor(config)]
    .map((rel) => assetBundlePath(rel, config.deliverables))
    .filter((p): p is string => p !== undefined)
    .flatMap((p) => [p, `data/${p}`]);
  return { rules: { tagPrefixes, tags, terms }, keepC2pa: images.keepC2pa, keepMetadataIn };
}

/** Whether this asset's embedded image metadata is stripped while packaging. */
export function stripsImageMetadata(asset: AssetFile, config: ClientConfig, kept = metadataKeptFor(config)): boolean {
  return config.strip.images.strip && imageFormatOf(asset.rel) !== undefined && !kept.has(asset.rel);
}
