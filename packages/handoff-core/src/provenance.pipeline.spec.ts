import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError } from './errors';
import { createGenAiClient } from './genai';
import { runColdTest, runPackage } from './pipeline';
import { makeClientFixture, makeTempDir } from './testing/fixture-tree';
import { readTags, skipWithoutExiftool } from './whitelabel/image-metadata/fixtures/exiftool';
import { REPO_JPEG, jpegSegment, jpegSegments, withSegments } from './whitelabel/image-metadata/fixtures/jpeg-helpers';
import { buildPng, iTXt, pngChunks, tEXt } from './whitelabel/image-metadata/fixtures/png-builder';
import { XMP_ID } from './whitelabel/image-metadata/jpeg-segments';
import { encodePngChunk } from './whitelabel/image-metadata/png-stripper';

/** Provenance kept, internal information removed: PNG prompts, stock JPEG comments, C2PA-signed files. */

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const COMPOSITE = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

function xmp(inner: string, attrs = ''): Buffer {
  return Buffer.from(`<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmp:CreatorTool="/Users/sam/agency-pipeline/render 3.1" xmpMM:DocumentID="xmp.did:77aa" xmpMM:InstanceID="xmp.iid:88bb" ${attrs}>
${inner}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`);
}

const RIGHTS = '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Lumen Stock</rdf:li></rdf:Alt></dc:rights>';
const PROMPT = 'Steps: 30, sampler euler, seed 7, a calm hero shot';
const C2PA = encodePngChunk(
  'caBX',
  Buffer.from('\0\0\0\x20jumb\0\0\0\x18jumdc2pa claim generator: gen-ai 2.0', 'latin1'),
);

/** A generated PNG as the generator left it: prompt text chunks, a comment and tool XMP around the Digital Source Type. */
const generatedPng = buildPng({
  before: [
    tEXt('parameters', PROMPT),
    iTXt('prompt', '{"workflow":"agency-review-node"}'),
    iTXt('XML:com.adobe.xmp', xmp('', `Iptc4xmpExt:DigitalSourceType="${AI}"`).toString('utf8')),
  ],
  after: [tEXt('Comment', 'approved in the agency review tool')],
});
const signedPng = buildPng({ before: [C2PA] });
const signedPngWithPrompt = buildPng({ before: [C2PA, tEXt('parameters', PROMPT)] });
async function stockJpeg(): Promise<Buffer> {
  const comment = jpegSegment(0xfe, 'agency DAM: retouched for the pitch deck, ticket 4411');
  const packet = jpegSegment(
    0xe1,
    Buffer.concat([
      XMP_ID,
      xmp(
        `${RIGHTS}<xmpMM:History><rdf:Seq><rdf:li>saved by agency tool</rdf:li></rdf:Seq></xmpMM:History>`,
        'photoshop:Credit="Lumen Stock"',
      ),
    ]),
  );
  return withSegments(await fs.readFile(REPO_JPEG), [packet, comment]);
}

const jobs = [
  {
    id: 'hero-01',
    model: 'recraftv4',
    prompt: 'A calm hero shot',
    status: 'completed',
    tags: [],
    output: 'hero-01.png',
    seed: 7,
  },
  {
    id: 'hero-02',
    model: 'recraftv4',
    prompt: 'A signed hero',
    status: 'completed',
    tags: [],
    output: 'hero-02.png',
    seed: 8,
  },
  {
    id: 'hero-03',
    model: 'recraftv4',
    prompt: 'A composite',
    status: 'completed',
    tags: [],
    output: 'hero-03.jpg',
    seed: 9,
  },
];

async function client(config: Record<string, unknown> = {}, signed: Buffer = signedPng) {
  return makeClientFixture({
    jobs,
    config: {
      rights: {
        status: 'generated, one stock photo',
        items: [
          { asset: 'deliverables/stock/interior.jpg', kind: 'licensed-stock', source: 'Lumen Stock' },
          {
            asset: 'deliverables/spring/hero-03.jpg',
            kind: 'generated',
            digitalSourceType: 'compositeWithTrainedAlgorithmicMedia',
          },
        ],
      },
      ...config,
    },
    files: {
      'deliverables/spring/hero-01.png': generatedPng,
      'deliverables/spring/hero-02.png': signed,
      'deliverables/spring/hero-03.jpg': await fs.readFile(REPO_JPEG),
      'deliverables/stock/interior.jpg': await stockJpeg(),
    },
  });
}

async function unzip(zip: string): Promise<string> {
  const dir = await makeTempDir('nx-handoff-prov-');
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return path.join(dir, 'acme-handoff-v1');
}

describe('provenance kept, internal metadata removed', () => {
  it('removes the PNG prompt chunks and the stock JPEG comment, keeps the Digital Source Type and rights, ships the signed PNG byte-identical', async () => {
    const { workspaceRoot, clientRoot } = await client();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const root = await unzip(result.zipPath);
    const hero = await fs.readFile(path.join(root, 'assets/spring/hero-01.png'));
    expect(pngChunks(hero).filter((c) => c.type === 'tEXt')).toEqual([]);
    const itxt = pngChunks(hero)
      .filter((c) => c.type === 'iTXt')
      .map((c) => c.data.toString('utf8'));
    expect(itxt).toHaveLength(1);
    expect(itxt[0]).toMatch(new RegExp(`^XML:com\\.adobe\\.xmp\\0[\\s\\S]*Iptc4xmpExt:DigitalSourceType="${AI}"`));
    for (const gone of [
      'Steps: 30',
      'agency-review-node',
      'approved in the agency',
      'CreatorTool',
      'xmp.did',
      'agency-pipeline',
    ])
      expect(hero.includes(gone)).toBe(false);

    expect(await fs.readFile(path.join(root, 'assets/spring/hero-02.png'))).toEqual(signedPng);

    const stock = await fs.readFile(path.join(root, 'assets/stock/interior.jpg'));
    const { segments } = jpegSegments(stock);
    expect(segments.map((s) => s.marker)).not.toContain(0xfe);
    expect(stock.includes('ticket 4411')).toBe(false);
    expect(stock.includes('saved by agency tool')).toBe(false);
    expect(stock.includes('© 2026 Lumen Stock')).toBe(true);
    expect(stock.includes('photoshop:Credit="Lumen Stock"')).toBe(true);

    const manifest = JSON.parse(await fs.readFile(path.join(root, 'docs/handoff-manifest.json'), 'utf8'));
    expect(manifest.kept_image_metadata).toEqual([
      'c2pa',
      'digital-source-type',
      'rights',
      'icc-profile',
      'orientation',
    ]);
    const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/1 C2PA-signed image\(s\) ship byte-for-byte/);

    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli, client: { workspaceRoot, clientRoot } });
    expect(report.checks.find((c) => c.name === 'white-label')).toMatchObject({ status: 'pass' });
  });

  it('stops on a C2PA-signed file that also carries internal metadata, naming it and both fixes; shipSignedAsIs ships it as it is', async () => {
    const { workspaceRoot, clientRoot } = await client({}, signedPngWithPrompt);
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    const [problem] = (err as HandoffError).problems;
    expect(problem).toMatchObject({
      code: 'LEAK',
      file: 'clients/acme/deliverables/spring/hero-02.png',
      message: expect.stringMatching(/C2PA manifest and internal metadata \(png-text\)/),
    });
    expect(problem.hint).toMatch(/re-export the image without the internal metadata and sign it again/);
    expect(problem.hint).toMatch(/"deliverables\/spring\/hero-02\.png" to strip\.images\.shipSignedAsIs/);

    const accepted = await client(
      { strip: { images: { shipSignedAsIs: ['deliverables/spring/hero-02.png'] } } },
      signedPngWithPrompt,
    );
    const { result } = await runPackage({ ...accepted, genAi: noCli });
    expect(await fs.readFile(path.join(await unzip(result.zipPath), 'assets/spring/hero-02.png'))).toEqual(
      signedPngWithPrompt,
    );
    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli, client: accepted });
    expect(report.checks.find((c) => c.name === 'white-label')).toMatchObject({ status: 'pass' });
  });

  it('the legacy keepC2pa: false strips the manifest like any other metadata (the file is no longer signed)', async () => {
    const { workspaceRoot, clientRoot } = await client({ strip: { images: { keepC2pa: false } } }, signedPngWithPrompt);
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const out = await fs.readFile(path.join(await unzip(result.zipPath), 'assets/spring/hero-02.png'));
    expect(pngChunks(out).map((c) => c.type)).not.toContain('caBX');
    expect(out.includes('Steps: 30')).toBe(false);
  });

  it('the cold test flags internal metadata in an image but not kept provenance', async () => {
    const { workspaceRoot, clientRoot } = await client();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const root = await unzip(result.zipPath);
    // Put the prompt back into the shipped PNG and re-zip: the gate must catch it.
    const dir = path.dirname(root);
    await fs.writeFile(path.join(root, 'assets/spring/hero-01.png'), generatedPng);
    const zip = path.join(dir, 'tampered.zip');
    execFileSync('zip', ['-q', '-r', '-X', zip, 'acme-handoff-v1'], { cwd: dir });
    const { report } = await runColdTest({ zip, genAi: noCli, client: { workspaceRoot, clientRoot } });
    const gate = report.checks.find((c) => c.name === 'white-label')!;
    expect(gate.status).toBe('fail');
    expect(gate.problems.join('\n')).toMatch(
      /assets\/spring\/hero-01\.png: image-metadata: image metadata left: png-text, xmp/,
    );
    expect(gate.problems.join('\n')).not.toMatch(/hero-02|interior\.jpg/);
  });

  (skipWithoutExiftool() ? it.skip : it)(
    'exiftool reads the kept provenance and the embedded disclosure, and none of the internal fields',
    async () => {
      const { workspaceRoot, clientRoot } = await client({ strip: { images: { embedDisclosure: true } } });
      const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
      const root = await unzip(result.zipPath);
      const hero = readTags(path.join(root, 'assets/spring/hero-01.png'));
      expect(hero).toMatchObject({ 'XMP-iptcExt:DigitalSourceType': AI });
      expect(
        Object.keys(hero).filter((k) => /Parameters|Prompt|Comment|CreatorTool|DocumentID|InstanceID/.test(k)),
      ).toEqual([]);
      const composite = readTags(path.join(root, 'assets/spring/hero-03.jpg'));
      expect(composite).toMatchObject({ 'XMP-iptcExt:DigitalSourceType': COMPOSITE });
      const stock = readTags(path.join(root, 'assets/stock/interior.jpg'));
      expect(stock).toMatchObject({ 'XMP-dc:Rights': '© 2026 Lumen Stock', 'XMP-photoshop:Credit': 'Lumen Stock' });
      expect(Object.keys(stock).filter((k) => /Comment|History|CreatorTool|DigitalSourceType/.test(k))).toEqual([]);
      expect(JSON.stringify([hero, composite, stock])).not.toMatch(/Warning|Error/);
      expect(await fs.readFile(path.join(root, 'assets/spring/hero-02.png'))).toEqual(signedPng);
      const { report } = await runColdTest({
        zip: result.zipPath,
        genAi: noCli,
        client: { workspaceRoot, clientRoot },
      });
      expect(report.checks.find((c) => c.name === 'white-label')).toMatchObject({ status: 'pass' });
    },
  );
});
