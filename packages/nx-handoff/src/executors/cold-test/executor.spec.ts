import * as path from 'node:path';
import { HandoffError, type ensureBundle } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { coldTestFake } from '../../testing/core-fakes';
import { fakeContext } from '../../testing/fake-context';
import coldTestExecutor from './executor';

const ws = path.resolve('/ws');
const defaultZip = path.join(ws, 'dist/handoff/acme-fintech/handoff-v3/acme-fintech-handoff-v3-2026-11-01.zip');

/** ensureBundle's answer for the client's current version (v3): its paths, nothing rebuilt. */
function ensureFake() {
  return jest.fn(async (opts: { workspaceRoot: string; clientRoot: string }) => ({
    paths: { zipFile: defaultZip, reportFile: `${defaultZip}.cold-test.json` },
    client: { workspaceRoot: opts.workspaceRoot, clientRoot: opts.clientRoot, slug: 'acme-fintech' },
    found: 'built',
    rebuilt: false,
    changed: false,
    sha256: 'ab'.repeat(32),
  })) as unknown as typeof ensureBundle;
}

describe('cold-test executor', () => {
  const out = captureConsole();

  it("makes sure this version's zip is built, checks it and prints the summary, cached or not", async () => {
    for (const cache of [true, false]) {
      const run = coldTestFake(true);
      const ensure = ensureFake();
      const context = {
        ...fakeContext(ws),
        targetName: 'handoff-cold-test',
        target: { executor: 'nx-handoff:cold-test', cache },
      };
      await expect(coldTestExecutor({}, context, { ensureBundle: ensure, runColdTest: run })).resolves.toEqual({
        success: true,
      });
      expect(ensure).toHaveBeenCalledWith(
        expect.objectContaining({ workspaceRoot: ws, clientRoot: path.join(ws, 'clients/acme-fintech') }),
      );
      expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: defaultZip, all: false, requireCli: false }));
    }
    expect(out.logged()).toContain('cold test: 5 checks passed');
  });

  it('passes all/requireCli', async () => {
    const run = coldTestFake(true);
    await coldTestExecutor({ all: true, requireCli: true }, fakeContext(ws), {
      ensureBundle: ensureFake(),
      runColdTest: run,
    });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ all: true, requireCli: true }));
  });

  it('fails when the report is not ok, naming the report', async () => {
    await expect(
      coldTestExecutor({}, fakeContext(ws), { ensureBundle: ensureFake(), runColdTest: coldTestFake(false) }),
    ).resolves.toEqual({ success: false });
    expect(out.errors()).toContain('acme-fintech-handoff-v3-2026-11-01.zip.cold-test.json');
  });

  it('fails with the formatted problem when the zip cannot be rebuilt', async () => {
    const ensure = jest.fn(async () => {
      throw new HandoffError({
        code: 'VERSION_EXISTS',
        file: 'clients/acme-fintech/handoff-ledger.json',
        message: 'v3 was delivered with another sha256',
        hint: 'bump the version',
      });
    }) as unknown as typeof ensureBundle;
    const run = coldTestFake(true);
    await expect(coldTestExecutor({}, fakeContext(ws), { ensureBundle: ensure, runColdTest: run })).resolves.toEqual({
      success: false,
    });
    expect(run).not.toHaveBeenCalled();
    expect(out.errors()).toBe(
      'nx-handoff: clients/acme-fintech/handoff-ledger.json: v3 was delivered with another sha256\n  fix: bump the version',
    );
  });
});
