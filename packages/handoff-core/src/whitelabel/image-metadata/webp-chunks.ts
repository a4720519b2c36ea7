import { promises as fs } from 'node:fs';
import { malformedImageError } from './base-stripper';
import {
  MAX_METADATA_PAYLOAD,
  keptCategories,
  type MetadataCategory,
  type StripperOptions,
  type WebpPlan,
} from '../../config/image-categories';
import { reduceExif } from './exif-orientation';
import { buildDisclosureXmp, reduceXmpPacket } from './xmp-packet';

/**
 * WebP (RIFF) chunk rules, shared by the streaming stripper and the plan that gives it the final
 * RIFF size: EXIF and XMP follow the image data in a WebP, so the size the header must carry is
 * known only after reading the chunk headers of the whole file.
 */
/** `rewrite`: EXIF and XMP reduced to their kept parts (the chunk may shrink or go). */
export type WebpChunkAction = 'keep' | 'drop' | 'vp8x' | 'rewrite';

const KEPT_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF']);
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X']);
const CATEGORY_OF: Record<string, MetadataCategory> = {
  ICCP: 'icc-profile',
  EXIF: 'exif',
  'XMP ': 'xmp',
  C2PA: 'c2pa',
};
/** VP8X flag bits for "has ICC profile" (0x20), "has EXIF" (0x08) and "has XMP" (0x04). */
export const VP8X_ICC_FLAG = 0x20;
export const VP8X_EXIF_FLAG = 0x08;
export const VP8X_XMP_FLAG = 0x04;
const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1');

export function classifyWebpChunk(
  fourcc: string,
  kept: ReadonlySet<MetadataCategory>,
): { action: WebpChunkAction; category?: MetadataCategory } {
  if (fourcc === 'VP8X') return { action: 'vp8x' };
  if (KEPT_CHUNKS.has(fourcc)) return { action: 'keep' };
  const category = CATEGORY_OF[fourcc] ?? 'other-metadata';
  if (kept.has(category)) return { action: 'keep', category };
  return { action: fourcc === 'EXIF' || fourcc === 'XMP ' ? 'rewrite' : 'drop', category };
}

/**
 * What an EXIF or XMP chunk's data becomes (undefined: the chunk goes). Throws on a broken Exif
 * block. Shared by the stripper and its plan, so both agree on every byte.
 */
export function rewriteWebpChunk(
  fourcc: string,
  data: Buffer,
  kept: ReadonlySet<MetadataCategory>,
  disclose?: string,
): Buffer | undefined {
  if (fourcc === 'XMP ') return reduceXmpPacket(data, kept, disclose);
  return mapWebpExif(data, (tiff) => reduceExif(tiff, kept));
}

/** A WebP EXIF payload through `reduce` (given its TIFF block), keeping the "Exif\0\0" prefix some writers add. */
export function mapWebpExif(data: Buffer, reduce: (tiff: Buffer) => Buffer | undefined): Buffer | undefined {
  const prefixed = data.subarray(0, EXIF_PREFIX.length).equals(EXIF_PREFIX);
  const reduced = reduce(prefixed ? data.subarray(EXIF_PREFIX.length) : data);
  return reduced && prefixed ? Buffer.concat([EXIF_PREFIX, reduced]) : reduced;
}

/** rewriteWebpChunk, with a broken Exif block counted as dropped (the stripper reports it). */
function rewriteOrUndefined(
  fourcc: string,
  data: Buffer,
  kept: ReadonlySet<MetadataCategory>,
  disclose?: string,
): Buffer | undefined {
  try {
    return rewriteWebpChunk(fourcc, data, kept, disclose);
  } catch {
    return undefined;
  }
}

/** The disclosure XMP chunk's data for a WebP whose output has no XMP (VP8X files only). */
export function webpDisclosure(
  disclose: string | undefined,
  hasVp8x: boolean,
  xmpWritten: boolean,
): Buffer | undefined {
  return disclose && hasVp8x && !xmpWritten ? buildDisclosureXmp(disclose) : undefined;
}

/** Size of a chunk (header, data, pad byte) holding `n` data bytes. */
export const chunkBytes = (n: number): number => 8 + n + (n & 1);

/** The VP8X flag byte for the chunks the output keeps. */
export function vp8xFlagsFor(original: number, out: { icc: boolean; exif: boolean; xmp: boolean }): number {
  const cleared = original & ~(VP8X_ICC_FLAG | VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
  return cleared | (out.icc ? VP8X_ICC_FLAG : 0) | (out.exif ? VP8X_EXIF_FLAG : 0) | (out.xmp ? VP8X_XMP_FLAG : 0);
}

export interface WebpChunkHead {
  fourcc: string;
  size: number;
  /** size plus the pad byte of odd-sized chunks. */
  padded: number;
}

/**
 * Parse a chunk header at `offset` (absolute) of a RIFF ending at `riffEnd`, or a reason why it is
 * broken. `first` is true for the first chunk, which must be VP8, VP8L or VP8X.
 */
export function parseWebpChunkHead(
  head: Buffer,
  offset: number,
  riffEnd: number,
  first: boolean,
): WebpChunkHead | string {
  const fourcc = head.toString('latin1', 0, 4);
  if (!/^[\x20-\x7e]{4}$/.test(fourcc)) return `bad chunk id at byte ${offset}`;
  const size = head.readUInt32LE(4);
  const padded = size + (size & 1);
  if (offset + 8 + padded > riffEnd) return `the ${JSON.stringify(fourcc)} chunk runs past the end of the RIFF data`;
  if (first && !IMAGE_CHUNKS.has(fourcc)) return `the first chunk is ${JSON.stringify(fourcc)}, not VP8, VP8L or VP8X`;
  if (fourcc === 'VP8X' && (size < 10 || size > 64)) return `the VP8X chunk has ${size} bytes`;
  return { fourcc, size, padded };
}

/** RIFF size from the 12-byte file header, or a reason why it is not a WebP. */
export function parseWebpHeader(header: Buffer): number | string {
  if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WEBP')
    return 'missing the RIFF/WEBP header';
  const riffSize = header.readUInt32LE(4);
  return riffSize < 4 ? `RIFF size ${riffSize} is too small` : riffSize;
}

/**
 * Read the chunk headers of a WebP file (12 + 8 bytes per chunk, skipping the data; the data of
 * EXIF, XMP and VP8X chunks, which are small, is read) and return how many bytes stripping
 * removes and the output's VP8X flags, so the stripper can write the final RIFF size first.
 */
export async function planWebpStrip(
  abs: string,
  fileName: string,
  opts: Pick<StripperOptions, 'keep' | 'keepC2pa' | 'embedDigitalSourceType'>,
): Promise<WebpPlan> {
  const fail = (why: string): Error => malformedImageError(fileName, 'webp', why);
  const kept = keptCategories(opts);
  const handle = await fs.open(abs, 'r');
  try {
    const read = async (at: number, n: number): Promise<Buffer> => {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buf, 0, n, at);
      if (bytesRead < n) throw fail('the file ends inside the RIFF data');
      return buf;
    };
    const riffSize = parseWebpHeader(await read(0, 12));
    if (typeof riffSize === 'string') throw fail(riffSize);
    const riffEnd = riffSize + 8;
    let removedBytes = 0;
    let flags: number | undefined;
    const out = { icc: false, exif: false, xmp: false };
    for (let at = 12; at < riffEnd;) {
      const chunk = parseWebpChunkHead(await read(at, 8), at, riffEnd, at === 12);
      if (typeof chunk === 'string') throw fail(chunk);
      const { action } = classifyWebpChunk(chunk.fourcc, kept);
      let stays = action === 'keep';
      if (action === 'vp8x') flags = (await read(at + 8, 1))[0];
      if (action === 'drop') removedBytes += 8 + chunk.padded;
      if (action === 'rewrite') {
        if (chunk.size > MAX_METADATA_PAYLOAD)
          throw fail(
            `the ${JSON.stringify(chunk.fourcc)} chunk of ${chunk.size} bytes is larger than the ${MAX_METADATA_PAYLOAD}-byte limit for metadata`,
          );
        const data = rewriteOrUndefined(
          chunk.fourcc,
          await read(at + 8, chunk.size),
          kept,
          opts.embedDigitalSourceType,
        );
        removedBytes += 8 + chunk.padded - (data ? chunkBytes(data.length) : 0);
        stays = data !== undefined;
      }
      if (stays && chunk.fourcc === 'ICCP') out.icc = true;
      if (stays && chunk.fourcc === 'EXIF') out.exif = true;
      if (stays && chunk.fourcc === 'XMP ') out.xmp = true;
      at += 8 + chunk.padded;
    }
    const disclosure = webpDisclosure(opts.embedDigitalSourceType, flags !== undefined, out.xmp);
    if (disclosure) {
      removedBytes -= chunkBytes(disclosure.length);
      out.xmp = true;
    }
    return { removedBytes, vp8xFlags: flags === undefined ? undefined : vp8xFlagsFor(flags, out) };
  } finally {
    await handle.close();
  }
}
