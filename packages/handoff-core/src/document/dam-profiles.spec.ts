import { parse } from 'csv-parse/sync';
import { damProfiles, DAM_FORMATS } from './dam-profiles';
import { sampleRecords } from './fixtures/sample-records';
import { formatCsv } from './metadata-csv';

const rowsOf = (data: Buffer): Array<Record<string, string>> =>
  parse(data.toString('utf8'), { columns: true }) as Array<Record<string, string>>;

describe('DAM profiles', () => {
  it('gives one profile per requested format, in a fixed order, none when not asked', () => {
    expect(damProfiles([], 'acme')).toEqual([]);
    expect(damProfiles(['bynder', 'aem'], 'acme').map((p) => p.format)).toEqual(['aem', 'bynder']);
    expect(damProfiles([...DAM_FORMATS], 'acme').map((p) => p.path)).toEqual([
      'docs/dam/aem-metadata.csv',
      'docs/dam/bynder-metadata.csv',
      'metadata/metadata.csv',
    ]);
  });

  it('AEM: assetPath under /content/dam/<slug>/, keywords split on | with | inside a keyword removed', () => {
    const [aem] = damProfiles(['aem'], 'acme');
    const [gen] = sampleRecords();
    const [row] = rowsOf(formatCsv(aem, [{ ...gen, keywords: ['spring', 'a|b'] }]));
    expect(Object.keys(row)[0]).toBe('assetPath');
    expect(row.assetPath).toBe('/content/dam/acme/spring/hero 01#a.png');
    expect(row['dc:subject {{String: multi}}']).toBe('spring|a b');
    expect(row['tiff:ImageWidth {{Long}}']).toBe('320');
  });

  it('Bynder: Filename in column B, tags comma-separated without spaces around or inside them', () => {
    const [bynder] = damProfiles(['bynder'], 'acme');
    expect(bynder.columns[1][0]).toBe('Filename');
    const [gen, stock] = sampleRecords();
    const rows = rowsOf(formatCsv(bynder, [{ ...gen, keywords: ['spring', 'hero, wide', ' '] }, stock]));
    expect(rows.map((r) => r.Filename)).toEqual(['hero 01#a.png', 'photo.jpg']);
    expect(rows[0].Tags).toBe('spring,hero wide');
    expect(rows[1]).toMatchObject({ Copyright: 'Lumen Stock', 'Digital Source Type': '' });
  });

  it('Archivematica: filename first as objects/<bundle path>, DCMI type, rights with usage terms', () => {
    const [am] = damProfiles(['archivematica'], 'acme');
    const rows = rowsOf(formatCsv(am, sampleRecords()));
    expect(Object.keys(rows[0])[0]).toBe('filename');
    expect(rows.map((r) => r.filename)).toEqual([
      'objects/assets/spring/hero 01#a.png',
      'objects/assets/stock/photo.jpg',
    ]);
    expect(rows[0]['dc.type']).toBe('StillImage');
    expect(rows[1]['dc.rights']).toBe('Lumen Stock; Standard. See docs/RIGHTS.md.');
  });
});
