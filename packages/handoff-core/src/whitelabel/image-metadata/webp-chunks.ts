import { promises as fs } from 'node:fs';
import { malformedImageError } from './base-stripper';
import type { MetadataCategory, WebpPlan } from './categories';

/**
 * WebP (RIFF) chunk rules, shared by the streaming stripper and the plan that gives it the final
 * RIFF size: EXIF and XMP follow the image data in a WebP, so the size the header must carry is
 * known only after reading the chunk headers of the whole file.
 */
export type WebpChunkAction = 'keep' | 'drop' | 'vp8x';

const KEPT_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X']);
/** VP8X flag bits for "has EXIF" (0x08) and "has XMP" (0x04). */
export const VP8X_METADATA_FLAGS = 0x0c;

export function classifyWebpChunk(fourcc: string, keepC2pa: boolean): { action: WebpChunkAction; category?: MetadataCategory } {
  if (fourcc === 'VP8X') return { action: 'vp8x' };
  if (KEPT_CHUNKS.has(fourcc)) return { action: 'keep' };
  if (fourcc === 'EXIF') return { action: 'drop', category: 'exif' };
  if (fourcc === 'XMP ') return { action: 'drop', category: 'xmp' };
  if (fourcc === 'C2PA') return { action: keepC2pa ? 'keep' : 'drop', category: 'c2pa' };
  return { action: 'drop', category: 'other-metadata' };
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
export function parseWebpChunkHead(head: Buffer, offset: number, riffEnd: number, first: boolean): WebpChunkHead | string {
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
  if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WEBP') return 'missing the RIFF/WEBP header';
  const riffSize = header.readUInt32LE(4);
  return riffSize < 4 ? `RIFF size ${riffSize} is too small` : riffSize;
}

/**
 * Read the chunk headers of a WebP file (12 + 8 bytes per chunk, skipping the data) and return
 * how many bytes stripping removes, so the stripper can write the final RIFF size first.
 */
export async function planWebpStrip(abs: string, fileName: string, keepC2pa: boolean): Promise<WebpPlan> {
  const fail = (why: string): Error => malformedImageError(fileName, 'webp', why);
  const handle = await fs.open(abs, 'r');
  try {
    const head = Buffer.alloc(12);
    const read = async (at: number, n: number): Promise<Buffer> => {
      const { bytesRead } = await handle.read(head, 0, n, at);
      if (bytesRead < n) throw fail('the file ends inside the RIFF data');
      return head.subarray(0, n);
    };
    const riffSize = parseWebpHeader(await read(0, 12));
    if (typeof riffSize === 'string') throw fail(riffSize);
    const riffEnd = riffSize + 8;
    let removedBytes = 0;
    for (let at = 12; at < riffEnd; ) {
      const chunk = parseWebpChunkHead(await read(at, 8), at, riffEnd, at === 12);
      if (typeof chunk === 'string') throw fail(chunk);
      if (classifyWebpChunk(chunk.fourcc, keepC2pa).action === 'drop') removedBytes += 8 + chunk.padded;
      at += 8 + chunk.padded;
    }
    return { removedBytes };
  } finally {
    await handle.close();
  }
}
