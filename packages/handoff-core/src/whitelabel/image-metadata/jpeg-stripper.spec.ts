import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isHandoffError } from '../../errors';
import { createMetadataStripper, stripImageBytes } from './create-stripper';
import { buildOrientationTiff } from './exif-orientation';
import { EXIFTOOL_VERSION, readTags, runExiftool, skipWithoutExiftool } from './fixtures/exiftool';
import { buildIccProfile } from './fixtures/icc-profile';
import { REPO_JPEG, jpegSegment, jpegSegments, withSegments } from './fixtures/jpeg-helpers';
import { runChunked } from './fixtures/stream-helpers';
import { buildExifTiff } from './fixtures/tiff-builder';

const opts = { keepC2pa: false };
const exifApp1 = (tiff: Buffer): Buffer => jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
const markers = (jpeg: Buffer): number[] => jpegSegments(jpeg).segments.map((s) => s.marker);
const scanData = (jpeg: Buffer): Buffer => jpeg.subarray(jpegSegments(jpeg).sos);

const base = readFileSync(REPO_JPEG);
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-jpeg-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** djpeg output (decoded pixels), when libjpeg's djpeg is installed. */
function decode(file: string): Buffer | undefined {
  const r = spawnSync('djpeg', ['-pnm', file]);
  return r.status === 0 ? r.stdout : undefined;
}

describe('JPEG metadata stripper', () => {
  (skipWithoutExiftool() ? it.skip : it)(
    `removes exiftool-written Exif, XMP, IPTC and comments; keeps JFIF, ICC and Orientation (exiftool ${EXIFTOOL_VERSION ?? '-'})`,
    async () => {
      const icc = path.join(dir, 'fixture.icc');
      await fs.writeFile(icc, buildIccProfile('Fixture RGB'));
      const tagged = path.join(dir, 'tagged.jpg');
      runExiftool([
        '-q',
        '-q',
        '-Artist=Dana Reviewer',
        '-ImageDescription=pitch for Globex',
        '-UserComment=internal-review notes',
        '-Orientation#=6',
        '-XMP-dc:Creator=Acme Agency',
        '-IPTC:Keywords=retainer-week-12',
        '-Comment=draft v3 Globex',
        `-ICC_Profile<=${icc}`,
        '-o',
        tagged,
        REPO_JPEG,
      ]);
      const extra = [
        jpegSegment(0xec, 'Ducky\0\x01agency'),
        jpegSegment(0xeb, 'JP\0\x01jumb c2pa manifest'),
        jpegSegment(0xe2, 'MPF\0 secondary'),
      ];
      const input = withSegments(await fs.readFile(tagged), extra);
      const before = readTags(tagged);
      expect(before).toMatchObject({
        'IFD0:Artist': 'Dana Reviewer',
        'ExifIFD:UserComment': 'internal-review notes',
        'IPTC:Keywords': 'retainer-week-12',
        'File:Comment': 'draft v3 Globex',
      });

      const out = (await stripImageBytes('tagged.jpg', input, opts))!;
      const outFile = path.join(dir, 'out.jpg');
      await fs.writeFile(outFile, out.bytes);
      const tags = readTags(outFile);
      const groups = [...new Set(Object.keys(tags).map((k) => k.split(':')[0]))];
      expect(
        groups.filter((g) => !['File', 'JFIF', 'IFD0', 'ICC-header', 'ICC_Profile', 'Composite'].includes(g)),
      ).toEqual([]);
      expect(Object.keys(tags).filter((k) => k.startsWith('IFD0:'))).toEqual(['IFD0:Orientation']);
      expect(tags).toMatchObject({
        'IFD0:Orientation': 'Rotate 90 CW',
        'ICC_Profile:ProfileDescription': 'Fixture RGB',
        'JFIF:JFIFVersion': 1.01,
      });
      expect(tags['File:Comment']).toBeUndefined();
      expect(JSON.stringify(tags)).not.toMatch(/Warning|Dana|Globex|Acme|internal-review|retainer/);
      for (const leak of ['Dana', 'Globex', 'Acme', 'internal-review', 'retainer', 'Ducky', 'jumb'])
        expect(out.bytes.includes(leak)).toBe(false);
      expect(out.report.removed).toEqual(['exif', 'xmp', 'iptc', 'jpeg-comment', 'c2pa', 'other-metadata']);
      expect(scanData(out.bytes).equals(scanData(input))).toBe(true);
      const [pixelsIn, pixelsOut] = [decode(tagged), decode(outFile)];
      if (pixelsIn && pixelsOut) expect(pixelsOut.equals(pixelsIn)).toBe(true);
    },
  );

  it('rewrites Exif to a minimal Orientation-only block, or drops it when there is no Orientation', async () => {
    for (const bigEndian of [false, true]) {
      const out = (await stripImageBytes(
        'a.jpg',
        withSegments(base, [exifApp1(buildExifTiff({ orientation: 8, bigEndian }))]),
        opts,
      ))!;
      const app1 = jpegSegments(out.bytes).segments.filter((s) => s.marker === 0xe1);
      expect(app1.map((s) => s.payload)).toEqual([
        Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), buildOrientationTiff(8)]),
      ]);
      expect(out.report.removed).toEqual(['exif']);
      const again = (await stripImageBytes('a.jpg', out.bytes, opts))!;
      expect(again.bytes.equals(out.bytes)).toBe(true);
      expect(again.report.removed).toEqual([]);
    }
    const none = (await stripImageBytes('a.jpg', withSegments(base, [exifApp1(buildExifTiff())]), opts))!;
    expect(markers(none.bytes)).not.toContain(0xe1);
    expect(none.bytes.equals(base)).toBe(true);
  });

  it('removes JFIF thumbnails and JFXX, keeps APP14 Adobe and ICC, keeps APP11 JUMBF only with keepC2pa', async () => {
    const jfifThumb = jpegSegment(
      0xe0,
      Buffer.concat([Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\x02\x01', 'latin1'), Buffer.alloc(6, 9)]),
    );
    const noApp0 = Buffer.concat([base.subarray(0, 2), base.subarray(2 + 2 + base.readUInt16BE(4))]);
    const input = withSegments(noApp0, [
      jfifThumb,
      jpegSegment(0xe0, 'JFXX\0\x10thumb'),
      jpegSegment(0xee, 'Adobe\0\x64\0\0\0\0\x01'),
      jpegSegment(0xe2, 'ICC_PROFILE\0\x01\x01profile'),
      jpegSegment(0xeb, 'JP\0\x01jumb'),
      jpegSegment(0xfe, 'note'),
    ]);
    const kept = (await stripImageBytes('a.jpeg', input, { keepC2pa: true }))!;
    const segs = jpegSegments(kept.bytes).segments;
    expect(segs.map((s) => s.marker).slice(0, 4)).toEqual([0xe0, 0xee, 0xe2, 0xeb]);
    expect(segs[0].payload).toEqual(Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'));
    expect(kept.report).toMatchObject({
      removed: ['jpeg-comment', 'thumbnail'],
      c2paKept: true,
      c2paInvalidated: true,
    });
    const dropped = (await stripImageBytes('a.jpeg', input, opts))!;
    expect(markers(dropped.bytes)).not.toContain(0xeb);
    expect(dropped.report.removed).toEqual(['jpeg-comment', 'thumbnail', 'c2pa']);
  });

  it('drops comments and XMP between scans and data after EOI, passing scan data byte for byte', async () => {
    const eoi = base.lastIndexOf(Buffer.from([0xff, 0xd9]));
    const input = Buffer.concat([
      base.subarray(0, eoi),
      jpegSegment(0xfe, 'Globex comment'),
      base.subarray(eoi),
      Buffer.from('SEFH agency trailer'),
    ]);
    const out = (await stripImageBytes('a.jpg', input, opts))!;
    expect(out.bytes.equals(base)).toBe(true);
    expect(out.report.removed).toEqual(['jpeg-comment', 'trailing-data']);
    const cut = (await stripImageBytes('a.jpg', base.subarray(0, eoi - 10), opts))!;
    expect(cut.bytes.equals(base.subarray(0, eoi - 10))).toBe(true); // no EOI: passed as it came
  });

  (spawnSync('jpegtran', ['-v'], { input: '' }).error ? it.skip : it)(
    'handles progressive JPEGs: segments between scans are parsed, not mistaken for data',
    async () => {
      const progressive = spawnSync('jpegtran', ['-progressive', '-copy', 'none', REPO_JPEG]).stdout;
      const secondScan = progressive.indexOf(
        Buffer.from([0xff, 0xda]),
        progressive.indexOf(Buffer.from([0xff, 0xda])) + 2,
      );
      expect(secondScan).toBeGreaterThan(0);
      const xmp = jpegSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<dc:creator>Acme</dc:creator>');
      const input = Buffer.concat([
        progressive.subarray(0, secondScan),
        jpegSegment(0xfe, 'between scans'),
        xmp,
        progressive.subarray(secondScan),
      ]);
      const out = (await stripImageBytes('p.jpg', input, opts))!;
      expect(out.bytes.equals(progressive)).toBe(true);
      expect(out.report.removed).toEqual(['xmp', 'jpeg-comment']);
      expect((await runChunked(createMetadataStripper('p.jpg', opts)!, input, [1, 3])).equals(progressive)).toBe(true);
    },
  );

  it('gives the same bytes however the input is chunked and holds at most one segment', async () => {
    const input = withSegments(base, [
      exifApp1(buildExifTiff({ orientation: 3 })),
      jpegSegment(0xfe, Buffer.alloc(60000, 0x41)),
    ]);
    const whole = (await stripImageBytes('a.jpg', input, opts))!.bytes;
    expect((await runChunked(createMetadataStripper('a.jpg', opts)!, input, [1])).equals(whole)).toBe(true);
    const s = createMetadataStripper('a.jpg', opts)!;
    expect((await runChunked(s, input, [5, 1, 300, 4096])).equals(whole)).toBe(true);
    expect(s.bufferedHighWater).toBeLessThan(65536 + 4096);
  });

  it.each([
    ['a PNG named .jpg', Buffer.from('\x89PNG\r\n\x1a\nrest', 'latin1'), /missing the start-of-image marker/],
    ['truncated before the scan', base.subarray(0, 300), /ends before the image data/],
    [
      'garbage instead of a marker',
      Buffer.concat([base.subarray(0, 2), Buffer.from([0x12, 0x34]), base.subarray(2)]),
      /expected a marker, found byte 0x12/,
    ],
    [
      'a bad segment length',
      Buffer.concat([base.subarray(0, 2), Buffer.from([0xff, 0xe1, 0, 1]), base.subarray(2)]),
      /length of 1/,
    ],
  ])('rejects %s with an error naming the file', async (_name, bytes, message) => {
    const err = await stripImageBytes('assets/hero.jpg', bytes, opts).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0]).toMatchObject({ code: 'INTEGRITY', file: 'assets/hero.jpg' });
    expect((err as Error).message).toMatch(message);
  });
});
