import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWhiteLabel, type ExtractedBundle } from './check-white-label';
import { stripImageBytes } from './image-metadata/create-stripper';
import { buildPng, iTXt, tEXt } from './image-metadata/fixtures/png-builder';
import { encodePngChunk } from './image-metadata/png-stripper';
import { buildXmpPacket } from './image-metadata/xmp-packet';
import type { LeakRules } from './leak-scan';

const rules: LeakRules = { tagPrefixes: ['internal-'], tags: [], terms: ['Globex'] };
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

async function bundle(files: Record<string, Buffer | string>): Promise<ExtractedBundle> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'wl-gate-'));
  dirs.push(root);
  const map = new Map<string, { size: number }>();
  for (const [rel, data] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, data);
    map.set(rel, { size: Buffer.byteLength(data) });
  }
  return { root, files: map };
}

const taggedPng = buildPng({ before: [tEXt('parameters', 'teal wave like Globex, internal-review pass')] });

describe('checkWhiteLabel', () => {
  it('fails on image metadata text, leftover metadata, tags in file names and leaks in text files', async () => {
    const view = await bundle({
      'README.md': '# Handoff\n',
      'assets/hero.png': taggedPng,
      'assets/internal-cut.bin': Buffer.from([1, 2, 3]),
      'prompts/prompt-library.json': '{"jobs":[{"id":"a","tags":["internal-x"]}]}',
      'checksums.sha256': `${'b'.repeat(64)}  assets/internal-cut.bin\n`,
    });
    const result = await checkWhiteLabel(view, rules);
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([
      'assets/hero.png: internal-tag: internal tag prefix "internal-" in image metadata',
      'assets/hero.png: denylisted-term: denylisted term "Globex" in image metadata',
      'assets/hero.png: image-metadata: image metadata left: png-text',
      'assets/internal-cut.bin: file-name: file name contains internal tag prefix "internal-"',
      'prompts/prompt-library.json:1: internal-tag: internal tag prefix "internal-"',
    ]);
  });

  it('passes a white-labelled bundle and reports unreadable images as problems', async () => {
    const stripped = (await stripImageBytes('hero.png', taggedPng, { keepC2pa: false }))!.bytes;
    const ok = await checkWhiteLabel(
      await bundle({
        'README.md': '# Handoff\n',
        'assets/hero.png': stripped,
        'checksums.sha256': `${'c'.repeat(64)}  assets/hero.png\n`,
      }),
      rules,
    );
    expect(ok).toMatchObject({ name: 'white-label', status: 'pass', problems: [] });
    const stock = await checkWhiteLabel(
      await bundle({ 'assets/stock.png': buildPng({ before: [tEXt('Copyright', 'Lumen Stock')] }) }),
      rules,
      { keepMetadataIn: ['assets/stock.png'] },
    );
    expect(stock.status).toBe('pass');
    const broken = await checkWhiteLabel(await bundle({ 'assets/hero.png': stripped.subarray(0, 40) }), rules);
    expect(broken.status).toBe('fail');
    expect(broken.problems[0]).toMatch(/^assets\/hero\.png: image metadata could not be read: not a valid PNG/);
  });

  it('accepts kept provenance (C2PA, Digital Source Type, rights) and still flags internal metadata next to it', async () => {
    const provenance = buildXmpPacket(
      [
        'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"',
        'photoshop:Credit="Lumen Stock"',
      ],
      [],
      [
        ['Iptc4xmpExt', 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/'],
        ['photoshop', 'http://ns.adobe.com/photoshop/1.0/'],
      ],
    ).toString('utf8');
    const caBX = encodePngChunk('caBX', Buffer.from('\0\0\0\x10jumbc2pa', 'latin1'));
    const kept = buildPng({ before: [caBX, iTXt('XML:com.adobe.xmp', provenance)] });
    expect(await checkWhiteLabel(await bundle({ 'assets/hero.png': kept }), rules)).toMatchObject({
      status: 'pass',
      problems: [],
    });
    const leaky = buildPng({
      before: [
        caBX,
        iTXt(
          'XML:com.adobe.xmp',
          provenance.replace(
            'photoshop:Credit',
            'xmp:CreatorTool="/Users/dana/tool" xmlns:xmp="http://ns.adobe.com/xap/1.0/" photoshop:Credit',
          ),
        ),
        tEXt('Comment', 'ok'),
      ],
    });
    const result = await checkWhiteLabel(await bundle({ 'assets/hero.png': leaky }), rules);
    expect(result.problems).toEqual(['assets/hero.png: image-metadata: image metadata left: png-text, xmp']);
    // A bundle built with provenance removed (keep: []) has nothing to accept.
    expect((await checkWhiteLabel(await bundle({ 'assets/hero.png': kept }), rules, { keep: [] })).problems).toEqual([
      'assets/hero.png: image-metadata: image metadata left: xmp, c2pa',
    ]);
  });
});
