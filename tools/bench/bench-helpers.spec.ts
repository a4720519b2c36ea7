import { parseBenchArgs } from './args';
import { taskDurations, cachedTasks } from './measure/nx-profile';
import { shortCommand, treeOf } from './measure/proc-tree';
import { NAMES, formatSizeTable, verdicts, type SizeReport } from './report';
import type { Measurement } from './measure/run-measured';
import type { StageFigures } from './stage-profile';
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
  it('defaults to N = 1000, three runs per scenario (the median reported), no huge asset', () => {
    expect(parseBenchArgs([])).toMatchObject({ sizes: [1000], hugeBytes: 0, repeat: 3, skipRecipe: false });
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

function stage(name: string, wallMs: number): StageFigures {
  return { stage: name, wallMs, cpuMs: wallMs, rchar: 0, wchar: 0, diskRead: 0, maxRssKb: 0, ok: true };
}

describe('report', () => {
  const report: SizeReport = {
    label: 'N=1000',
    assets: 1000,
    sourceBytes: 1.5e9,
    bundleBytes: 1.3e9,
    results: [
      { name: NAMES.recipe, m: m(56_000) },
      { name: NAMES.floor, m: m(2_500) },
      { name: NAMES.noop, m: m(2_000) },
      {
        name: NAMES.cold,
        m: m(14_000, 240 * 1024),
        tasks: { 'handoff-pin': 1200, 'handoff-package': 6_000, 'handoff-cold-test': 5_000, handoff: 400 },
      },
      { name: NAMES.warm, m: m(3_100), tasks: { 'handoff-package': 300 }, cached: ['handoff-package'] },
      { name: NAMES.coldInProcess, m: m(5_000) },
      { name: NAMES.warmInProcess, m: m(1_900) },
      { name: NAMES.floorStages, m: m(2_000) },
      { name: NAMES.hashFloor, m: m(1_500) },
      { name: NAMES.stagePackage, m: m(3_500), stage: stage('package', 3_000) },
      { name: NAMES.stageCold, m: m(2_800, 300 * 1024), stage: stage('cold-test', 2_400) },
    ],
  };

  it('states each target as a ratio within the run, the stages against the floor measured beside them', () => {
    expect(verdicts(report)).toEqual([
      {
        target: 'cold `nx run <slug>:handoff` >= 10x faster than the manual recipe',
        measured: '4.00x (14.00 s vs 56.00 s)',
        ok: false,
      },
      {
        target: 'warm re-run <= 1.5x a cached no-op `nx run` in the same workspace',
        measured: '1.55x (3.10 s vs 2.00 s)',
        ok: false,
      },
      {
        target: 'cold `nx run <slug>:handoff` >= 10x faster than the manual recipe (NX_ISOLATE_PLUGINS=false)',
        measured: '11.20x (5.00 s vs 56.00 s)',
        ok: true,
      },
      {
        target: 'warm re-run <= 1.5x a cached no-op `nx run` in the same workspace (NX_ISOLATE_PLUGINS=false)',
        measured: '0.95x (1.90 s vs 2.00 s)',
        ok: true,
      },
      {
        target: 'package stage <= 1.5x the cp -r floor',
        measured:
          '1.50x (3.00 s vs 2.00 s; 2.00x one sha256 pass over the zip, 1.50 s; the Nx task with its process start: 3.00x, 6.00 s)',
        ok: true,
      },
      {
        target: 'cold test <= 1x the cp -r floor',
        measured:
          '1.20x (2.40 s vs 2.00 s; 1.60x one sha256 pass over the zip, 1.50 s; the Nx task with its process start: 2.50x, 5.00 s)',
        ok: false,
      },
      {
        target: 'peak RSS of every process, Nx included, <= 256 MiB',
        measured: '300 MiB (? in "cold-test stage alone (no Nx)")',
        ok: false,
      },
    ]);
  });

  it('prints one Markdown row per scenario with the ratios', () => {
    const table = formatSizeTable(report);
    expect(table).toContain(
      '| nx cold (first run, empty .nx) | 14.00 | 14.00 | 240 (?) | 4.0x | 5.6x | - / 1.20 / 6.00 / 5.00 / 0.40 | 5 % |',
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
