/**
 * What the image metadata stripper removes, by category (never by value), and its options.
 */

/** Kinds of metadata removed from an image, in the order reports list them. */
export const METADATA_CATEGORIES = [
  'png-text', // PNG tEXt / iTXt / zTXt (generator `parameters`, `prompt`, `workflow`, XMP-in-iTXt)
  'exif', // Exif beyond the Orientation tag (PNG eXIf, JPEG APP1 Exif, WebP EXIF)
  'xmp', // JPEG APP1 XMP (standard and extended), WebP `XMP `
  'iptc', // JPEG APP13 Photoshop resources / IPTC-IIM
  'jpeg-comment', // JPEG COM segments
  'timestamp', // PNG tIME
  'thumbnail', // JFIF / JFXX embedded thumbnails
  'c2pa', // C2PA / JUMBF manifests (PNG caBX, JPEG APP11, WebP C2PA) when not kept
  'other-metadata', // any other ancillary chunk or application segment
  'trailing-data', // bytes after the end of the image (after PNG IEND or the WebP RIFF)
] as const;

export type MetadataCategory = (typeof METADATA_CATEGORIES)[number];

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
   * Sign after white-labelling, or ship with keepC2pa off.
   */
  c2paInvalidated: boolean;
}

/** Planned byte count a WebP loses; lets the WebP stripper write the RIFF size up front. */
export interface WebpPlan {
  removedBytes: number;
}

export interface StripperOptions {
  /** Keep C2PA content credentials (PNG caBX, JPEG APP11 JUMBF, WebP C2PA). */
  keepC2pa: boolean;
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
}

/** Largest metadata payload buffered (eXIf to rewrite, payloads for onMetadata). */
export const MAX_METADATA_PAYLOAD = 16 * 1024 * 1024;

/** Largest WebP held in memory when no plan was given. */
export const MAX_UNPLANNED_WEBP = 64 * 1024 * 1024;

export function sortCategories(set: Iterable<MetadataCategory>): MetadataCategory[] {
  const s = new Set(set);
  return METADATA_CATEGORIES.filter((c) => s.has(c));
}
