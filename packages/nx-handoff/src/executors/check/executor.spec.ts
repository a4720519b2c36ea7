import * as path from 'node:path';
import type { runCheck } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import checkExecutor from './executor';

const ws = path.resolve('/ws');

describe('check executor', () => {
  const out = captureConsole();

  it('prints every problem grouped by file with its fix, and fails', async () => {
    const fake = jest.fn(async () => ({
      ok: false,
      slug: 'acme-fintech',
      notes: ['clients/acme-fintech/campaigns/a/results.json: 2 output(s): 2 relative to the client folder'],
      problems: [
        {
          code: 'LEAK' as const,
          file: 'clients/acme-fintech/deliverables/a/internal-notes.md',
          message: 'file name contains internal tag prefix "internal-"',
          hint: 'move it out',
        },
        {
          code: 'ASSET_MISSING' as const,
          file: 'clients/acme-fintech/deliverables/a/film.mp4',
          message: 'this deliverable is a Git LFS pointer',
          hint: 'run `git lfs pull`',
        },
      ],
    })) as unknown as typeof runCheck;
    await expect(checkExecutor({}, fakeContext(ws), { runCheck: fake })).resolves.toEqual({ success: false });
    expect(fake).toHaveBeenCalledWith({ workspaceRoot: ws, clientRoot: path.join(ws, 'clients/acme-fintech') });
    expect(out.logged()).toContain('2 relative to the client folder');
    expect(out.errors()).toBe(
      [
        'clients/acme-fintech/deliverables/a/film.mp4',
        '  clients/acme-fintech/deliverables/a/film.mp4: this deliverable is a Git LFS pointer',
        '    fix: run `git lfs pull`',
        'clients/acme-fintech/deliverables/a/internal-notes.md',
        '  clients/acme-fintech/deliverables/a/internal-notes.md: file name contains internal tag prefix "internal-"',
        '    fix: move it out',
        'handoff-check acme-fintech: 2 problems in 2 files; nothing was packaged',
      ].join('\n'),
    );
  });

  it('succeeds when there is nothing to fix', async () => {
    const fake = jest.fn(async () => ({
      ok: true,
      slug: 'acme-fintech',
      notes: [],
      problems: [],
    })) as unknown as typeof runCheck;
    await expect(checkExecutor({ clientRoot: 'elsewhere/acme' }, fakeContext(ws), { runCheck: fake })).resolves.toEqual(
      { success: true },
    );
    expect(fake).toHaveBeenCalledWith(expect.objectContaining({ clientRoot: path.join(ws, 'elsewhere/acme') }));
    expect(out.logged()).toContain('handoff-check acme-fintech: no problems');
  });
});
