import {
  etaOf,
  formatBytes,
  formatDoneLine,
  formatDuration,
  formatProgressLine,
  fractionOf,
  rateOf,
  type ProgressState,
} from './format';

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  label: 'package',
  totalBytes: 1_550_000_000,
  totalFiles: 1000,
  bytes: 651_000_000,
  files: 420,
  elapsedMs: 3_000,
  ...over,
});

describe('progress formatting', () => {
  it('formats bytes in decimal units with three significant digits', () => {
    expect([0, 950, 1_000, 1_500_000, 12_345_678, 1_550_000_000, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '950 B',
      '1.00 kB',
      '1.50 MB',
      '12.3 MB',
      '1.55 GB',
      '5.37 GB',
    ]);
    expect(formatBytes(-1)).toBe('?');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect([0, 4_400, 65_000, 3_723_000].map(formatDuration)).toEqual(['0:00', '0:04', '1:05', '1:02:03']);
    expect(formatDuration(undefined)).toBe('?');
  });

  it('derives rate, ETA and fraction from bytes, falling back to files', () => {
    expect(rateOf(state())).toBeCloseTo(217_000_000);
    expect(etaOf(state())).toBeCloseTo(4_142, -1);
    expect(rateOf(state({ elapsedMs: 10 }))).toBeUndefined();
    expect(fractionOf(state({ totalBytes: 0, bytes: 0, files: 250 }))).toBe(0.25);
    expect(fractionOf(state({ totalBytes: 0, totalFiles: 0 }))).toBe(1);
  });

  it('writes one self-contained line for logs, and a closing line', () => {
    expect(formatProgressLine(state())).toBe('package: 42% 420/1000 files, 651 MB/1.55 GB, 217 MB/s, ETA 0:04');
    expect(formatProgressLine(state({ bytes: 0, files: 0, elapsedMs: 0 }))).toBe(
      'package: 0% 0/1000 files, 0 B/1.55 GB, ? B/s, ETA ?',
    );
    expect(formatDoneLine(state({ bytes: 1_550_000_000, files: 1000, elapsedMs: 9_000 }))).toBe(
      'package: done, 1000 files, 1.55 GB in 0:09 (172 MB/s)',
    );
  });
});
