import { HandoffError } from '../errors';
import type { BundleFile, BundlePlan } from '../types';
import { entryDate, needsZip64, planEntries, shouldStore } from './bundle-entries';
import { planLayout } from './bundle-layout';

const bytes = (p: string, size = 1): BundleFile => ({ path: p, source: { kind: 'bytes', data: Buffer.alloc(size) } });
const plan = (files: BundleFile[], over: Partial<BundlePlan> = {}): BundlePlan => ({
  slug: 'acme',
  version: 1,
  date: '2025-03-04',
  format: 'zip',
  topFolder: 'acme-handoff-v1',
  zipName: 'acme-handoff-v1-2025-03-04.zip',
  files,
  ...over,
});

describe('shouldStore', () => {
  it('stores already-compressed media and deflates the rest, by extension, case-insensitively', () => {
    expect(['a/b.png', 'x.JPG', 'v.mp4', 'f.woff2', 'd.pdf', 'a.tar.gz'].map(shouldStore)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['a.json', 'README.md', 'logo.svg', 'art.psd', 'png', '.png', 'notes.png.txt'].map(shouldStore)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('entryDate', () => {
  it('is midnight UTC of the version date', () => {
    expect(entryDate('2025-03-04').toISOString()).toBe('2025-03-04T00:00:00.000Z');
  });
  it.each(['2025-02-30', '2025-3-4', '1979-12-31', '2044-01-01', 'today'])('refuses %s', (d) => {
    expect(() => entryDate(d)).toThrow(HandoffError);
  });
});

describe('planEntries', () => {
  it('sorts by NFC path in code-unit order, not locale order', () => {
    const names = planEntries(
      plan([bytes('b.md'), bytes('Z.md'), bytes('a.md'), bytes('assets/x.png'), bytes('assets-old.md')]),
    ).map((e) => e.path);
    expect(names).toEqual(['Z.md', 'a.md', 'assets-old.md', 'assets/x.png', 'b.md']);
  });
  it('reports every bad path at once', () => {
    const err = (() => {
      try {
        planEntries(plan([bytes('../a'), bytes('b//c'), bytes('./d')], { topFolder: 'a/b' }));
      } catch (e) {
        return e as HandoffError;
      }
      throw new Error('expected a HandoffError');
    })();
    expect(err.problems.map((p) => p.field ?? p.file)).toEqual(['topFolder', '../a', 'b//c', './d']);
  });
  it('refuses a top folder that archiver would rewrite', () => {
    expect(() => planEntries(plan([bytes('a')], { topFolder: 'acme:v1' }))).toThrow(/prefix:/);
  });
  it('refuses a zip name that is a path', () => {
    expect(() => planEntries(plan([bytes('a')], { zipName: '../a.zip' }))).toThrow(/plain file name/);
  });
});

describe('needsZip64', () => {
  const entries = (n: number, size = 1) => planLayout(plan(Array.from({ length: n }, (_, i) => bytes(`f${i}`, size))));
  it('turns on at 65,535 entries including checksums.sha256', () => {
    expect(needsZip64(entries(65_533))).toBe(false);
    expect(needsZip64(entries(65_534))).toBe(true);
  });
  it('counts the BagIt tag files of a bag too', () => {
    const bag = (n: number) =>
      planLayout(
        plan(
          Array.from({ length: n }, (_, i) => bytes(`f${i}`)),
          { format: 'bagit' },
        ),
      );
    expect(bag(65_530).length).toBe(65_534); // + bagit.txt, bag-info.txt and the two manifests
    expect(needsZip64(bag(65_530))).toBe(false);
    expect(needsZip64(bag(65_531))).toBe(true);
  });
  it('turns on when the planned bytes approach 4 GiB', () => {
    const big = (size: number) => [
      { path: 'a.mp4', name: 't/a.mp4', store: true, source: { kind: 'file' as const, abs: '/x', size } },
    ];
    expect(needsZip64(big(3 * 1024 ** 3))).toBe(false);
    expect(needsZip64(big(4 * 1024 ** 3 - 1024))).toBe(true);
  });
});
