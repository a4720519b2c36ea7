import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { makeTempDir } from '../testing/fixture-tree';
import { compareImages, flattenOnWhite } from './compare-images';
import { decodeImage, type RgbaImage } from './decode-image';

function checker(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...colour(x, y), 255], (y * width + x) * 4);
  return { width, height, data };
}

const squares = (x: number, y: number): [number, number, number] =>
  ((x >> 3) + (y >> 3)) % 2 ? [200, 60, 40] : [240, 230, 210];

describe('compareImages', () => {
  it('identical is about decoded pixels: two PNG encodings of one picture (different bytes) are identical', async () => {
    const dir = await makeTempDir();
    const img = checker(64, 48, squares);
    const png = new PNG({ width: 64, height: 48 });
    Buffer.from(img.data).copy(png.data);
    await fs.writeFile(path.join(dir, 'a.png'), PNG.sync.write(png, { deflateLevel: 9 }));
    await fs.writeFile(path.join(dir, 'b.png'), PNG.sync.write(png, { deflateLevel: 1, filterType: 0 }));
    const [a, b] = await Promise.all([decodeImage(path.join(dir, 'a.png')), decodeImage(path.join(dir, 'b.png'))]);
    expect((await fs.readFile(path.join(dir, 'a.png'))).equals(await fs.readFile(path.join(dir, 'b.png')))).toBe(false);
    if (!a.ok || !b.ok) throw new Error('decode failed');
    expect(await compareImages(a.image, b.image)).toMatchObject({
      verdict: 'identical',
      ssim: 1,
      hashDistance: 0,
      changedPixels: 0,
    });
  });

  it('a colour change in the same layout drifts (changed pixels), another size drifts with both sizes', async () => {
    const recoloured = checker(64, 48, (x, y) => (((x >> 3) + (y >> 3)) % 2 ? [40, 60, 200] : [240, 230, 210]));
    const cmp = await compareImages(checker(64, 48, squares), recoloured);
    expect(cmp.verdict).toBe('drifted');
    expect(cmp.changedRatio).toBeGreaterThan(0.4);
    expect(await compareImages(checker(64, 48, squares), checker(32, 24, squares))).toEqual({
      verdict: 'drifted',
      sizeMismatch: { original: [64, 48], regenerated: [32, 24] },
    });
  });

  it('decodes JPEG (the example stock photo) to RGBA', async () => {
    const jpeg = await decodeImage(
      path.join(__dirname, '../../../../apps/example-client/deliverables/stock/roastery-interior.jpg'),
    );
    expect(
      jpeg.ok && [jpeg.image.data.length === jpeg.image.width * jpeg.image.height * 4, jpeg.image.width > 0],
    ).toEqual([true, true]);
  });

  it('WebP and video are not decoded, with the reason', async () => {
    expect(await decodeImage('/x/clip.mp4')).toEqual({
      ok: false,
      reason: '.mp4 cannot be decoded here (PNG and JPEG only)',
    });
    expect(flattenOnWhite({ width: 1, height: 1, data: new Uint8Array([0, 0, 0, 0]) }).data).toEqual(
      new Uint8Array([255, 255, 255, 255]),
    );
  });
});
