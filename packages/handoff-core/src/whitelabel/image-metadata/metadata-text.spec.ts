import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { isHandoffError } from '../../errors';
import { stripImageBytes } from './create-stripper';
import { runExiftool, skipWithoutExiftool } from './fixtures/exiftool';
import { REPO_JPEG } from './fixtures/jpeg-helpers';
import { buildPng, iTXt, tEXt, zTXt } from './fixtures/png-builder';
import { buildExifTiff } from './fixtures/tiff-builder';
import { WEBP_ALPHA, buildWebp, webpChunk, webpChunks } from './fixtures/webp-samples';
import { readImageMetadataText } from './metadata-text';
import { encodePngChunk } from './png-stripper';

const opts = { keepC2pa: false };
const png = buildPng({
  before: [
    tEXt('parameters', 'teal wave, Globex style'),
    zTXt('workflow', '{"tags":["internal-review"]}'),
    iTXt('prompt', 'café Ünïcode prompt', true),
    encodePngChunk('eXIf', buildExifTiff({ orientation: 6, artist: 'Dana Reviewer' })),
  ],
});

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-text-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('readImageMetadataText', () => {
  it('reads PNG text chunks (plain, deflated, international) and Exif strings; nothing once stripped', async () => {
    const found = await readImageMetadataText('a.png', png);
    expect(found!.text).toContain('parameters: teal wave, Globex style');
    expect(found!.text).toContain('workflow: {"tags":["internal-review"]}');
    expect(found!.text).toContain('prompt: café Ünïcode prompt');
    expect(found!.text).toContain('Dana Reviewer');
    expect(found!.categories).toEqual(['png-text', 'exif']);
    const stripped = (await stripImageBytes('a.png', png, opts))!.bytes;
    expect(await readImageMetadataText('a.png', stripped)).toEqual({ format: 'png', text: '', categories: [] });
  });

  it('reads a stream, stops a decompression bomb and reads WebP EXIF/XMP and kept C2PA text', async () => {
    const file = path.join(dir, 'a.png');
    await fs.writeFile(file, png);
    expect((await readImageMetadataText('a.png', createReadStream(file)))!.text).toContain('Globex');
    const bomb = encodePngChunk(
      'zTXt',
      Buffer.concat([Buffer.from('bomb\0\0', 'latin1'), deflateSync(Buffer.alloc(20 * 1024 * 1024))]),
    );
    expect((await readImageMetadataText('b.png', buildPng({ before: [bomb] })))!.categories).toEqual(['png-text']);
    const webp = buildWebp([
      ...webpChunks(WEBP_ALPHA).map((c) => webpChunk(c.id, c.data)),
      webpChunk('C2PA', Buffer.from('\0\0jumb claim_generator Acme Agency Studio\0')),
      webpChunk('EXIF', buildExifTiff({ artist: 'Sam Lee' })),
      webpChunk('XMP ', Buffer.from('<dc:creator>Initech</dc:creator>')),
    ]);
    const kept = await readImageMetadataText('a.webp', webp, { keepC2pa: true });
    expect(kept!.text).toMatch(/Acme Agency Studio[\s\S]*Sam Lee[\s\S]*Initech/);
    expect(kept!.categories).toEqual(['exif', 'xmp']);
    expect((await readImageMetadataText('a.webp', webp, { keepC2pa: false }))!.categories).toEqual([
      'exif',
      'xmp',
      'c2pa',
    ]);
    // By default provenance is kept: the C2PA manifest is not leftover metadata.
    expect((await readImageMetadataText('a.webp', webp))!.categories).toEqual(['exif', 'xmp']);
  });

  it('is undefined for other files and rejects a damaged image naming it', async () => {
    expect(await readImageMetadataText('brand.md', Buffer.from('# hi'))).toBeUndefined();
    const err = await readImageMetadataText('assets/x.png', png.subarray(0, 50)).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0].file).toBe('assets/x.png');
  });

  (skipWithoutExiftool() ? it.skip : it)(
    'reads exiftool-written JPEG Exif (ASCII and UTF-16), XMP, IPTC and comments',
    async () => {
      const tagged = path.join(dir, 'tagged.jpg');
      runExiftool([
        '-q',
        '-q',
        '-Artist=Dana Reviewer',
        '-XPComment=Globex moodboard',
        '-UserComment=internal-review',
        '-XMP-dc:Creator=Acme Agency',
        '-IPTC:Keywords=retainer-week-12',
        '-Comment=draft for Initech',
        '-o',
        tagged,
        REPO_JPEG,
      ]);
      const found = (await readImageMetadataText('tagged.jpg', readFileSync(tagged)))!;
      for (const s of [
        'Dana Reviewer',
        'Globex moodboard',
        'internal-review',
        'Acme Agency',
        'retainer-week-12',
        'draft for Initech',
      ])
        expect(found.text).toContain(s);
      expect(found.categories).toEqual(['exif', 'xmp', 'iptc', 'jpeg-comment']);
      const stripped = (await stripImageBytes('tagged.jpg', readFileSync(tagged), opts))!.bytes;
      expect(await readImageMetadataText('tagged.jpg', stripped)).toEqual({ format: 'jpeg', text: '', categories: [] });
    },
  );
});
