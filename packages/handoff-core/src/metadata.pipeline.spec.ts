import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createGenAiClient } from './genai';
import { runColdTest, runPackage } from './pipeline';
import { exampleWorkspace, unzipBundle } from './testing/example-workspace';
import { TRAINED_ALGORITHMIC_MEDIA } from './config/digital-source-type';

/** docs/metadata.csv, the DAM files and index.html on the embedded example engagement. */

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
const DAM = ['archivematica', 'aem', 'bynder'];
const exampleBundle = async (format: 'zip' | 'bagit') =>
  runPackage({ ...(await exampleWorkspace({ dam: DAM, format })), genAi: noCli });

function readCsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  const [header, ...rest] = parse(text) as string[][];
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('metadata.csv and DAM files on the example client', () => {
  let top: string;
  let zip: string;
  beforeAll(async () => {
    const { result } = await exampleBundle('zip');
    zip = result.zipPath;
    top = path.join(await unzipBundle(zip), 'example-client-handoff-v1');
  }, 60_000);

  it('lists every asset once, discloses the 13 generated ones and not the licensed stock photo', async () => {
    const { header, rows } = readCsv(await fs.readFile(path.join(top, 'docs/metadata.csv'), 'utf8'));
    expect(header[0]).toBe('path');
    const assets = (await fs.readdir(path.join(top, 'assets'), { recursive: true, withFileTypes: true })).filter((e) =>
      e.isFile(),
    );
    expect(rows.map((r) => r.path).sort()).toEqual(
      assets.map((e) => path.relative(top, path.join(e.parentPath, e.name))).sort(),
    );
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => r.digital_source_type === TRAINED_ALGORITHMIC_MEDIA)).toHaveLength(13);
    const stock = rows.find((r) => r.path === 'assets/stock/roastery-interior.jpg')!;
    expect(stock).toMatchObject({
      digital_source_type: '',
      ai_system: '',
      rights_kind: 'licensed-stock',
      credit: 'Photo: Ana Ribeiro / Lumen Stock',
      width: '320',
      height: '200',
    });
    const hero = rows.find((r) => r.path === 'assets/spring-launch/hero-bloom-blend-16x9.png')!;
    expect(hero).toMatchObject({
      campaign: 'spring-launch',
      job_id: 'nw-spring-001',
      ai_system: 'recraftv4',
      ai_system_version: '2026-03-15',
      seed: '418207',
    });
    expect(hero.description).toMatch(/^Editorial hero image/);
    expect(hero.keywords.split('; ')).not.toContain('internal-review');
  });

  it('gives the sha256 and size of the bytes that ship, as checksums.sha256 does', async () => {
    const { rows } = readCsv(await fs.readFile(path.join(top, 'docs/metadata.csv'), 'utf8'));
    const sums = new Map(
      (await fs.readFile(path.join(top, 'checksums.sha256'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => [l.slice(66), l.slice(0, 64)]),
    );
    for (const r of rows) {
      const data = await fs.readFile(path.join(top, r.path));
      expect([r.path, r.sha256, r.bytes]).toEqual([r.path, sha256(data), String(data.length)]);
      expect(sums.get(r.path)).toBe(r.sha256);
    }
    for (const f of [
      'docs/metadata.csv',
      'index.html',
      'docs/dam/aem-metadata.csv',
      'docs/dam/bynder-metadata.csv',
      'metadata/metadata.csv',
    ])
      expect(sums.has(f)).toBe(true);
  });

  it('writes AEM: assetPath first, then `property {{Type}}` headers', async () => {
    const { header, rows } = readCsv(await fs.readFile(path.join(top, 'docs/dam/aem-metadata.csv'), 'utf8'));
    expect(header[0]).toBe('assetPath');
    for (const h of header.slice(1))
      expect(h).toMatch(/^[A-Za-z][\w]*:[A-Za-z][\w]* \{\{(String|Long|Date|Boolean|Double|Decimal)(: multi)?\}\}$/);
    expect(rows).toHaveLength(14);
    for (const r of rows) expect(r.assetPath).toMatch(/^\/content\/dam\/example-client\/[^/].*\.(png|jpg)$/);
    const hero = rows.find((r) => r.assetPath.endsWith('/hero-bloom-blend-16x9.png'))!;
    expect(hero['Iptc4xmpExt:DigitalSourceType {{String}}']).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(hero['dc:subject {{String: multi}}'].split('|')).toContain('hero');
  });

  it('writes Bynder: Filename in column B with the exact file name and extension', async () => {
    const { header, rows } = readCsv(await fs.readFile(path.join(top, 'docs/dam/bynder-metadata.csv'), 'utf8'));
    expect(header[1]).toBe('Filename');
    expect(rows.map((r) => r.Filename).sort()).toEqual(rows.map((r) => path.posix.basename(r['Bundle Path'])).sort());
    for (const r of rows) expect(r.Tags).not.toMatch(/, | ,|,$/);
  });

  it('writes Archivematica: metadata/metadata.csv, filename first as objects/<path>, dc.* columns', async () => {
    const { header, rows } = readCsv(await fs.readFile(path.join(top, 'metadata/metadata.csv'), 'utf8'));
    expect(header[0]).toBe('filename');
    const DC = new Set([
      'title',
      'creator',
      'subject',
      'description',
      'publisher',
      'contributor',
      'date',
      'type',
      'format',
      'identifier',
      'source',
      'language',
      'relation',
      'coverage',
      'rights',
    ]);
    for (const h of header.slice(1).filter((x) => x.startsWith('dc.'))) expect(DC.has(h.slice(3))).toBe(true);
    for (const r of rows) {
      expect(r.filename).toMatch(/^objects\/assets\//);
      await expect(fs.stat(path.join(top, r.filename.slice('objects/'.length)))).resolves.toBeTruthy();
    }
  });

  it('passes the cold test', async () => {
    const { report } = await runColdTest({ zip, genAi: noCli });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.checks.find((c) => c.name === 'metadata-csv')).toMatchObject({
      status: 'pass',
      summary: '14 rows, one per asset, sha256 and sizes match',
    });
    expect(report.checks.find((c) => c.name === 'contact-sheet')?.status).toBe('pass');
  }, 60_000);
});

describe('metadata.csv in a BagIt bag', () => {
  it('lists the payload files by their path in the payload, with their hashes', async () => {
    const { result } = await exampleBundle('bagit');
    const data = path.join(await unzipBundle(result.zipPath), 'example-client-handoff-v1', 'data');
    const { rows } = readCsv(await fs.readFile(path.join(data, 'docs/metadata.csv'), 'utf8'));
    expect(rows).toHaveLength(14);
    for (const r of rows) expect(r.sha256).toBe(sha256(await fs.readFile(path.join(data, r.path))));
    await expect(fs.stat(path.join(data, 'index.html'))).resolves.toBeTruthy();
  }, 60_000);
});
