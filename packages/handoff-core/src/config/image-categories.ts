/**
 * What the image metadata stripper removes, by category (never by value), and its options.
 */

/**
 * Kinds of embedded metadata, in the order reports list them. The first ones are the agency's
 * internal information (removed by default); the last five are provenance and rights, which IPTC
 * and C2PA ask tools to keep (kept by default, see DEFAULT_KEPT_CATEGORIES).
 */
export const METADATA_CATEGORIES = [
  'png-text', // PNG tEXt / iTXt / zTXt other than XMP (generator `parameters`, `prompt`, `workflow`, `Comment`)
  'exif', // Exif values other than the kept Orientation and Copyright (GPS, UserComment, ImageDescription, Software, camera...)
  'xmp', // XMP properties other than the kept ones (tool namespaces, xmpMM history and document ids, CreatorTool...); extended XMP
  'iptc', // JPEG APP13 Photoshop resources / IPTC-IIM
  'jpeg-comment', // JPEG COM segments
  'timestamp', // PNG tIME
  'thumbnail', // JFIF / JFXX embedded thumbnails
  'c2pa', // C2PA / JUMBF manifests (PNG caBX, JPEG APP11, WebP C2PA) and XMP dcterms:provenance
  'other-metadata', // any other ancillary chunk or application segment
  'trailing-data', // bytes after the end of the image (after PNG IEND or the WebP RIFF)
  'digital-source-type', // XMP Iptc4xmpExt:DigitalSourceType (the IPTC "AI-generated" mark)
  'rights', // XMP dc:rights, photoshop:Credit, xmpRights:*, plus:Licensor / CopyrightOwner; Exif Copyright
  'icc-profile', // PNG iCCP, JPEG APP2 ICC_PROFILE, WebP ICCP
  'orientation', // Exif Orientation, XMP tiff:Orientation
] as const;

export type MetadataCategory = (typeof METADATA_CATEGORIES)[number];

/** Provenance and rights: kept by default (`strip.images.keep`). */
export const PROVENANCE_CATEGORIES = [
  'c2pa',
  'digital-source-type',
  'rights',
  'icc-profile',
  'orientation',
] as const satisfies readonly MetadataCategory[];
export const DEFAULT_KEPT_CATEGORIES: ReadonlyArray<(typeof PROVENANCE_CATEGORIES)[number]> = PROVENANCE_CATEGORIES;
/** Categories a client may keep: every one but trailing data (bytes after the image are never shipped). */
export type KeepableCategory = Exclude<MetadataCategory, 'trailing-data'>;
export const KEEPABLE_CATEGORIES = METADATA_CATEGORIES.filter((c): c is KeepableCategory => c !== 'trailing-data') as [
  KeepableCategory,
  ...KeepableCategory[],
];

export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** What one stripped image lost. Categories only: values are never reported. */
export interface ImageStripReport {
  fileName: string;
  format: ImageFormat;
  /** Categories removed (or reduced, e.g. Exif down to Orientation), in METADATA_CATEGORIES order. */
  removed: MetadataCategory[];
  /** A C2PA manifest was present and kept. */
  c2paKept: boolean;
  /**
   * A kept C2PA manifest whose hard binding no longer matches: C2PA hashes the file bytes outside
   * the manifest, so removing anything else makes validators report the manifest as tampered.
   * The packager never strips a signed file (see the signed-image check); this is for direct callers.
   */
  c2paInvalidated: boolean;
}

/** Planned byte count a WebP loses; lets the WebP stripper write the RIFF size up front. */
export interface WebpPlan {
  /** Input bytes minus output bytes (negative when a rewritten chunk grew). */
  removedBytes: number;
  /** VP8X flag byte of the output (ICC, EXIF and XMP bits set for the chunks that stay). */
  vp8xFlags?: number;
}

export interface StripperOptions {
  /** Categories kept; every other one is removed. Default: DEFAULT_KEPT_CATEGORIES (or the legacy keepC2pa set). */
  keep?: readonly MetadataCategory[];
  /**
   * Legacy form, used only when `keep` is not given: ICC profile and orientation kept, C2PA when
   * true, everything else (the rights and Digital Source Type fields too) removed.
   */
  keepC2pa?: boolean;
  /** Called once, when the stream ends successfully, with the report (also on `stripper.report`). */
  onReport?: (report: ImageStripReport) => void;
  /**
   * Called with the raw payload of every metadata segment met (removed ones, the original Exif of a
   * rewritten one, kept C2PA) and the segment's name (PNG chunk type, `APP1`, `COM`, WebP chunk id).
   * Used by readImageMetadataText; such payloads are buffered, up to MAX_METADATA_PAYLOAD each.
   */
  onMetadata?: (category: MetadataCategory, payload: Buffer, segment: string) => void;
  /** Parse only: push no output (used to inspect an image; no WebP plan needed). */
  analyzeOnly?: boolean;
  /** WebP only: bytes the WebP will lose (planWebpStrip). Without it the WebP output is held in memory. */
  webpPlan?: WebpPlan;
  /**
   * The AI disclosure to write (an IPTC Digital Source Type URI) as XMP
   * Iptc4xmpExt:DigitalSourceType: merged into a kept XMP packet that has none, or written as a
   * new packet (PNG iTXt before IEND, JPEG APP1 before the first scan, WebP `XMP ` chunk when the
   * file has a VP8X header). Implies keeping `digital-source-type`.
   */
  embedDigitalSourceType?: string;
}

/** Largest metadata payload buffered (eXIf to rewrite, payloads for onMetadata). */
export const MAX_METADATA_PAYLOAD = 16 * 1024 * 1024;

/** Largest WebP held in memory when no plan was given. */
export const MAX_UNPLANNED_WEBP = 64 * 1024 * 1024;

export function sortCategories(set: Iterable<MetadataCategory>): MetadataCategory[] {
  const s = new Set(set);
  return METADATA_CATEGORIES.filter((c) => s.has(c));
}

/** The categories kept under `opts` (see StripperOptions.keep). */
export function keptCategories(
  opts: Pick<StripperOptions, 'keep' | 'keepC2pa' | 'embedDigitalSourceType'>,
): ReadonlySet<MetadataCategory> {
  const legacy: MetadataCategory[] = opts.keepC2pa
    ? ['c2pa', 'icc-profile', 'orientation']
    : ['icc-profile', 'orientation'];
  const kept = new Set<MetadataCategory>(opts.keep ?? (opts.keepC2pa !== undefined ? legacy : DEFAULT_KEPT_CATEGORIES));
  if (opts.embedDigitalSourceType) kept.add('digital-source-type');
  return kept;
}
