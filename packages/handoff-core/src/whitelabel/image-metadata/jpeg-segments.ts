import type { MetadataCategory } from '../../config/image-categories';

/**
 * What happens to each JPEG marker segment before the first scan. Application segments are told
 * apart by the identifier their payload starts with.
 */
export type JpegSegmentAction = 'keep' | 'drop' | 'reduce-exif' | 'reduce-jfif' | 'reduce-xmp';

export interface JpegSegmentRule {
  action: JpegSegmentAction;
  category?: MetadataCategory;
}

export const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
export const XMP_ID = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const XMP_EXTENSION_ID = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
/** Largest XMP packet in one APP1 segment: 65535 less the length field and the identifier. */
export const MAX_JPEG_XMP_PACKET = 0xffff - 2 - XMP_ID.length;
const JFIF_ID = Buffer.from('JFIF\0', 'latin1');
const JFXX_ID = Buffer.from('JFXX\0', 'latin1');
const ICC_ID = Buffer.from('ICC_PROFILE\0', 'latin1');
const ADOBE_ID = Buffer.from('Adobe', 'latin1');
const JUMBF_ID = Buffer.from('JP', 'latin1');

/** Length of a JFIF APP0 payload without a thumbnail: identifier, version, units, densities, 0x0. */
export const JFIF_BASE_LENGTH = 14;

function startsWith(payload: Buffer, id: Buffer): boolean {
  return payload.length >= id.length && payload.subarray(0, id.length).equals(id);
}

/** The category of an application segment, and what happens to it when that category is not kept. */
function appRule(marker: number, payload: Buffer): Required<JpegSegmentRule> | JpegSegmentRule {
  const other = { action: 'drop', category: 'other-metadata' } as const;
  switch (marker) {
    case 0xe0:
      if (startsWith(payload, JFIF_ID)) return { action: 'reduce-jfif', category: 'thumbnail' };
      return startsWith(payload, JFXX_ID) ? { action: 'drop', category: 'thumbnail' } : other;
    case 0xe1:
      if (startsWith(payload, Buffer.from('Exif\0', 'latin1'))) return { action: 'reduce-exif', category: 'exif' };
      if (startsWith(payload, XMP_ID)) return { action: 'reduce-xmp', category: 'xmp' };
      return startsWith(payload, XMP_EXTENSION_ID) ? { action: 'drop', category: 'xmp' } : other;
    case 0xe2:
      return startsWith(payload, ICC_ID) ? { action: 'drop', category: 'icc-profile' } : other; // MPF, FlashPix: other
    case 0xeb:
      return startsWith(payload, JUMBF_ID) ? { action: 'drop', category: 'c2pa' } : other;
    case 0xed:
      return { action: 'drop', category: 'iptc' };
    case 0xee:
      return startsWith(payload, ADOBE_ID) ? { action: 'keep' } : other; // colour transform: needed to decode
    default:
      return other;
  }
}

/**
 * Rule for the segment with `marker` (the byte after 0xFF) and `payload` (after the length) under
 * the kept categories: a segment of a kept category is kept whole; Exif and XMP are reduced to
 * their kept parts (the stripper marks them removed only when something went).
 */
export function classifyJpegSegment(
  marker: number,
  payload: Buffer,
  kept: ReadonlySet<MetadataCategory>,
): JpegSegmentRule {
  const rule: JpegSegmentRule =
    marker >= 0xe0 && marker <= 0xef
      ? appRule(marker, payload)
      : marker === 0xfe
        ? { action: 'drop', category: 'jpeg-comment' }
        : { action: 'keep' }; // tables, frame header, restart interval...
  return rule.category && kept.has(rule.category) ? { action: 'keep', category: rule.category } : rule;
}

/** The JFIF payload without its thumbnail, or undefined when it has none (or is too short to tell). */
export function reduceJfif(payload: Buffer): Buffer | undefined {
  if (payload.length < JFIF_BASE_LENGTH) return undefined;
  const hasThumb = payload.length > JFIF_BASE_LENGTH || payload[12] !== 0 || payload[13] !== 0;
  if (!hasThumb) return undefined;
  const out = Buffer.from(payload.subarray(0, JFIF_BASE_LENGTH));
  out[12] = 0;
  out[13] = 0;
  return out;
}

/** Marker bytes and length field of a segment carrying `payloadLength` bytes. */
export function jpegSegmentHead(marker: number, payloadLength: number): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payloadLength + 2, 2);
  return head;
}
