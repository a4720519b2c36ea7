import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasC2paManifest } from './c2pa-probe';
import { DEFAULT_KEPT_CATEGORIES } from '../../config/image-categories';
import { createFileMetadataStripper, createMetadataStripper, stripImageBytes } from './create-stripper';
import { buildKeptExif, reduceExif } from './exif-orientation';
import { REPO_JPEG, jpegSegment, jpegSegments, withSegments } from './fixtures/jpeg-helpers';
import { buildPng, pngChunks, tEXt } from './fixtures/png-builder';
import { runChunked } from './fixtures/stream-helpers';
import { buildExifTiff } from './fixtures/tiff-builder';
import { WEBP_ALPHA, WEBP_LOSSY, buildWebp, webpChunk, webpChunks } from './fixtures/webp-samples';
import { MAX_JPEG_XMP_PACKET, XMP_ID } from './jpeg-segments';
import { readImageMetadataText } from './metadata-text';
import { encodePngChunk } from './png-stripper';
import { buildDisclosureXmp, buildXmpPacket } from './xmp-packet';

const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const keep = [...DEFAULT_KEPT_CATEGORIES];
const disclose = { keep, embedDigitalSourceType: AI };
const JPEG = readFileSync(REPO_JPEG);
const C2PA_PNG = encodePngChunk('caBX', Buffer.from('\0\0\0\x10jumbc2pa', 'latin1'));

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-prov-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
async function file(name: string, data: Buffer): Promise<string> {
  const abs = path.join(dir, name);
  await fs.writeFile(abs, data);
  return abs;
}

describe('provenance by category in the strippers', () => {
  it('keeps Exif Copyright with rights and Orientation, drops the rest, and the block is a fixed point', () => {
    const tiff = buildExifTiff({ orientation: 6, artist: 'Dana Reviewer' });
    const withCopyright = buildKeptExif({ orientation: 3, copyright: Buffer.from('(c) 2026 Lumen Stock') });
    expect(reduceExif(withCopyright, new Set(keep))).toEqual(withCopyright);
    expect(reduceExif(withCopyright, new Set(['orientation']))).toEqual(buildKeptExif({ orientation: 3 }));
    expect(reduceExif(withCopyright, new Set(['rights']))!.includes('Lumen Stock')).toBe(true);
    expect(reduceExif(tiff, new Set(['rights']))).toBeUndefined();
    expect(reduceExif(tiff, new Set(keep))!.includes('Dana')).toBe(false);
  });

  it('PNG: the disclosure goes in an XMP iTXt before IEND; a second strip changes nothing', async () => {
    const png = buildPng({ before: [tEXt('parameters', 'Steps: 30')] });
    const once = (await stripImageBytes('a.png', png, disclose))!;
    const types = pngChunks(once.bytes).map((c) => c.type);
    expect(types.slice(-2)).toEqual(['iTXt', 'IEND']);
    expect(
      pngChunks(once.bytes)
        .find((c) => c.type === 'iTXt')!
        .data.toString('utf8'),
    ).toBe(`XML:com.adobe.xmp\0\0\0\0\0${buildDisclosureXmp(AI).toString('utf8')}`);
    expect(once.report.removed).toEqual(['png-text']);
    const twice = (await stripImageBytes('a.png', once.bytes, disclose))!;
    expect(twice.bytes).toEqual(once.bytes);
    expect((await readImageMetadataText('a.png', once.bytes))!.categories).toEqual([]);
  });

  it('JPEG: the disclosure goes in an APP1 XMP segment before the first scan; an XMP too large for one segment is dropped', async () => {
    const out = (await stripImageBytes('a.jpg', withSegments(JPEG, [jpegSegment(0xfe, 'agency comment')]), disclose))!
      .bytes;
    const { segments, sos } = jpegSegments(out);
    expect(segments.map((s) => s.marker)).toEqual([0xe0, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xe1]);
    expect(segments.at(-1)!.payload).toEqual(Buffer.concat([XMP_ID, buildDisclosureXmp(AI)]));
    expect(out.subarray(sos)).toEqual(JPEG.subarray(jpegSegments(JPEG).sos));
    expect(out.includes('agency comment')).toBe(false);

    // An original that fits one segment but whose rebuilt packet (a longer wrapper) would not.
    const credit = (n: number): string =>
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="${'x'.repeat(n)}"/></rdf:RDF></x:xmpmeta>`;
    const n = MAX_JPEG_XMP_PACKET - credit(0).length;
    expect(
      buildXmpPacket([`photoshop:Credit="${'x'.repeat(n)}"`], [], [['photoshop', 'http://ns.adobe.com/photoshop/1.0/']])
        .length,
    ).toBeGreaterThan(MAX_JPEG_XMP_PACKET);
    const big = (await stripImageBytes(
      'b.jpg',
      withSegments(JPEG, [jpegSegment(0xe1, Buffer.concat([XMP_ID, Buffer.from(credit(n))]))]),
      { keep },
    ))!;
    expect(jpegSegments(big.bytes).segments.map((s) => s.marker)).not.toContain(0xe1);
    expect(big.report.removed).toEqual(['xmp']);
  });

  it('WebP: a planned strip with the disclosure gives the held bytes, the XMP flag and the right RIFF size', async () => {
    const exif = webpChunk('EXIF', buildExifTiff({ orientation: 6 }));
    const input = buildWebp([
      ...webpChunks(WEBP_ALPHA).map((c) => webpChunk(c.id, c.data)),
      exif,
      webpChunk('AGCY', Buffer.from('tracker')),
    ]);
    const held = (await stripImageBytes('a.webp', input, disclose))!.bytes;
    const planned = await runChunked(
      (await createFileMetadataStripper(await file('a.webp', input), 'a.webp', disclose))!,
      input,
      [7, 64],
    );
    expect(planned).toEqual(held);
    const chunks = webpChunks(held);
    expect(chunks.map((c) => c.id)).toEqual(['VP8X', 'ALPH', 'VP8 ', 'EXIF', 'XMP ']);
    expect(chunks[0].data[0] & 0x0c).toBe(0x0c); // EXIF + XMP
    expect(chunks[4].data).toEqual(buildDisclosureXmp(AI));
    expect(held.readUInt32LE(4)).toBe(held.length - 8);
    // A simple (VP8 only) WebP has no room for XMP without a new VP8X header: left as it is.
    expect((await stripImageBytes('b.webp', WEBP_LOSSY, disclose))!.bytes).toEqual(WEBP_LOSSY);
  });

  it('finds C2PA manifests from headers only, in each format', async () => {
    expect(await hasC2paManifest(await file('s.png', buildPng({ before: [C2PA_PNG] })), 's.png')).toBe(true);
    expect(await hasC2paManifest(await file('u.png', buildPng({ before: [tEXt('a', 'b')] })), 'u.png')).toBe(false);
    expect(
      await hasC2paManifest(await file('s.jpg', withSegments(JPEG, [jpegSegment(0xeb, 'JP\0\x01jumb')])), 's.jpg'),
    ).toBe(true);
    expect(await hasC2paManifest(await file('u.jpg', JPEG), 'u.jpg')).toBe(false);
    expect(
      await hasC2paManifest(
        await file(
          's.webp',
          buildWebp([
            ...webpChunks(WEBP_LOSSY).map((c) => webpChunk(c.id, c.data)),
            webpChunk('C2PA', Buffer.from('jumb')),
          ]),
        ),
        's.webp',
      ),
    ).toBe(true);
    expect(await hasC2paManifest(await file('u.webp', WEBP_LOSSY), 'u.webp')).toBe(false);
    expect(await hasC2paManifest(await file('bad.png', Buffer.from('not a png')), 'bad.png')).toBe(false);
  });

  it('keeping a category keeps its segments whole; not keeping c2pa drops the manifest', async () => {
    const png = buildPng({ before: [C2PA_PNG, tEXt('Comment', 'hello')] });
    const withText = (await stripImageBytes('a.png', png, { keep: [...keep, 'png-text'] }))!;
    expect(withText.bytes).toEqual(png);
    const noC2pa = (await stripImageBytes('a.png', png, { keep: ['icc-profile'] }))!;
    expect(pngChunks(noC2pa.bytes).map((c) => c.type)).not.toContain('caBX');
    expect(noC2pa.report.removed).toEqual(['png-text', 'c2pa']);
    expect(createMetadataStripper('a.gif', { keep })).toBeUndefined();
  });
});
