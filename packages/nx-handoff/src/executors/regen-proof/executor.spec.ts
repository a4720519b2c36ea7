import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { locateBundle, ProofPlan, RegenProofReport, runRegenProof } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import { confirmSpend } from '../utils/confirm';
import regenProofExecutor, { jobList } from './executor';

function report(ok: boolean): RegenProofReport {
  return {
    zip: '/ws/z.zip',
    zipSha256: 'ab'.repeat(32),
    checkedAt: '2026-11-30T00:00:00Z',
    generations: 1,
    allowDrift: false,
    ok,
    thresholds: { minSsim: 0.95, maxHashDistance: 24, hashBits: 256, maxChangedRatio: 0.02, pixelThreshold: 0.1 },
    counts: { identical: 0, equivalent: 0, drifted: ok ? 0 : 1, 'not-reproducible': 0, 'not-compared': 0, failed: 0 },
    jobs: [
      {
        id: 'j1',
        model: 'm@1',
        seed: 3,
        outcome: ok ? 'identical' : 'drifted',
        command: 'gen-ai generate',
        generated: true,
        outputs: [
          { asset: 'assets/a.png', outcome: ok ? 'identical' : 'drifted', picture: 'z.zip.regen-proof/j1-1.png' },
        ],
      },
    ],
  };
}

function core(ok: boolean, plan: ProofPlan = { jobs: ['j1'], generations: 1, settled: [] }) {
  const run = jest.fn(async (opts: Parameters<typeof runRegenProof>[0]) => {
    if (opts.confirm && !(await opts.confirm(plan))) throw new Error('cancelled');
    return { report: report(ok), json: '/ws/z.zip.regen-proof.json', markdown: '/ws/z.zip.regen-proof.md' };
  });
  return {
    run,
    core: {
      runRegenProof: run as unknown as typeof runRegenProof,
      locateBundle: jest.fn() as unknown as typeof locateBundle,
    },
  };
}

describe('regen-proof executor', () => {
  const out = captureConsole();

  it('passes --zip, --jobs (comma-separated), --all and --allow-drift to core; success follows the report', async () => {
    const { run, core: c } = core(true);
    const context = fakeContext(path.resolve('/ws'));
    await expect(
      regenProofExecutor({ zip: 'z.zip', jobs: 'j1, j2', allowDrift: true, yes: true }, context, c),
    ).resolves.toEqual({ success: true });
    expect(run).toHaveBeenCalledWith(
      expect.objectContaining({ zip: path.resolve('/ws/z.zip'), jobs: ['j1', 'j2'], all: false, allowDrift: true }),
    );
    expect(out.logged()).toContain('side by side: z.zip.regen-proof/j1-1.png');
    const failing = core(false);
    await expect(regenProofExecutor({ zip: 'z.zip', yes: true }, context, failing.core)).resolves.toEqual({
      success: false,
    });
    expect(out.errors()).toContain('regeneration proof FAILED');
  });

  it('jobList accepts a list or a comma-separated string; empty means the default sample', () => {
    expect(jobList(['a', ' b '])).toEqual(['a', 'b']);
    expect(jobList('a,,b')).toEqual(['a', 'b']);
    expect(jobList(undefined)).toBeUndefined();
  });
});

describe('confirmSpend', () => {
  const tty = (answer: string) =>
    Object.assign(Readable.from([`${answer}\n`]), { isTTY: true }) as unknown as NodeJS.ReadStream;

  it('confirms with --yes or without a TTY, and on a TTY only for y/yes', async () => {
    expect(await confirmSpend('?', true, tty('n'))).toBe(true);
    expect(
      await confirmSpend(
        '?',
        false,
        Object.assign(Readable.from([]), { isTTY: false }) as unknown as NodeJS.ReadStream,
      ),
    ).toBe(true);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await confirmSpend('?', false, tty('yes'))).toBe(true);
      expect(await confirmSpend('?', false, tty('n'))).toBe(false);
      expect(await confirmSpend('?', false, tty(''))).toBe(false);
    } finally {
      write.mockRestore();
    }
  });
});
