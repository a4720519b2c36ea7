import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { isHandoffError } from '../../errors';
import { createMetadataStripper, stripImageBytes } from './create-stripper';
import { buildOrientationTiff } from './exif-orientation';
import { readTags, runExiftool, skipWithoutExiftool } from './fixtures/exiftool';
import { buildIccProfile } from './fixtures/icc-profile';
import { buildExifTiff } from './fixtures/tiff-builder';
import { buildPng, iCCP, iTXt, pngChunks, pngPixels, tEXt, zTXt } from './fixtures/png-builder';
import { noise, runChunked } from './fixtures/stream-helpers';
import { encodePngChunk } from './png-stripper';

const PROMPT = 'a teal wave over a Globex skyline, reviewed by Dana';
const WORKFLOW = JSON.stringify({ nodes: [{ type: 'KSampler', widgets: ['internal-review', 30] }] });

const exifTiff = (orientation?: number): Buffer => buildExifTiff({ orientation });

const ICC = buildIccProfile('Fixture RGB');
const pHYs = encodePngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]));
const tagged = buildPng({
  before: [
    iCCP(ICC),
    pHYs,
    tEXt('parameters', PROMPT),
    iTXt('prompt', `{"prompt":"${PROMPT}"}`, true),
    zTXt('workflow', WORKFLOW),
    encodePngChunk('tIME', Buffer.from([0x07, 0xea, 4, 22, 10, 0, 0])),
    encodePngChunk('eXIf', exifTiff(6)),
    encodePngChunk('prVt', Buffer.from('agency-tracker-id 4411')),
  ],
  after: [tEXt('Comment', 'retainer-week-12')],
  trailing: Buffer.from('PK\u0003\u0004 appended archive'),
});

const idatOf = (png: Buffer): Buffer =>
  Buffer.concat(
    pngChunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
const tmpDirs: string[] = [];
afterAll(() => Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

describe('PNG metadata stripper', () => {
  it('removes text, time, Exif values, private chunks and trailing data, keeping pixels and colour chunks byte for byte', async () => {
    const out = await stripImageBytes('hero.png', tagged, { keepC2pa: false });
    const chunks = pngChunks(out!.bytes);
    expect([...new Set(chunks.map((c) => c.type))]).toEqual(['IHDR', 'iCCP', 'pHYs', 'eXIf', 'IDAT', 'IEND']);
    expect(chunks.find((c) => c.type === 'eXIf')!.data).toEqual(buildOrientationTiff(6));
    expect(chunks.find((c) => c.type === 'iCCP')!.data).toEqual(pngChunks(tagged).find((c) => c.type === 'iCCP')!.data);
    expect(idatOf(out!.bytes)).toEqual(idatOf(tagged));
    expect(inflateSync(idatOf(out!.bytes))).toEqual(pngPixels(8, 6));
    expect(out!.bytes.subarray(out!.bytes.length - 12)).toEqual(encodePngChunk('IEND', Buffer.alloc(0)));
    expect(out!.report.removed).toEqual(['png-text', 'exif', 'timestamp', 'other-metadata', 'trailing-data']);
    for (const leak of ['Globex', 'teal wave', 'Dana', 'internal-review', 'agency-tracker', 'retainer-week']) {
      expect(out!.bytes.includes(leak)).toBe(false);
    }
  });

  it('drops an eXIf chunk without Orientation entirely and is idempotent', async () => {
    const png = buildPng({ before: [encodePngChunk('eXIf', exifTiff())] });
    const once = await stripImageBytes('a.png', png, { keepC2pa: false });
    expect(pngChunks(once!.bytes).map((c) => c.type)).not.toContain('eXIf');
    expect(once!.report.removed).toEqual(['exif']);
    const twice = await stripImageBytes('a.png', (await stripImageBytes('b.png', tagged, { keepC2pa: false }))!.bytes, {
      keepC2pa: false,
    });
    expect(twice!.report.removed).toEqual([]);
    expect(twice!.bytes).toEqual((await stripImageBytes('b.png', tagged, { keepC2pa: false }))!.bytes);
  });

  it('keeps caBX (C2PA) only when asked, and says a kept manifest no longer matches the edited bytes', async () => {
    const caBX = encodePngChunk('caBX', Buffer.from('jumb c2pa manifest'));
    const png = buildPng({ before: [caBX, tEXt('parameters', PROMPT)] });
    const kept = await stripImageBytes('c.png', png, { keepC2pa: true });
    expect(pngChunks(kept!.bytes).map((c) => c.type)).toContain('caBX');
    expect(kept!.report).toMatchObject({ removed: ['png-text'], c2paKept: true, c2paInvalidated: true });
    const dropped = await stripImageBytes('c.png', png, { keepC2pa: false });
    expect(pngChunks(dropped!.bytes).map((c) => c.type)).not.toContain('caBX');
    expect(dropped!.report).toMatchObject({ removed: ['png-text', 'c2pa'], c2paKept: false, c2paInvalidated: false });
    const clean = await stripImageBytes('c.png', buildPng({ before: [caBX] }), { keepC2pa: true });
    expect(clean!.report).toMatchObject({ removed: [], c2paKept: true, c2paInvalidated: false });
  });

  it('keeps APNG animation chunks and unknown critical chunks', async () => {
    const acTL = encodePngChunk('acTL', Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]));
    const crit = encodePngChunk('ZZZZ', Buffer.from('needed'));
    const png = buildPng({ before: [acTL, crit, tEXt('Software', 'x')] });
    const out = await stripImageBytes('anim.apng', png, { keepC2pa: false });
    expect(
      pngChunks(out!.bytes)
        .map((c) => c.type)
        .slice(0, 3),
    ).toEqual(['IHDR', 'acTL', 'ZZZZ']);
  });

  it('gives the same bytes however the input is chunked, holding only headers and metadata', async () => {
    const whole = (await stripImageBytes('a.png', tagged, { keepC2pa: false }))!.bytes;
    expect(await runChunked(createMetadataStripper('a.png', { keepC2pa: false })!, tagged, [1])).toEqual(whole);
    expect(await runChunked(createMetadataStripper('a.png', { keepC2pa: false })!, tagged, [7, 3, 64, 1, 13])).toEqual(
      whole,
    );

    const big = buildPng({
      width: 4,
      height: 4,
      after: [encodePngChunk('IDAT', noise(8 * 1024 * 1024))],
      idatSize: 1 << 20,
    });
    const stripper = createMetadataStripper('big.png', { keepC2pa: false })!;
    const out = await runChunked(stripper, big, [65536]);
    expect(out.equals(big)).toBe(true); // toEqual on 8 MiB is slow
    expect(stripper.bufferedHighWater).toBeLessThan(64 * 1024);
  });

  it.each([
    ['no signature', Buffer.from('GIF89a not a png at all'), /missing PNG signature/],
    ['truncated', tagged.subarray(0, tagged.length - 200), /ends inside the IDAT chunk|ends before the IEND/],
    ['bad CRC', Buffer.from(tagged).fill(0x41, 60, 61), /fails its CRC check/],
    [
      'no IHDR first',
      Buffer.concat([tagged.subarray(0, 8), tEXt('a', 'b'), tagged.subarray(8)]),
      /first chunk is tEXt, not IHDR/,
    ],
  ])('rejects a malformed PNG (%s) with an error naming the file', async (_name, bytes, message) => {
    const err = await stripImageBytes('clients/acme/hero.png', bytes, { keepC2pa: false }).catch((e: unknown) => e);
    expect(isHandoffError(err)).toBe(true);
    if (!isHandoffError(err)) return;
    expect(err.problems[0]).toMatchObject({ code: 'INTEGRITY', file: 'clients/acme/hero.png' });
    expect(err.message).toMatch(message);
  });

  it('is undefined for files it does not handle', () => {
    expect(createMetadataStripper('brand.svg', { keepC2pa: false })).toBeUndefined();
    expect(createMetadataStripper('clip.mp4', { keepC2pa: false })).toBeUndefined();
    expect(createMetadataStripper('HERO.PNG', { keepC2pa: false })).toBeDefined();
  });

  (skipWithoutExiftool() ? it.skip : it)(
    'leaves exiftool nothing but image, ICC and Orientation tags (exiftool-written metadata)',
    async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-png-'));
      tmpDirs.push(dir);
      const src = path.join(dir, 'src.png');
      await fs.writeFile(src, tagged);
      const tagged2 = path.join(dir, 'tagged.png');
      runExiftool([
        '-q',
        '-q',
        '-XMP-dc:Creator=Acme Agency',
        '-PNG:Comment=internal-review',
        '-Artist=Dana',
        '-o',
        tagged2,
        src,
      ]);
      const before = readTags(tagged2);
      expect(before).toMatchObject({
        'XMP-dc:Creator': 'Acme Agency',
        'IFD0:Artist': 'Dana',
        'PNG:Parameters': PROMPT,
      });
      const out = await stripImageBytes('tagged.png', await fs.readFile(tagged2), { keepC2pa: false });
      const outFile = path.join(dir, 'out.png');
      await fs.writeFile(outFile, out!.bytes);
      const tags = readTags(outFile);
      const groups = new Set(Object.keys(tags).map((k) => k.split(':')[0]));
      expect(
        [...groups].filter(
          (g) => !['File', 'PNG', 'PNG-pHYs', 'ICC-header', 'ICC_Profile', 'IFD0', 'Composite'].includes(g),
        ),
      ).toEqual([]);
      expect(Object.keys(tags).filter((k) => k.startsWith('IFD0:'))).toEqual(['IFD0:Orientation']);
      expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
      expect(tags['ICC_Profile:ProfileDescription']).toBe('Fixture RGB');
      expect(JSON.stringify(tags)).not.toMatch(/Warning|Acme|Dana|Globex|internal-review|parameters|workflow/i);
      expect(idatOf(out!.bytes)).toEqual(idatOf(tagged));
    },
  );
});
