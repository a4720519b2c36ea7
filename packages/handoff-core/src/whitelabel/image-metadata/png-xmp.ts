import { inflateSync } from 'node:zlib';
import { MAX_METADATA_PAYLOAD } from '../../config/image-categories';

/** The keyword of the iTXt chunk that holds a PNG's XMP packet. */
export const PNG_XMP_KEYWORD = 'XML:com.adobe.xmp';

/**
 * The XMP packet of an iTXt chunk's data, or undefined when the chunk is other text (or its
 * compressed text does not inflate: it is then dropped as text).
 */
export function decodeItxtXmp(data: Buffer): Buffer | undefined {
  const nul = data.indexOf(0);
  if (nul < 0 || data.toString('latin1', 0, nul) !== PNG_XMP_KEYWORD) return undefined;
  const compressed = data[nul + 1] === 1;
  const langEnd = data.indexOf(0, nul + 3);
  const keyEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
  if (keyEnd < 0) return undefined;
  const body = data.subarray(keyEnd + 1);
  if (!compressed) return body;
  try {
    return inflateSync(body, { maxOutputLength: MAX_METADATA_PAYLOAD });
  } catch {
    return undefined;
  }
}

/** iTXt data for an XMP packet: keyword, uncompressed, no language, no translated keyword. */
export function encodeItxtXmp(packet: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${PNG_XMP_KEYWORD}\0\0\0\0\0`, 'latin1'), packet]);
}
