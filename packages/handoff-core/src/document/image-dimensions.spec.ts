import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildOrientationTiff } from '../whitelabel/image-metadata/exif-orientation';
import { jpegSegment, REPO_JPEG, withSegments } from '../whitelabel/image-metadata/fixtures/jpeg-helpers';
import {
  buildWebp,
  webpChunk,
  WEBP_ALPHA,
  WEBP_LOSSLESS,
  WEBP_LOSSY,
} from '../whitelabel/image-metadata/fixtures/webp-samples';
import { bufferReader, readImageDimensions, readImageFileDimensions, type ByteReader } from './image-dimensions';

const EXAMPLE = path.resolve(__dirname, '../../../../apps/example-client/deliverables');

/** A reader that counts the bytes asked for, to prove nothing reads the whole file. */
function counting(data: Buffer): { read: ByteReader; bytes: () => number } {
  let n = 0;
  const inner = bufferReader(data);
  return {
    read: (offset, length) => {
      n += length;
      return inner(offset, length);
    },
    bytes: () => n,
  };
}

describe('readImageDimensions', () => {
  it('reads PNG IHDR from the first 30 bytes', async () => {
    const png = await fs.readFile(path.join(EXAMPLE, 'holiday-ooh/billboard-winter-ember-16x9.png'));
    const c = counting(png);
    expect(await readImageDimensions(c.read)).toEqual({ width: 320, height: 180 });
    expect(c.bytes()).toBe(30);
    expect(await readImageFileDimensions(path.join(EXAMPLE, 'summer-social/cold-brew-story-9x16.png'))).toEqual({
      width: 180,
      height: 320,
    });
  });

  it('walks JPEG segments to the frame header, past large APP segments, reading a few bytes each', async () => {
    const jpeg = await fs.readFile(REPO_JPEG);
    expect(await readImageFileDimensions(REPO_JPEG)).toEqual({ width: 320, height: 200 });
    const bulky = withSegments(
      jpeg,
      [0xe2, 0xe3, 0xe4].map((m) => jpegSegment(m, Buffer.alloc(65000, 7))),
    );
    const c = counting(bulky);
    expect(await readImageDimensions(c.read)).toEqual({ width: 320, height: 200 });
    expect(c.bytes()).toBeLessThan(200);
  });

  it('swaps width and height when the Exif orientation turns the picture (5-8), not otherwise', async () => {
    const jpeg = await fs.readFile(REPO_JPEG);
    const exif = (o: number) =>
      jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), buildOrientationTiff(o)]));
    expect(await readImageDimensions(bufferReader(withSegments(jpeg, [exif(6)])))).toEqual({ width: 200, height: 320 });
    expect(await readImageDimensions(bufferReader(withSegments(jpeg, [exif(3)])))).toEqual({ width: 320, height: 200 });
    const broken = jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0\x2a', 'latin1'));
    expect(await readImageDimensions(bufferReader(withSegments(jpeg, [broken])))).toEqual({ width: 320, height: 200 });
  });

  it('reads WebP VP8, VP8L and VP8X headers', async () => {
    for (const webp of [WEBP_LOSSY, WEBP_LOSSLESS, WEBP_ALPHA])
      expect(await readImageDimensions(bufferReader(webp))).toEqual({ width: 1, height: 1 });
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(1919, 4, 3);
    vp8x.writeUIntLE(1079, 7, 3);
    expect(await readImageDimensions(bufferReader(buildWebp([webpChunk('VP8X', vp8x)])))).toEqual({
      width: 1920,
      height: 1080,
    });
    const vp8l = Buffer.alloc(5);
    vp8l[0] = 0x2f;
    vp8l.writeUInt32LE((299 | (199 << 14)) >>> 0, 1);
    expect(await readImageDimensions(bufferReader(buildWebp([webpChunk('VP8L', vp8l)])))).toEqual({
      width: 300,
      height: 200,
    });
  });

  it('reads GIF and gives undefined for anything else or a broken header', async () => {
    const gif = Buffer.from('R0lGODlhAwACAIAAAP///wAAACwAAAAAAwACAAACAoRRADs=', 'base64');
    expect(await readImageDimensions(bufferReader(gif))).toEqual({ width: 3, height: 2 });
    const png = await fs.readFile(path.join(EXAMPLE, 'holiday-ooh/window-decal-1x1.png'));
    expect(await readImageDimensions(bufferReader(png.subarray(0, 20)))).toBeUndefined();
    expect(await readImageDimensions(bufferReader(Buffer.from('{"not":"an image"}')))).toBeUndefined();
    expect(await readImageDimensions(bufferReader(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2])))).toBeUndefined();
    expect(await readImageDimensions(bufferReader(Buffer.alloc(0)))).toBeUndefined();
  });
});
