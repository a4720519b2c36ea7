import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isHandoffError } from '../../errors';
import { createFileMetadataStripper, createMetadataStripper, stripImageBytes } from './create-stripper';
import { readTags, runExiftool, skipWithoutExiftool } from './fixtures/exiftool';
import { buildIccProfile } from './fixtures/icc-profile';
import { noise, runChunked } from './fixtures/stream-helpers';
import { buildExifTiff } from './fixtures/tiff-builder';
import { WEBP_ALPHA, WEBP_LOSSLESS, WEBP_LOSSY, buildWebp, webpChunk, webpChunks } from './fixtures/webp-samples';
import { buildOrientationTiff } from './exif-orientation';
import { planWebpStrip } from './webp-chunks';

const opts = { keepC2pa: false };
const XMP = '<x:xmpmeta><dc:creator>Acme Agency</dc:creator><dc:subject>internal-review</dc:subject></x:xmpmeta>!'; // odd length: padded

function vp8x(flags: number): Buffer {
  return webpChunk('VP8X', Buffer.from([flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // 1x1 canvas
}

/** VP8X(ICC, alpha, EXIF, XMP) + ICCP + ALPH + VP8 + EXIF + XMP + an unknown chunk. */
function taggedWebp(exif: Buffer = buildExifTiff({ orientation: 6 }), xmp: Buffer = Buffer.from(XMP)): Buffer {
  const image = webpChunks(WEBP_ALPHA).filter((c) => c.id === 'ALPH' || c.id === 'VP8 ');
  return buildWebp([
    vp8x(0x20 | 0x10 | 0x08 | 0x04),
    webpChunk('ICCP', buildIccProfile('Fixture RGB')),
    ...image.map((c) => webpChunk(c.id, c.data)),
    webpChunk('EXIF', exif),
    webpChunk('XMP ', xmp),
    webpChunk('AGCY', Buffer.from('tracker 4411')),
  ]);
}

const pixelChunks = (webp: Buffer): Buffer[] =>
  webpChunks(webp)
    .filter((c) => ['ALPH', 'VP8 ', 'VP8L'].includes(c.id))
    .map((c) => c.data);

const tmpDirs: string[] = [];
async function tempFile(name: string, data: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-webp-'));
  tmpDirs.push(dir);
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}
afterAll(() => Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

describe('WebP metadata stripper', () => {
  it('reduces EXIF to Orientation, drops XMP and unknown chunks, sets the VP8X flags and fixes the RIFF size', async () => {
    const input = taggedWebp();
    const out = (await stripImageBytes('hero.webp', input, opts))!;
    const chunks = webpChunks(out.bytes);
    expect(chunks.map((c) => c.id)).toEqual(['VP8X', 'ICCP', 'ALPH', 'VP8 ', 'EXIF']);
    expect(chunks[0].data[0]).toBe(0x38); // ICC + alpha + EXIF (no XMP)
    expect(chunks[4].data).toEqual(buildOrientationTiff(6));
    expect(out.bytes.readUInt32LE(4)).toBe(out.bytes.length - 8);
    expect(pixelChunks(out.bytes)).toEqual(pixelChunks(input));
    expect(chunks[1].data).toEqual(buildIccProfile('Fixture RGB'));
    expect(out.report.removed).toEqual(['exif', 'xmp', 'other-metadata']);
    for (const leak of ['Acme', 'internal-review', 'Dana', 'tracker']) expect(out.bytes.includes(leak)).toBe(false);
  });

  it('streams with a plan from the file: same bytes as the held path, bounded memory on a large image', async () => {
    const input = taggedWebp();
    const file = await tempFile('hero.webp', input);
    const held = (await stripImageBytes('hero.webp', input, opts))!.bytes;
    const planned = (await createFileMetadataStripper(file, 'hero.webp', opts))!;
    expect((await runChunked(planned, input, [1, 2, 9])).equals(held)).toBe(true);

    const big = buildWebp([vp8x(0x08), webpChunk('VP8L', noise(6 * 1024 * 1024)), webpChunk('EXIF', buildExifTiff())]);
    const bigFile = await tempFile('big.webp', big);
    expect(await planWebpStrip(bigFile, 'big.webp', { keepC2pa: false })).toEqual({
      removedBytes: 8 + buildExifTiff().length + (buildExifTiff().length & 1),
      vp8xFlags: 0,
    });
    const s = (await createFileMetadataStripper(bigFile, 'big.webp', opts))!;
    const out = await runChunked(s, big, [65536]);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(pixelChunks(out)[0].equals(pixelChunks(big)[0])).toBe(true);
    expect(s.bufferedHighWater).toBeLessThan(64 * 1024);
  });

  it('passes simple WebPs through unchanged and keeps C2PA only when asked', async () => {
    for (const w of [WEBP_LOSSLESS, WEBP_LOSSY, WEBP_ALPHA]) {
      const out = (await stripImageBytes('a.webp', w, opts))!;
      expect(out.bytes.equals(w)).toBe(true);
      expect(out.report.removed).toEqual([]);
    }
    const withC2pa = buildWebp([
      ...webpChunks(WEBP_ALPHA).map((c) => webpChunk(c.id, c.data)),
      webpChunk('C2PA', Buffer.from('jumb')),
      webpChunk('XMP ', Buffer.from(XMP)),
    ]);
    const kept = (await stripImageBytes('a.webp', withC2pa, { keepC2pa: true }))!;
    expect(webpChunks(kept.bytes).map((c) => c.id)).toEqual(['VP8X', 'ALPH', 'VP8 ', 'C2PA']);
    expect(kept.report).toMatchObject({ removed: ['xmp'], c2paKept: true, c2paInvalidated: true });
    const dropped = (await stripImageBytes('a.webp', withC2pa, opts))!;
    expect(dropped.bytes.equals(WEBP_ALPHA)).toBe(true);
  });

  it.each([
    [
      'a RIFF size past the end of the file',
      Buffer.concat([WEBP_LOSSY.subarray(0, 4), Buffer.from([0xff, 0, 0, 0]), WEBP_LOSSY.subarray(8)]),
      /ends inside the RIFF data/,
    ],
    [
      'a chunk running past the RIFF',
      (() => {
        const b = Buffer.from(WEBP_LOSSY);
        b.writeUInt32LE(999, 16);
        return b;
      })(),
      /runs past the end of the RIFF data/,
    ],
    [
      'a first chunk that is not image data',
      buildWebp([webpChunk('EXIF', buildExifTiff()), ...webpChunks(WEBP_LOSSY).map((c) => webpChunk(c.id, c.data))]),
      /first chunk is "EXIF"/,
    ],
    [
      'a JPEG named .webp',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0]),
      /missing the RIFF\/WEBP header/,
    ],
  ])('rejects %s with an error naming the file', async (_name, bytes, message) => {
    const err = await stripImageBytes('assets/a.webp', bytes, opts).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0]).toMatchObject({ code: 'INTEGRITY', file: 'assets/a.webp' });
    expect((err as Error).message).toMatch(message);
  });

  it('fails instead of writing a wrong RIFF size when the file changed after planning', async () => {
    const stripper = createMetadataStripper('a.webp', { ...opts, webpPlan: { removedBytes: 0 } })!;
    await expect(runChunked(stripper, taggedWebp())).rejects.toThrow(/changed while it was being stripped/);
  });

  (skipWithoutExiftool() ? it.skip : it)(
    'leaves exiftool only RIFF, ICC and Orientation tags (exiftool-written EXIF and XMP blocks)',
    async () => {
      const exifFile = path.join(path.dirname(await tempFile('x', Buffer.alloc(0))), 'a.exif');
      const xmpFile = exifFile.replace(/exif$/, 'xmp');
      runExiftool([
        '-q',
        '-q',
        '-Artist=Dana Reviewer',
        '-ImageDescription=Globex pitch',
        '-Orientation#=6',
        '-o',
        exifFile,
      ]);
      runExiftool(['-q', '-q', '-XMP-dc:Creator=Acme Agency', '-o', xmpFile]);
      const input = taggedWebp(await fs.readFile(exifFile), await fs.readFile(xmpFile));
      const inFile = await tempFile('in.webp', input);
      expect(readTags(inFile)).toMatchObject({ 'IFD0:Artist': 'Dana Reviewer', 'XMP-dc:Creator': 'Acme Agency' });
      const out = (await stripImageBytes('in.webp', input, opts))!;
      const tags = readTags(await tempFile('out.webp', out.bytes));
      const groups = [...new Set(Object.keys(tags).map((k) => k.split(':')[0]))];
      expect(
        groups.filter((g) => !['File', 'RIFF', 'ICC-header', 'ICC_Profile', 'Composite', 'IFD0'].includes(g)),
      ).toEqual([]);
      expect(Object.keys(tags).filter((k) => k.startsWith('IFD0:'))).toEqual(['IFD0:Orientation']);
      expect(tags).toMatchObject({
        'ICC_Profile:ProfileDescription': 'Fixture RGB',
        'RIFF:ImageWidth': 1,
        'IFD0:Orientation': 'Rotate 90 CW',
      });
      expect(JSON.stringify(tags)).not.toMatch(/Warning|Error|Dana|Globex|Acme/);
    },
  );
});
