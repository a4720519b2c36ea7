import type { ClientConfig, RightsItem } from '../config/client-config';
import { METADATA_CATEGORIES, type MetadataCategory } from '../config/image-categories';
import { imageFormatOf } from '../whitelabel/image-metadata/create-stripper';
import { digitalSourceTypeOf } from '../config/digital-source-type';
import type { AssetFile } from '../types';

/**
 * Rights kinds whose files keep the rights fields they came with (a licensor's copyright and
 * attribution may be part of the licence terms), whatever `strip.images.keep` says.
 */
const KEEP_RIGHTS_KINDS = new Set(['licensed-stock', 'client-supplied']);

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');

function rightsItemFor(rel: string, config: Pick<ClientConfig, 'rights'>): RightsItem | undefined {
  const want = norm(rel);
  return config.rights.items.find((i) => norm(i.asset) === want);
}

/**
 * The AI disclosure of an asset: its IPTC Digital Source Type URI, from its rights item (see
 * config/digital-source-type.ts): `trainedAlgorithmicMedia` for generated work unless the item
 * sets `digitalSourceType`; none for licensed stock and client-supplied files unless set. Pure:
 * used for the embedded XMP, docs/metadata.csv and index.html.
 */
export function digitalSourceTypeFor(
  asset: Pick<AssetFile, 'rel'>,
  config: Pick<ClientConfig, 'rights'>,
): string | undefined {
  return digitalSourceTypeOf(rightsItemFor(asset.rel, config));
}

/** The categories `strip.images` keeps for every image (keep, adjusted by the legacy keepC2pa). */
export function configuredKeptCategories(config: ClientConfig): MetadataCategory[] {
  const { keep, keepC2pa, embedDisclosure } = config.strip.images;
  const kept = new Set<MetadataCategory>(keep);
  if (keepC2pa === true) kept.add('c2pa');
  if (keepC2pa === false) kept.delete('c2pa');
  if (embedDisclosure) kept.add('digital-source-type');
  return METADATA_CATEGORIES.filter((c) => kept.has(c));
}

/** The categories kept in one asset: the configured ones, plus `rights` for stock and client-supplied files. */
export function keptCategoriesFor(asset: Pick<AssetFile, 'rel'>, config: ClientConfig): MetadataCategory[] {
  const kept = configuredKeptCategories(config);
  const item = rightsItemFor(asset.rel, config);
  if (item && KEEP_RIGHTS_KINDS.has(item.kind) && !kept.includes('rights'))
    return METADATA_CATEGORIES.filter((c) => c === 'rights' || kept.includes(c));
  return kept;
}

/** The categories removed from every image (the complement of configuredKeptCategories). */
export function removedImageCategories(config: ClientConfig): MetadataCategory[] {
  const kept = configuredKeptCategories(config);
  return METADATA_CATEGORIES.filter((c) => !kept.includes(c));
}

/** Client-relative paths accepted to ship C2PA-signed with their internal metadata (strip.images.shipSignedAsIs). */
export function signedAsIsAccepted(config: ClientConfig): Set<string> {
  return new Set(config.strip.images.shipSignedAsIs.map(norm));
}

/** Bundle path (`assets/...`) of a client-relative path under one of the deliverables folders. */
export function assetBundlePath(rel: string, deliverables: string[]): string | undefined {
  for (const d of deliverables.map(norm).map((x) => x.replace(/\/+$/, ''))) {
    if (d === '' || d === '.') return `assets/${rel}`;
    if (rel.startsWith(`${d}/`)) return `assets/${rel.slice(d.length + 1)}`;
  }
  return undefined;
}

export interface WhiteLabelGate {
  rules: { tagPrefixes: string[]; tags: string[]; terms: string[] };
  /** Categories the gate accepts in images (kept provenance); any other one left is a leak. */
  keep: MetadataCategory[];
  /** Bundle paths of images shipped with their metadata on purpose. */
  keepMetadataIn: string[];
}

/**
 * The cold test's leak gate for a known client: its merged strip rules, the kept categories
 * (plus `rights` when stock or client-supplied files keep theirs) and the C2PA-signed images
 * accepted to ship with their internal metadata (strip.images.shipSignedAsIs).
 */
export function whiteLabelGateFor(config: ClientConfig): WhiteLabelGate {
  const { tagPrefixes, tags, terms } = config.strip;
  const keep = configuredKeptCategories(config);
  if (config.rights.items.some((i) => KEEP_RIGHTS_KINDS.has(i.kind)) && !keep.includes('rights')) keep.push('rights');
  const keepMetadataIn = [...signedAsIsAccepted(config)]
    .map((rel) => assetBundlePath(rel, config.deliverables))
    .filter((p): p is string => p !== undefined)
    .flatMap((p) => [p, `data/${p}`]);
  return {
    rules: { tagPrefixes, tags, terms },
    keep: METADATA_CATEGORIES.filter((c) => keep.includes(c)),
    keepMetadataIn,
  };
}

/** Whether this asset's embedded image metadata is stripped while packaging (not when it ships signed, as is). */
export function stripsImageMetadata(
  asset: AssetFile,
  config: ClientConfig,
  signedAsIs: ReadonlySet<string> = new Set(),
): boolean {
  return config.strip.images.strip && imageFormatOf(asset.rel) !== undefined && !signedAsIs.has(asset.rel);
}

/** The stripper options for one asset: its kept categories and, when asked, its AI disclosure. */
export function imageStripOptions(
  asset: AssetFile,
  config: ClientConfig,
): { keep: MetadataCategory[]; embedDigitalSourceType?: string } {
  const dst = config.strip.images.embedDisclosure ? digitalSourceTypeFor(asset, config) : undefined;
  return { keep: keptCategoriesFor(asset, config), ...(dst ? { embedDigitalSourceType: dst } : {}) };
}
