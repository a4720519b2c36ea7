/**
 * Exif reduced to its Orientation tag. A TIFF block (the payload of PNG eXIf, or JPEG APP1 after
 * "Exif\0\0") is read just far enough to find IFD0's Orientation; the replacement block holds that
 * one tag and nothing else, so the image displays the same way with every other Exif value gone.
 */

/** Orientation (1..8) from IFD0 of a TIFF block, undefined when absent or unusable. Throws on a broken block. */
export function readExifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) throw new Error('Exif block is too short');
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') throw new Error('Exif block has no byte-order mark');
  const le = order === 'II';
  const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  if (u16(2) !== 42) throw new Error('Exif block has a bad TIFF magic number');
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) throw new Error('Exif IFD0 offset points outside the block');
  const count = u16(ifd);
  if (ifd + 2 + count * 12 > tiff.length) throw new Error('Exif IFD0 runs past the end of the block');
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) !== 0x0112) continue;
    if (u16(entry + 2) !== 3 || u32(entry + 4) !== 1) return undefined;
    const value = u16(entry + 8);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** A big-endian TIFF block whose IFD0 holds only Orientation (26 bytes). */
export function buildOrientationTiff(orientation: number): Buffer {
  if (!Number.isInteger(orientation) || orientation < 1 || orientation > 8) throw new RangeError(`bad orientation ${orientation}`);
  const b = Buffer.alloc(26);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4); // IFD0 right after the header
  b.writeUInt16BE(1, 8); // one entry
  b.writeUInt16BE(0x0112, 10); // Orientation
  b.writeUInt16BE(3, 12); // SHORT
  b.writeUInt32BE(1, 14); // count
  b.writeUInt16BE(orientation, 18); // value, left-justified in the 4-byte field
  b.writeUInt32BE(0, 22); // no next IFD (no IFD1 thumbnail)
  return b;
}

/**
 * The replacement for a TIFF block: the Orientation-only block, or undefined when the original had
 * no usable Orientation (then the whole block goes). Throws on a broken block.
 */
export function reduceExifToOrientation(tiff: Buffer): Buffer | undefined {
  const orientation = readExifOrientation(tiff);
  return orientation === undefined ? undefined : buildOrientationTiff(orientation);
}
