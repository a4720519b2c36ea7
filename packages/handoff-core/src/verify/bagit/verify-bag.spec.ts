import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BundleFile } from '../../types';
import { makeTempDir, removeTempDirs } from '../fixtures/sample-bundle';
import {
  buildSampleBag,
  refreshTagManifestLine,
  sha256Hex,
  unzipBag,
  viewOfFolder,
} from '../../bagit/fixtures/bag-fixtures';
import { verifyBag } from './verify-bag';

afterAll(removeTempDirs);

/** A freshly built and extracted sample bag: its root folder. */
async function extractedBag(files?: BundleFile[]): Promise<string> {
  const dir = await makeTempDir();
  return unzipBag((await buildSampleBag(dir, { files })).zipPath, dir);
}

async function errorsOf(root: string): Promise<string[]> {
  return (await verifyBag(await viewOfFolder(root))).errors;
}

async function payloadBytes(root: string): Promise<number> {
  const view = await viewOfFolder(root);
  let n = 0;
  for (const [rel, f] of view.files) if (rel.startsWith('data/')) n += f.size;
  return n;
}

const at = (root: string, rel: string): string => path.join(root, ...rel.split('/'));

describe('verifyBag', () => {
  it('accepts the bag packageBundle writes', async () => {
    const root = await extractedBag();
    const result = await verifyBag(await viewOfFolder(root));
    expect(result).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      payload: { files: 8, bytes: await payloadBytes(root) },
      manifests: ['manifest-sha256.txt', 'tagmanifest-sha256.txt'],
    });
  });

  it('names a payload file whose bytes changed (fixity)', async () => {
    const root = await extractedBag();
    const bytes = await fs.readFile(at(root, 'data/assets/hero/a.png'));
    bytes[bytes.length >> 1] ^= 0x01;
    await fs.writeFile(at(root, 'data/assets/hero/a.png'), bytes);
    expect(await errorsOf(root)).toEqual([
      expect.stringMatching(
        /^data\/assets\/hero\/a\.png: sha256 mismatch \(manifest-sha256\.txt lists [0-9a-f]{12}…, found [0-9a-f]{12}…\)$/,
      ),
    ]);
  });

  it('names an extra file under data/ that no manifest lists (completeness), and the Payload-Oxum it breaks', async () => {
    const root = await extractedBag();
    const bytes = await payloadBytes(root);
    await fs.writeFile(at(root, 'data/docs/extra.txt'), 'x');
    expect(await errorsOf(root)).toEqual([
      `bag-info.txt line 4 (Payload-Oxum): says ${bytes}.8, the payload has ${bytes + 1} bytes in 9 files`,
      'data/docs/extra.txt is not listed in manifest-sha256.txt',
    ]);
  });

  it('names a listed file that is missing', async () => {
    const root = await extractedBag();
    const bytes = await payloadBytes(root);
    await fs.rm(at(root, 'data/docs/brand.md'));
    expect(await errorsOf(root)).toEqual([
      `bag-info.txt line 4 (Payload-Oxum): says ${bytes}.8, the payload has ${bytes - 8} bytes in 7 files`,
      'data/docs/brand.md is listed in manifest-sha256.txt but missing from the bag',
    ]);
  });

  it('names a wrong Payload-Oxum, and the tag manifest catches the edit of bag-info.txt', async () => {
    const root = await extractedBag();
    const bytes = await payloadBytes(root);
    const info = await fs.readFile(at(root, 'bag-info.txt'), 'utf8');
    await fs.writeFile(at(root, 'bag-info.txt'), info.replace(`Payload-Oxum: ${bytes}.8`, `Payload-Oxum: ${bytes}.9`));
    expect(await errorsOf(root)).toEqual([
      `bag-info.txt line 4 (Payload-Oxum): says ${bytes}.9, the payload has ${bytes} bytes in 8 files`,
      expect.stringMatching(/^bag-info\.txt: sha256 mismatch \(tagmanifest-sha256\.txt lists/),
    ]);
    await refreshTagManifestLine(root, 'bag-info.txt');
    expect(await errorsOf(root)).toEqual([
      `bag-info.txt line 4 (Payload-Oxum): says ${bytes}.9, the payload has ${bytes} bytes in 8 files`,
    ]);
    await fs.writeFile(at(root, 'bag-info.txt'), info.replace(/Payload-Oxum: .*/, 'Payload-Oxum: lots'));
    await refreshTagManifestLine(root, 'bag-info.txt');
    expect(await errorsOf(root)).toEqual([
      'bag-info.txt line 4 (Payload-Oxum): "lots" is not <octet count>.<file count>',
    ]);
  });

  it('refuses manifest lines that escape the bag, leave the payload, repeat or are not NFC', async () => {
    const root = await extractedBag();
    const hex = sha256Hex('x');
    const extra = [
      `${hex}  ../x`,
      `${hex}  data/../../x`,
      `${hex}  bagit.txt`,
      `${hex}  data/docs/brand.md`,
      `${hex}  data/cafe\u0301.md`,
    ];
    await fs.appendFile(at(root, 'manifest-sha256.txt'), `${extra.join('\n')}\n`);
    await fs.appendFile(
      at(root, 'tagmanifest-sha256.txt'),
      `${hex}  data/docs/brand.md\n${hex}  tagmanifest-sha256.txt\n`,
    );
    await refreshTagManifestLine(root, 'manifest-sha256.txt');
    expect(await errorsOf(root)).toEqual([
      'manifest-sha256.txt line 9: path "../x" has a `..` segment (points outside the folder)',
      'manifest-sha256.txt line 10: path "data/../../x" has a `..` segment (points outside the folder)',
      'manifest-sha256.txt line 12: data/docs/brand.md is listed twice (also line 5)',
      'manifest-sha256.txt line 13: path "data/cafe\u0301.md" is not in Unicode NFC (normalisation-changing filesystems would not find it)',
      'manifest-sha256.txt line 11: bagit.txt is not under data/ (a payload manifest lists payload files only)',
      'tagmanifest-sha256.txt line 5: data/docs/brand.md is a payload file (a tag manifest lists tag files only)',
      'tagmanifest-sha256.txt line 6: tagmanifest-sha256.txt lists itself',
    ]);
  });

  it('names a changed README at the bag root through the tag manifest', async () => {
    const root = await extractedBag();
    await fs.appendFile(at(root, 'README.md'), 'edited\n');
    expect(await errorsOf(root)).toEqual([
      expect.stringMatching(/^README\.md: sha256 mismatch \(tagmanifest-sha256\.txt lists/),
    ]);
  });

  it('checks the declaration: version, encoding, byte-order mark, line endings', async () => {
    const root = await extractedBag();
    const file = at(root, 'bagit.txt');
    const cases: Array<[string | Buffer, string[]]> = [
      [
        'BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n',
        ['bagit.txt: BagIt-Version is 0.97, expected 1.0 (RFC 8493)'],
      ],
      [
        'BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n',
        ['bagit.txt: Tag-File-Character-Encoding is ISO-8859-1, only UTF-8 is supported'],
      ],
      [
        Buffer.from('\uFEFFBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'),
        ['bagit.txt starts with a byte-order mark, which RFC 8493 forbids'],
      ],
      [
        'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8',
        ['bagit.txt: the last line does not end with a line break'],
      ],
      [
        'Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n',
        [expect.stringMatching(/^bagit\.txt: expected exactly two lines/) as unknown as string],
      ],
      ['BagIt-Version: 1.0\r\nTag-File-Character-Encoding: utf-8\r\n', []],
    ];
    for (const [content, expected] of cases) {
      await fs.writeFile(file, content);
      await refreshTagManifestLine(root, 'bagit.txt');
      expect([content, await errorsOf(root)]).toEqual([content, expected]);
    }
  });

  it('checks every payload manifest, whatever its algorithm', async () => {
    const root = await extractedBag();
    const view = await viewOfFolder(root);
    const lines = [...view.files.keys()]
      .filter((p) => p.startsWith('data/') && p !== 'data/docs/brand.md')
      .sort()
      .map(
        async (p) =>
          `${createHash('sha512')
            .update(await fs.readFile(at(root, p)))
            .digest('hex')}  ${p}\n`,
      );
    await fs.writeFile(at(root, 'manifest-sha512.txt'), (await Promise.all(lines)).join(''));
    const result = await verifyBag(await viewOfFolder(root));
    expect(result.errors).toEqual(['data/docs/brand.md is not listed in manifest-sha512.txt']);
    expect(result.manifests).toEqual(['manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt']);
    await fs.writeFile(at(root, 'manifest-sha512.txt'), `${'0'.repeat(128)}  data/docs/brand.md\n`);
    expect((await errorsOf(root)).slice(0, 1)).toEqual([
      expect.stringMatching(/^data\/docs\/brand\.md: sha512 mismatch/),
    ]);
  });

  it('accepts a percent-encoded file name and refuses fetch.txt and a bag without bagit.txt', async () => {
    const root = await extractedBag([{ path: 'docs/100%.md', source: { kind: 'bytes', data: Buffer.from('x') } }]);
    expect(await errorsOf(root)).toEqual([]);
    await fs.writeFile(at(root, 'fetch.txt'), 'https://example.com/a 1 data/a\n');
    expect(await errorsOf(root)).toEqual([
      'fetch.txt: the bag lists files to download; a handoff bag must be complete',
    ]);
    await fs.rm(at(root, 'bagit.txt'));
    expect(await errorsOf(root)).toEqual(['bagit.txt is missing: this is not a BagIt bag']);
  });
});
