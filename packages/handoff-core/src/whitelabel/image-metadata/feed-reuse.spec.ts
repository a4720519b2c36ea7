import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_KEPT_CATEGORIES } from '../../config/image-categories';
import { createFileMetadataStripper, stripImageBytes } from './create-stripper';
import { REPO_JPEG, jpegSegment, withSegments } from './fixtures/jpeg-helpers';
import { buildPng, iTXt, tEXt } from './fixtures/png-builder';
import { noise } from './fixtures/stream-helpers';
import { buildExifTiff } from './fixtures/tiff-builder';
import { buildWebp, webpChunk } from './fixtures/webp-samples';
import { buildXmpPacket } from './xmp-packet';

const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const opts = { keep: [...DEFAULT_KEPT_CATEGORIES], embedDigitalSourceType: AI };

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-feed-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/**
 * Drive a stripper as the zip writer does: every chunk is read into the same buffer, which is
 * overwritten with junk as soon as feed() has returned and its output has been copied out.
 */
async function stripThroughOneBuffer(name: string, bytes: Buffer, chunk: number): Promise<Buffer> {
  const abs = path.join(dir, name);
  await fs.writeFile(abs, bytes);
  const stripper = (await createFileMetadataStripper(abs, name, opts))!;
  const buf = Buffer.alloc(chunk);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    const n = bytes.copy(buf, 0, at, at + chunk);
    for (const piece of stripper.feed(buf.subarray(0, n))) out.push(Buffer.from(piece));
    buf.fill(0xa5);
  }
  for (const piece of stripper.feedEnd()) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}

describe('MetadataStripper.feed keeps no reference to the chunk it was fed', () => {
  const xmp = buildXmpPacket(
    ['xmp:CreatorTool="internal-pipeline"'],
    ['<dc:creator><rdf:Seq><rdf:li>Dana Reviewer</rdf:li></rdf:Seq></dc:creator>'],
    [
      ['xmp', 'http://ns.adobe.com/xap/1.0/'],
      ['dc', 'http://purl.org/dc/elements/1.1/'],
    ],
  );
  const cases: Array<[string, Buffer]> = [
    [
      'hero.png',
      buildPng({
        width: 64,
        height: 64,
        before: [tEXt('Comment', 'internal: reviewer Dana'), iTXt('XML:com.adobe.xmp', xmp.toString('utf8'))],
      }),
    ],
    [
      'hero.jpg',
      withSegments(readFileSync(REPO_JPEG), [
        jpegSegment(
          0xe1,
          Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), buildExifTiff({ orientation: 6, artist: 'Dana' })]),
        ),
        jpegSegment(0xfe, 'reviewed by Dana'),
      ]),
    ],
    [
      'hero.webp',
      buildWebp([
        webpChunk('VP8X', Buffer.from([0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
        webpChunk('VP8L', noise(200_000)),
        webpChunk('EXIF', buildExifTiff({ artist: 'Dana' })),
        webpChunk('XMP ', xmp),
      ]),
    ],
  ];
  it.each(cases)('%s: same bytes as stripping it whole, with chunks of 1, 7 and 4096 bytes', async (name, bytes) => {
    const whole = (await stripImageBytes(name, bytes, opts))!.bytes;
    expect(whole.equals(bytes)).toBe(false); // something was stripped
    for (const chunk of [1, 7, 4096]) {
      expect((await stripThroughOneBuffer(name, bytes, chunk)).equals(whole)).toBe(true);
    }
  });
});
