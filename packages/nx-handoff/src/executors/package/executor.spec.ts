import * as path from 'node:path';
import { HandoffError, type runPackage } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import packageExecutor from './executor';

const ws = path.resolve('/ws');
const zip = path.join(ws, 'dist/handoff/acme-fintech/handoff-v1/acme-fintech-handoff-v1-2026-11-01.zip');

describe('package executor', () => {
  const out = captureConsole();

  const fake = () =>
    jest.fn(async () => ({
      paths: { zipShaFile: `${zip}.sha256` },
      result: { zipPath: zip, sha256: 'ab'.repeat(32), size: 1234, fileCount: 9, checksums: {} },
    })) as unknown as typeof runPackage;

  it('passes the format override through and prints the bundle', async () => {
    const runPackageFake = fake();
    await expect(
      packageExecutor({ format: 'bagit' }, fakeContext(ws), { runPackage: runPackageFake }),
    ).resolves.toEqual({ success: true });
    expect(runPackageFake).toHaveBeenCalledWith(
      expect.objectContaining({ format: 'bagit', clientRoot: path.join(ws, 'clients/acme-fintech') }),
    );
    const printed = out.logged();
    expect(printed).toContain('dist/handoff/acme-fintech/handoff-v1/acme-fintech-handoff-v1-2026-11-01.zip.sha256');
  });

  it('leaves the format to handoff.json when not given', async () => {
    const runPackageFake = fake();
    await packageExecutor({}, fakeContext(ws), { runPackage: runPackageFake });
    expect(runPackageFake).toHaveBeenCalledWith(expect.objectContaining({ format: undefined }));
  });

  it('fails with the formatted problems of a HandoffError', async () => {
    const failing = jest.fn(async () => {
      throw new HandoffError([
        {
          code: 'ASSET_MISSING',
          file: 'clients/acme-fintech/deliverables/a.png',
          message: 'output of job j1 is missing',
        },
        {
          code: 'ASSET_MISSING',
          file: 'clients/acme-fintech/deliverables/b.png',
          message: 'output of job j2 is missing',
        },
      ]);
    }) as unknown as typeof runPackage;
    await expect(packageExecutor({}, fakeContext(ws), { runPackage: failing })).resolves.toEqual({ success: false });
    expect(out.errors()).toMatch(/^nx-handoff: 2 problems\n.*a\.png: output of job j1 is missing\n.*b\.png/);
  });
});
