import { parseBenchArgs } from './args';
import { taskDurations, cachedTasks } from './measure/nx-profile';
import { shortCommand, treeOf } from './measure/proc-tree';
import { NAMES, formatSizeTable, verdicts, type SizeReport } from './report';
import type { Measurement } from './measure/run-measured';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const m = (wallMs: number, peakRssKb = 100 * 1024): Measurement => ({
  wallMs,
  cpuMs: wallMs,
  userMs: wallMs,
  sysMs: 0,
  peakRssKb,
  processes: [],
  exitCode: 0,
  logFile: '',
  otherLoad: 0.05,
});

describe('bench arguments', () => {
  it('defaults to N = 250 and 1000, once each, no huge asset', () => {
    expect(parseBenchArgs([])).toMatchObject({ sizes: [250, 1000], hugeBytes: 0, repeat: 1, skipRecipe: false });
  });

  it('reads sizes, repeats, the huge case and passes --cpu-prof to the stage runs', () => {
    expect(parseBenchArgs(['--sizes', '250', '--repeat=3', '--huge', '--cpu-prof'])).toMatchObject({
      sizes: [250],
      repeat: 3,
      hugeBytes: 5 * 1024 ** 3,
      nodeFlags: ['--cpu-prof'],
    });
    expect(parseBenchArgs(['--sizes=none', '--huge-gib', '4.5']).sizes).toEqual([]);
    expect(() => parseBenchArgs(['--sizes', 'x'])).toThrow('--sizes');
    expect(() => parseBenchArgs(['--bogus'])).toThrow('unknown option --bogus');
  });
});

describe('report', () => {
  const report: SizeReport = {
    label: 'N=1000',
    assets: 1000,
    sourceBytes: 1.5e9,
    bundleBytes: 1.3e9,
    results: [
      { name: NAMES.recipe, m: m(56_000) },
      { name: NAMES.floor, m: m(2_500) },
      {
        name: NAMES.cold,
        m: m(14_000, 240 * 1024),
        tasks: { 'handoff-pin': 1200, 'handoff-package': 6_000, 'handoff-cold-test': 5_000, handoff: 400 },
      },
      { name: NAMES.warm, m: m(3_100), tasks: { 'handoff-package': 300 }, cached: ['handoff-package'] },
      { name: NAMES.coldInProcess, m: m(7_000) },
      { name: NAMES.warmInProcess, m: m(1_900) },
    ],
  };

  it('states each target as a ratio within the run', () => {
    expect(verdicts(report)).toEqual([
      { target: 'cold handoff >= 8x faster than the recipe', measured: '4.0x', ok: false },
      { target: 'package step <= 3x the cp -r floor', measured: '2.4x (6.00 s vs 2.50 s)', ok: true },
      { target: 'warm re-run < 4 s (no daemon)', measured: '3.10 s', ok: true },
      { target: 'cold handoff >= 8x faster than the recipe (NX_ISOLATE_PLUGINS=false)', measured: '8.0x', ok: true },
      { target: 'warm re-run < 4 s (no daemon) (NX_ISOLATE_PLUGINS=false)', measured: '1.90 s', ok: true },
      {
        target: 'peak RSS of any process < 256 MiB',
        measured: '240 MiB (? in "nx cold (first run, empty .nx)")',
        ok: true,
      },
    ]);
  });

  it('prints one Markdown row per scenario with the ratios', () => {
    const table = formatSizeTable(report);
    expect(table).toContain(
      '| nx cold (first run, empty .nx) | 14.00 | 14.00 | 240 (?) | 4.0x | 5.6x | 1.20 / 6.00 / 5.00 / 0.40 | 5 % |',
    );
    expect(table).toContain('| nx warm (nothing changed) | 3.10 |');
    expect(table).toContain('- / 0.30c / -');
  });
});

describe('measurement helpers', () => {
  it('reads task durations from an Nx profile and cache hits from static output', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
    const file = path.join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'c:handoff-pin', ph: 'X', dur: 780_000 },
        { name: 'thread_name', ph: 'M' },
      ]),
    );
    expect(taskDurations(file)).toEqual({ 'handoff-pin': 780 });
    expect(cachedTasks('> nx run c:handoff-pin  [local cache]\n> nx run c:handoff-package\n')).toEqual(['handoff-pin']);
  });

  it('walks a process tree and labels processes', () => {
    const table = new Map([
      [1, { ppid: 0 }],
      [10, { ppid: 1 }],
      [11, { ppid: 10 }],
      [12, { ppid: 11 }],
      [20, { ppid: 1 }],
    ]);
    expect(treeOf(10, table).sort()).toEqual([10, 11, 12]);
    expect(shortCommand('/usr/bin/node\0/x/node_modules/nx/dist/bin/nx.js\0run\0a:b')).toBe('nx (main process)');
    expect(shortCommand('node\0--conditions\0development\0/x/plugin-worker.js\0sock\0nx-handoff\0ws')).toBe(
      'nx plugin worker (nx-handoff)',
    );
    expect(shortCommand('cp\0-r\0/a/b/deliverables\0/c/floor')).toBe('cp -r deliverables floor');
  });
});
