import * as path from 'node:path';
import { HandoffError, type ensureBundle, type locateBundle, type runColdTest } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import coldTestExecutor from './executor';

const ws = path.resolve('/ws');
const defaultZip = path.join(ws, 'dist/handoff/acme-fintech/handoff-v3/acme-fintech-handoff-v3-2026-11-01.zip');

/** ensureBundle's answer for the client's current version (v3): its paths, nothing rebuilt. */
const ensureFake = jest.fn(async (opts: { workspaceRoot: string; clientRoot: string }) => ({
  paths: { zipFile: defaultZip, reportFile: `${defaultZip}.cold-test.json` },
  client: { workspaceRoot: opts.workspaceRoot, clientRoot: opts.clientRoot, slug: 'acme-fintech' },
  found: 'built', rebuilt: false, changed: false, sha256: 'ab'.repeat(32),
})) as unknown as typeof ensureBundle;

function locateFake(state: string) {
  return jest.fn(async () => ({
    client: { slug: 'acme-fintech', config: { version: 3 } },
    paths: { zipFile: defaultZip },
    seen: { state, expected: 'cd'.repeat(32) },
  })) as unknown as typeof locateBundle;
}
const locate = locateFake('built');
const cached = () => ({ ...fakeContext(ws), targetName: 'handoff-cold-test', target: { executor: 'nx-handoff:cold-test', cache: true } });

function coldTest(ok: boolean) {
  return jest.fn(async (opts: { zip: string }) => ({
    report: { zip: opts.zip, zipSha256: 'x', ok, checkedAt: '', checks: [] },
    reportFile: `${opts.zip}.cold-test.json`,
    summary: ok ? 'cold test: 5 checks passed' : 'cold test: checksums FAILED',
  })) as unknown as typeof runColdTest;
}

describe('cold-test executor', () => {
  const out = captureConsole();

  it("the cached target makes sure this version's zip is built, checks it and prints the summary", async () => {
    const run = coldTest(true);
    const ensure = jest.fn(ensureFake) as unknown as typeof ensureBundle;
    await expect(coldTestExecutor({}, cached(), { ensureBundle: ensure, locateBundle: locate, runColdTest: run })).resolves.toEqual({ success: true });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: defaultZip, all: false, requireCli: false }));
    expect(ensure).toHaveBeenCalledWith(expect.objectContaining({ workspaceRoot: ws, clientRoot: path.join(ws, 'clients/acme-fintech') }));
    expect(out.logged()).toContain('cold test: 5 checks passed');
  });

  it('handoff-verify (uncached) checks the zip as it is: never rebuilds it', async () => {
    const run = coldTest(true);
    const ensure = jest.fn() as unknown as typeof ensureBundle;
    const context = { ...fakeContext(ws), targetName: 'handoff-verify', target: { executor: 'nx-handoff:cold-test', cache: false } };
    await expect(coldTestExecutor({}, context, { ensureBundle: ensure, locateBundle: locateFake('different'), runColdTest: run })).resolves.toEqual({ success: true });
    expect(ensure).not.toHaveBeenCalled();
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: defaultZip }));
    expect(out.errors()).toContain('is not the zip its build record describes');
  });

  it('handoff-verify says how to build a zip that is not in dist/', async () => {
    const run = coldTest(true);
    await expect(coldTestExecutor({}, fakeContext(ws), { ensureBundle: ensureFake, locateBundle: locateFake('missing'), runColdTest: run })).resolves.toEqual({ success: false });
    expect(run).not.toHaveBeenCalled();
    expect(out.errors()).toContain('fix: build it with `nx run acme-fintech:handoff`');
  });

  it('does not rebuild or even look at this version when --zip names another bundle', async () => {
    const ensure = jest.fn() as unknown as typeof ensureBundle;
    await coldTestExecutor({ zip: 'incoming/bundle.zip' }, cached(), { ensureBundle: ensure, locateBundle: locate, runColdTest: coldTest(true) });
    expect(ensure).not.toHaveBeenCalled();
  });

  it('checks --zip (resolved from the workspace root) and passes all/requireCli', async () => {
    const run = coldTest(true);
    await coldTestExecutor({ zip: 'dist/handoff/acme-fintech/handoff-v1/old.zip', all: true, requireCli: true }, fakeContext(ws), { ensureBundle: ensureFake, locateBundle: locate, runColdTest: run });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: path.join(ws, 'dist/handoff/acme-fintech/handoff-v1/old.zip'), all: true, requireCli: true }));
  });

  it('fails when the report is not ok, naming the report', async () => {
    await expect(coldTestExecutor({}, fakeContext(ws), { ensureBundle: ensureFake, locateBundle: locate, runColdTest: coldTest(false) })).resolves.toEqual({ success: false });
    expect(out.errors()).toContain('acme-fintech-handoff-v3-2026-11-01.zip.cold-test.json');
  });

  it('fails with the formatted problem when the zip cannot be opened', async () => {
    const run = jest.fn(async () => {
      throw new HandoffError({ code: 'IO', file: 'missing.zip', message: 'file not found', hint: 'run handoff-package first' });
    }) as unknown as typeof runColdTest;
    await expect(coldTestExecutor({ zip: 'missing.zip' }, fakeContext(ws), { ensureBundle: ensureFake, locateBundle: locate, runColdTest: run })).resolves.toEqual({ success: false });
    expect(out.errors()).toBe('nx-handoff: missing.zip: file not found\n  fix: run handoff-package first');
  });
});

describe('cold-test executor and the cache', () => {
  const out = captureConsole();

  it('on a cached target, refuses a zip outside the workspace and points at handoff-verify', async () => {
    const run = coldTest(true);
    const context = { ...fakeContext(ws), targetName: 'handoff-cold-test', target: { executor: 'nx-handoff:cold-test', cache: true } };
    await expect(coldTestExecutor({ zip: path.resolve('/downloads/bundle.zip') }, context, { ensureBundle: ensureFake, locateBundle: locate, runColdTest: run })).resolves.toEqual({ success: false });
    expect(run).not.toHaveBeenCalled();
    expect(out.errors()).toContain('nx run acme-fintech:handoff-verify --zip=');
  });

  it('on the uncached handoff-verify target, checks any path', async () => {
    const run = coldTest(true);
    const context = { ...fakeContext(ws), targetName: 'handoff-verify', target: { executor: 'nx-handoff:cold-test', cache: false } };
    await expect(coldTestExecutor({ zip: path.resolve('/downloads/bundle.zip') }, context, { ensureBundle: ensureFake, locateBundle: locate, runColdTest: run })).resolves.toEqual({ success: true });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ zip: path.resolve('/downloads/bundle.zip') }));
  });
});
