import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Decoded pixels: 8-bit RGBA, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type DecodeResult = { ok: true; image: RgbaImage } | { ok: false; reason: string };

/** File extensions the proof can decode (pngjs, jpeg-js). */
export const DECODABLE = ['.png', '.jpg', '.jpeg'];

export function isDecodable(file: string): boolean {
  return DECODABLE.includes(path.extname(file).toLowerCase());
}

/**
 * Decode a PNG or JPEG into RGBA. The decoders are loaded here, on first use, so no other
 * command pays for them. WebP, video and anything else come back with the reason.
 */
export async function decodeImage(file: string): Promise<DecodeResult> {
  const ext = path.extname(file).toLowerCase();
  if (!isDecodable(file))
    return { ok: false, reason: `${ext || 'a file without extension'} cannot be decoded here (PNG and JPEG only)` };
  try {
    const bytes = await fs.readFile(file);
    if (ext === '.png') {
      const { PNG } = await import('pngjs');
      const png = PNG.sync.read(bytes);
      return {
        ok: true,
        image: {
          width: png.width,
          height: png.height,
          data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
        },
      };
    }
    const jpeg = await import('jpeg-js');
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { ok: true, image: { width: decoded.width, height: decoded.height, data: decoded.data } };
  } catch (err) {
    return {
      ok: false,
      reason: `${path.basename(file)} could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** Encode RGBA pixels as PNG (pngjs). */
export async function encodePng(image: RgbaImage): Promise<Buffer> {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: image.width, height: image.height });
  Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length).copy(png.data);
  return PNG.sync.write(png, { colorType: 6 });
}
