import { promises as fs } from 'node:fs';
import { readExifOrientation } from '../whitelabel/image-metadata/exif-orientation';

/**
 * Pixel size of a PNG, JPEG, WebP or GIF from its header, never decoding the image: a few small
 * positioned reads (PNG/WebP/GIF: the first 30 bytes; JPEG: 4 bytes per marker segment up to the
 * frame header, plus an Exif block for the orientation). Width and height are as displayed: a JPEG
 * whose Exif orientation turns it (5-8) has them swapped.
 */
export interface ImageDimensions {
  width: number;
  height: number;
}

/** Reads `length` bytes at `offset` (fewer at the end of the data). */
export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

/** JPEG segments walked before giving up (a real file reaches its frame header within a few dozen). */
const MAX_JPEG_SEGMENTS = 512;
/** Largest Exif block read for the orientation (APP1 holds at most 64 KiB). */
const MAX_EXIF_BYTES = 64 * 1024;

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function sized(width: number, height: number): ImageDimensions | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function fromPng(head: Buffer): ImageDimensions | undefined {
  if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return sized(head.readUInt32BE(16), head.readUInt32BE(20));
}

function fromGif(head: Buffer): ImageDimensions | undefined {
  return head.length < 10 ? undefined : sized(head.readUInt16LE(6), head.readUInt16LE(8));
}

function fromWebp(head: Buffer): ImageDimensions | undefined {
  if (head.length < 25) return undefined;
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8L' && head[20] === 0x2f) {
    const bits = head.readUInt32LE(21);
    return sized(1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff));
  }
  if (head.length < 30) return undefined;
  if (chunk === 'VP8X') return sized(1 + head.readUIntLE(24, 3), 1 + head.readUIntLE(27, 3));
  if (chunk === 'VP8 ' && head[23] === 0x9d && head[24] === 0x01 && head[25] === 0x2a) {
    return sized(head.readUInt16LE(26) & 0x3fff, head.readUInt16LE(28) & 0x3fff);
  }
  return undefined;
}

async function exifOrientation(
  read: ByteReader,
  payloadAt: number,
  payloadLength: number,
): Promise<number | undefined> {
  const payload = await read(payloadAt, Math.min(payloadLength, MAX_EXIF_BYTES));
  if (payload.toString('latin1', 0, 6) !== 'Exif\0\0') return undefined;
  try {
    return readExifOrientation(payload.subarray(6));
  } catch {
    return undefined; // a broken Exif block: the stored orientation applies
  }
}

/** Walk the marker segments to the frame header (SOFn), noting the Exif orientation on the way. */
async function fromJpeg(read: ByteReader): Promise<ImageDimensions | undefined> {
  let offset = 2;
  let orientation: number | undefined;
  for (let i = 0; i < MAX_JPEG_SEGMENTS; i++) {
    const head = await read(offset, 4);
    if (head.length < 4 || head[0] !== 0xff) return undefined;
    const marker = head[1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan before any frame header
    const length = head.readUInt16BE(2);
    if (length < 2) return undefined;
    if (SOF_MARKERS.has(marker)) {
      const frame = await read(offset + 4, 5);
      if (frame.length < 5) return undefined;
      const size = sized(frame.readUInt16BE(3), frame.readUInt16BE(1));
      return size && orientation !== undefined && orientation >= 5 ? { width: size.height, height: size.width } : size;
    }
    if (marker === 0xe1 && orientation === undefined) orientation = await exifOrientation(read, offset + 4, length - 2);
    offset += 2 + length;
  }
  return undefined;
}

/** Dimensions of the image behind `read`, undefined when it is not a PNG/JPEG/WebP/GIF or is broken. */
export async function readImageDimensions(read: ByteReader): Promise<ImageDimensions | undefined> {
  const head = await read(0, 30);
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return fromPng(head);
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return fromJpeg(read);
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return fromWebp(head);
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return fromGif(head);
  return undefined;
}

/** A ByteReader over a buffer. */
export function bufferReader(data: Buffer): ByteReader {
  return async (offset, length) => data.subarray(offset, offset + length);
}

/** Dimensions of an image file, read through one file handle (see readImageDimensions). */
export async function readImageFileDimensions(abs: string): Promise<ImageDimensions | undefined> {
  const handle = await fs.open(abs, 'r');
  try {
    return await readImageDimensions(async (offset, length) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}
