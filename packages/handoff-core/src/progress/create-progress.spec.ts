import { createProgress, progressMode } from './create-progress';
import { LineSchedule, isCi, LOCAL_LINE_POLICY, CI_LINE_POLICY } from './line-policy';
import type { ProgressState } from './format';

function fakeStream(isTTY = false): { write(s: string): boolean; isTTY: boolean; text(): string } {
  let out = '';
  return { isTTY, write: (s: string) => ((out += s), true), text: () => out };
}

/** Feed `totalBytes` in `steps` equal ticks, one every `stepMs` of a fake clock. */
function run(env: NodeJS.ProcessEnv, steps: number, stepMs: number, isTTY = false): string {
  let t = 0;
  const stream = fakeStream(isTTY);
  const p = createProgress({
    label: 'package',
    totalBytes: steps * 1000,
    totalFiles: steps,
    stream,
    env,
    now: () => t,
  });
  for (let i = 0; i < steps; i++) {
    t += stepMs;
    p.tick(1000, 1);
  }
  p.done();
  return stream.text();
}

describe('createProgress', () => {
  it('prints nothing for a short step without a terminal', () => {
    expect(run({}, 50, 10)).toBe('');
    expect(run({ CI: 'true' }, 50, 150)).toBe(''); // 7.5 s: short for CI
  });

  it('prints a line per 10 % once a long step passes its quiet period, then a closing line', () => {
    const lines = run({}, 100, 100).trim().split('\n');
    expect(lines[0]).toMatch(/^package: 20% 20\/100 files, 20.0 kB\/100 kB, 10.0 kB\/s, ETA 0:08$/);
    expect(lines.slice(1, -1).map((l) => l.split(' ')[1])).toEqual(['30%', '40%', '50%', '60%', '70%', '80%', '90%']);
    expect(lines[lines.length - 1]).toBe('package: done, 100 files, 100 kB in 0:10 (10.0 kB/s)');
  });

  it('in CI reports only a step that runs longer than 10 s, at most every 10 % or 10 s', () => {
    const lines = run({ CI: 'true' }, 10, 3_000).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['40%', '50%', '60%', '70%', '80%', '90%', 'done,']);
  });

  it('chooses bar, lines or off from the stream and the environment', () => {
    expect(progressMode({ write: () => true, isTTY: true }, {})).toBe('bar');
    expect(progressMode({ write: () => true, isTTY: true }, { CI: 'true' })).toBe('lines');
    expect(progressMode({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe('lines');
    expect(progressMode({ write: () => true }, {})).toBe('lines');
    expect(progressMode({ write: () => true, isTTY: true }, { NX_HANDOFF_PROGRESS: 'off' })).toBe('off');
    expect(run({ NX_HANDOFF_PROGRESS: 'off' }, 100, 100)).toBe('');
  });

  it('draws a bar on a terminal after a short delay and ends with the closing line', () => {
    const out = run({}, 20, 100, true);
    expect(out).toContain('package [');
    expect(out).toContain('| 5/20 files | 5.00 kB/20.0 kB | 10.0 kB/s | ETA 0:02');
    expect(out.endsWith('package: done, 20 files, 20.0 kB in 0:02 (10.0 kB/s)\n')).toBe(true);
    expect(run({}, 3, 100, true)).toBe(''); // done before the bar would show
  });
});

describe('LineSchedule and isCi', () => {
  const s = (fraction: number, elapsedMs: number): ProgressState => ({
    label: 'x',
    totalBytes: 100,
    totalFiles: 1,
    bytes: fraction * 100,
    files: 0,
    elapsedMs,
  });

  it('adds a time-based line when progress stalls', () => {
    const schedule = new LineSchedule(LOCAL_LINE_POLICY);
    expect(schedule.due(s(0.05, 2_500))).toBe(false);
    expect(schedule.due(s(0.05, 12_000))).toBe(true);
    expect(schedule.due(s(0.06, 15_000))).toBe(false);
    expect(schedule.due(s(0.06, 22_500))).toBe(true);
    expect(new LineSchedule(CI_LINE_POLICY).due(s(0.5, 9_999))).toBe(false);
  });

  it('reads CI the way CI services set it', () => {
    expect([undefined, '', 'false', '0', 'true', '1', 'True'].map((CI) => isCi({ CI }))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('a failed step', () => {
  it('says where it stopped instead of "done"', () => {
    let t = 0;
    const stream = fakeStream();
    const p = createProgress({ label: 'extract', totalBytes: 100, totalFiles: 10, stream, env: {}, now: () => t });
    for (let i = 0; i < 4; i++) {
      t += 1_000;
      p.tick(10, 1);
    }
    p.done('failed');
    expect(stream.text().trimEnd().split('\n').pop()).toBe('extract: stopped after 4/10 files, 40 B/100 B, 0:04');
  });
});
