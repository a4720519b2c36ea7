import { buildOrientationTiff, readExifOrientation, reduceExifToOrientation } from './exif-orientation';
import { buildExifTiff } from './fixtures/tiff-builder';

describe('Exif orientation', () => {
  it('reads Orientation from little- and big-endian IFD0 and round-trips the minimal block', () => {
    expect(readExifOrientation(buildExifTiff({ orientation: 6 }))).toBe(6);
    expect(readExifOrientation(buildExifTiff({ orientation: 3, bigEndian: true }))).toBe(3);
    expect(readExifOrientation(buildExifTiff())).toBeUndefined();
    expect(readExifOrientation(buildOrientationTiff(7))).toBe(7);
    expect(reduceExifToOrientation(buildExifTiff({ orientation: 5 }))).toEqual(buildOrientationTiff(5));
    expect(reduceExifToOrientation(buildExifTiff())).toBeUndefined();
  });

  it('ignores out-of-range values and throws on broken blocks', () => {
    expect(readExifOrientation(buildExifTiff({ orientation: 9 }))).toBeUndefined();
    expect(() => readExifOrientation(Buffer.from('XX\0*'))).toThrow(/too short/);
    expect(() => readExifOrientation(Buffer.from('XX\0*\0\0\0\x08', 'latin1'))).toThrow(/byte-order/);
    const bad = buildExifTiff({ orientation: 1 });
    bad.writeUInt32LE(5000, 4);
    expect(() => readExifOrientation(bad)).toThrow(/outside the block/);
    const many = buildExifTiff({ orientation: 1 });
    many.writeUInt16LE(500, 8);
    expect(() => readExifOrientation(many)).toThrow(/runs past/);
  });
});
