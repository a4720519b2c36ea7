import type { MetadataCategory } from '../../config/image-categories';

/**
 * Exif reduced to the kept tags: Orientation (category `orientation`) and Copyright (`rights`). A
 * TIFF block (the payload of PNG eXIf, or JPEG APP1 after "Exif\0\0") is read just far enough to
 * find them in IFD0; the replacement block holds those tags and nothing else, so the image
 * displays the same way and keeps its copyright notice with every other Exif value gone (GPS,
 * UserComment, ImageDescription, Software, camera data, thumbnails).
 */

interface Ifd0 {
  orientation?: number;
  /** Copyright, ASCII without the terminating NUL. */
  copyright?: Buffer;
}

/** Orientation (1..8) from IFD0 of a TIFF block, undefined when absent or unusable. Throws on a broken block. */
export function readExifOrientation(tiff: Buffer): number | undefined {
  return readIfd0(tiff).orientation;
}

/** The kept tags of IFD0. Throws on a broken block. */
function readIfd0(tiff: Buffer): Ifd0 {
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
  const out: Ifd0 = {};
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 0x0112 && u16(entry + 2) === 3 && u32(entry + 4) === 1) {
      const value = u16(entry + 8);
      if (value >= 1 && value <= 8) out.orientation = value;
    } else if (tag === 0x8298 && u16(entry + 2) === 2) {
      const n = u32(entry + 4);
      const at = n <= 4 ? entry + 8 : u32(entry + 8);
      if (at + n > tiff.length) continue; // a broken Copyright is dropped with the rest
      const text = tiff.subarray(at, at + n);
      const nul = text.indexOf(0);
      const value = nul < 0 ? text : text.subarray(0, nul);
      if (value.length > 0) out.copyright = Buffer.from(value);
    }
  }
  return out;
}

/** A big-endian TIFF block whose IFD0 holds the given Orientation and/or Copyright, in tag order. */
export function buildKeptExif(tags: Ifd0): Buffer {
  const entries: Buffer[] = [];
  const count = (tags.orientation !== undefined ? 1 : 0) + (tags.copyright ? 1 : 0);
  const dataAt = 8 + 2 + count * 12 + 4;
  const data: Buffer[] = [];
  if (tags.orientation !== undefined) {
    const e = Buffer.alloc(12);
    e.writeUInt16BE(0x0112, 0);
    e.writeUInt16BE(3, 2); // SHORT
    e.writeUInt32BE(1, 4);
    e.writeUInt16BE(tags.orientation, 8); // left-justified in the 4-byte field
    entries.push(e);
  }
  if (tags.copyright) {
    const text = Buffer.concat([tags.copyright, Buffer.alloc(1)]);
    const e = Buffer.alloc(12);
    e.writeUInt16BE(0x8298, 0);
    e.writeUInt16BE(2, 2); // ASCII
    e.writeUInt32BE(text.length, 4);
    if (text.length <= 4) text.copy(e, 8);
    else {
      e.writeUInt32BE(dataAt, 8);
      data.push(text, Buffer.alloc(text.length & 1)); // word-aligned, as TIFF asks
    }
    entries.push(e);
  }
  const head = Buffer.alloc(10);
  head.write('MM', 0, 'latin1');
  head.writeUInt16BE(42, 2);
  head.writeUInt32BE(8, 4); // IFD0 right after the header
  head.writeUInt16BE(count, 8);
  return Buffer.concat([head, ...entries, Buffer.alloc(4), ...data]); // no next IFD (no IFD1 thumbnail)
}

/**
 * The replacement for a TIFF block under the kept categories: Orientation when `orientation` is
 * kept, Copyright when `rights` is; undefined when none of them is there (the whole block goes).
 * Throws on a broken block.
 */
export function reduceExif(tiff: Buffer, kept: ReadonlySet<MetadataCategory>): Buffer | undefined {
  const ifd0 = readIfd0(tiff);
  const tags: Ifd0 = {
    orientation: kept.has('orientation') ? ifd0.orientation : undefined,
    copyright: kept.has('rights') ? ifd0.copyright : undefined,
  };
  return tags.orientation === undefined && !tags.copyright ? undefined : buildKeptExif(tags);
}

/** A big-endian TIFF block whose IFD0 holds only Orientation (26 bytes). */
export function buildOrientationTiff(orientation: number): Buffer {
  if (!Number.isInteger(orientation) || orientation < 1 || orientation > 8)
    throw new RangeError(`bad orientation ${orientation}`);
  return buildKeptExif({ orientation });
}

/**
 * The replacement for a TIFF block: the Orientation-only block, or undefined when the original had
 * no usable Orientation (then the whole block goes). Throws on a broken block.
 */
export function reduceExifToOrientation(tiff: Buffer): Buffer | undefined {
  return reduceExif(tiff, new Set(['orientation']));
}
