import { parse } from 'csv-parse/sync';
import { HandoffError } from '../errors';
import type { AssetRecord } from './asset-records';
import { TRAINED_ALGORITHMIC_MEDIA } from '../config/digital-source-type';
import { formatCsv, METADATA_CSV, withShipped } from './metadata-csv';
import { sampleRecords } from './fixtures/sample-records';

const parseCsv = (data: Buffer): string[][] =>
  parse(data.toString('utf8'), { bom: false, relax_column_count: false }) as string[][];

describe('docs/metadata.csv', () => {
  it('has the documented header and one row per asset, UTF-8 without BOM, CRLF records', () => {
    const data = formatCsv(METADATA_CSV, sampleRecords());
    expect(data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(data.toString('utf8').startsWith('path,campaign,title,description,')).toBe(true);
    expect(data.toString('utf8').endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(data);
    expect(header).toEqual([
      'path',
      'campaign',
      'title',
      'description',
      'keywords',
      'job_id',
      'rights_kind',
      'credit',
      'copyright_notice',
      'usage_terms',
      'date_created',
      'digital_source_type',
      'ai_system',
      'ai_system_version',
      'seed',
      'width',
      'height',
      'bytes',
      'sha256',
    ]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(row).toMatchObject({
      path: 'assets/spring/hero 01#a.png',
      description: 'Calm "hero", shot\non two lines; =1+2 is not a formula',
      keywords: 'spring; hero',
      digital_source_type: TRAINED_ALGORITHMIC_MEDIA,
      ai_system: 'recraftv4',
      ai_system_version: '2026-03-15',
      seed: '-7',
      width: '320',
      height: '180',
      bytes: '13236',
      sha256: 'a'.repeat(64),
    });
    const stock = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    expect(stock).toMatchObject({
      digital_source_type: '',
      ai_system: '',
      description: '',
      credit: 'Photo: Ana / Lumen',
      rights_kind: 'licensed-stock',
    });
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const [r] = sampleRecords();
    const [, row] = parseCsv(formatCsv(METADATA_CSV, [{ ...r, prompt: '=HYPERLINK("http://x")', title: '@SUM(A1)' }]));
    expect(row[3]).toBe('\'=HYPERLINK("http://x")');
    expect(row[2]).toBe("'@SUM(A1)");
  });

  it('adds the shipped sha256 and size, and refuses to build before an asset is written', () => {
    const [r] = sampleRecords();
    const { sha256: _s, size: _z, ...record } = r;
    const base: AssetRecord = record;
    expect(withShipped([base], () => ({ sha256: 'c'.repeat(64), size: 5 }), 'docs/metadata.csv')[0]).toMatchObject({
      sha256: 'c'.repeat(64),
      size: 5,
    });
    expect(() => withShipped([base], () => undefined, 'docs/metadata.csv')).toThrow(HandoffError);
  });
});
