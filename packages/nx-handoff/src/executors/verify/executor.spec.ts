import * as path from 'node:path';
import { HandoffError, type locateBundle, type runColdTest } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { coldTestFake } from '../../testing/core-fakes';
import { fakeContext } from '../../testing/fake-context';
import verifyExecutor from './executor';

const ws = path.resolve('/ws');
const defaultZip = path.join(ws, 'dist/handoff/acme-fintech/handoff-v3/acme-fintech-handoff-v3-2026-11-01.zip');

function locateFake(state: string) {
  return jest.fn(async () => ({
    client: { slug: 'acme-fintech', config: { version: 3 } },
    paths: { zipFile: defaultZip },
    seen: { state, expected: 'cd'.repeat(32) },
  })) as unknown as typeof locateBundle;
}

describe('verify executor', () => {
  const out = captureConsole();

  it("checks this version's zip as it is, warning when it is not the recorded build", async () => {
    const run = coldTestFake(true);
    await expect(
      verifyExecutor({}, fakeContext(ws), { locateBundle: locateFake('different'), runColdTest: run }),
    ).resolves.toEqual({ success: true });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: defaultZip }));
    expect(out.errors()).toContain('is not the zip its build record describes');
  });

  it('says how to build a zip that is not in dist/ (never builds it)', async () => {
    const run = coldTestFake(true);
    await expect(
      verifyExecutor({}, fakeContext(ws), { locateBundle: locateFake('missing'), runColdTest: run }),
    ).resolves.toEqual({ success: false });
    expect(run).not.toHaveBeenCalled();
    expect(out.errors()).toContain('fix: build it with `nx run acme-fintech:handoff`');
  });

  it('checks --zip, inside the workspace or outside it, without looking at this version', async () => {
    for (const zip of ['dist/handoff/acme-fintech/handoff-v1/old.zip', path.resolve('/downloads/bundle.zip')]) {
      const run = coldTestFake(true);
      const locate = locateFake('built');
      await verifyExecutor({ zip, all: true, requireCli: true }, fakeContext(ws), {
        locateBundle: locate,
        runColdTest: run,
      });
      expect(locate).not.toHaveBeenCalled();
      expect(run).toHaveBeenCalledWith(
        expect.objectContaining({ zip: path.resolve(ws, zip), all: true, requireCli: true }),
      );
    }
  });

  it('fails with the formatted problem when the zip cannot be opened', async () => {
    const run = jest.fn(async () => {
      throw new HandoffError({ code: 'IO', file: 'missing.zip', message: 'file not found', hint: 'check the path' });
    }) as unknown as typeof runColdTest;
    await expect(
      verifyExecutor({ zip: 'missing.zip' }, fakeContext(ws), { locateBundle: locateFake('built'), runColdTest: run }),
    ).resolves.toEqual({ success: false });
    expect(out.errors()).toBe('nx-handoff: missing.zip: file not found\n  fix: check the path');
  });

  it('fails when the report is not ok', async () => {
    await expect(
      verifyExecutor({ zip: 'x.zip' }, fakeContext(ws), {
        locateBundle: locateFake('built'),
        runColdTest: coldTestFake(false),
      }),
    ).resolves.toEqual({ success: false });
    expect(out.errors()).toContain('cold test FAILED for x.zip');
  });
});
