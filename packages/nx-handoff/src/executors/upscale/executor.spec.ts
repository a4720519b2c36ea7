import * as path from 'node:path';
import type { runUpscale } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import upscaleExecutor, { globList } from './executor';

describe('upscale executor', () => {
  const out = captureConsole();

  it('passes globs, scale and the upscaler to core and prints the next step; core errors fail the run', async () => {
    const fake = jest.fn(async () => ({
      version: 2,
      upscaler: 'topaz-upscale-image@2026-01-12',
      files: ['a/upscaled/x-x4.png'],
      records: ['a/upscaled/results.json'],
    }));
    const context = fakeContext(path.resolve('/ws'), 'acme', 'clients/acme');
    await expect(
      upscaleExecutor({ assets: 'a/*.png, b/*.png', scale: 4, yes: true }, context, {
        runUpscale: fake as unknown as typeof runUpscale,
      }),
    ).resolves.toEqual({ success: true });
    expect(fake).toHaveBeenCalledWith(
      expect.objectContaining({
        assets: ['a/*.png', 'b/*.png'],
        scale: 4,
        clientRoot: path.resolve('/ws/clients/acme'),
      }),
    );
    expect(out.logged()).toContain(
      'Wrote 1 upscaled copies with topaz-upscale-image@2026-01-12 and a/upscaled/results.json for v2.',
    );
    const failing = jest.fn(async () => {
      throw new Error('boom');
    });
    await expect(
      upscaleExecutor({}, context, { runUpscale: failing as unknown as typeof runUpscale }),
    ).resolves.toEqual({ success: false });
  });

  it('globList splits commas and drops blanks', () => {
    expect(globList('a, ,b')).toEqual(['a', 'b']);
    expect(globList(undefined)).toBeUndefined();
  });
});
