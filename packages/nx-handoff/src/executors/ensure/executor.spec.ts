import * as path from 'node:path';
import { HandoffError } from '@nx-handoff/core';
import type { ensureVerifiedBundle } from '@nx-handoff/core/ensure';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import ensureExecutor from './executor';

const ws = path.resolve('/ws');

function fake(ok: boolean, summary: string) {
  return jest.fn(async () => ({ ok, summary })) as unknown as typeof ensureVerifiedBundle;
}

describe('ensure executor', () => {
  const out = captureConsole();

  it("ensures the project's client and prints the one-line summary", async () => {
    const ensure = fake(true, 'dist/x.zip: present, sha256 ab, cold test passed');
    await expect(ensureExecutor({}, fakeContext(ws), { ensureVerifiedBundle: ensure })).resolves.toEqual({
      success: true,
    });
    expect(ensure).toHaveBeenCalledWith(
      expect.objectContaining({ workspaceRoot: ws, clientRoot: path.join(ws, 'clients/acme-fintech') }),
    );
    expect(out.logged()).toContain('dist/x.zip: present');
  });

  it('asks for a report as strict as its own options, never reading another target', async () => {
    const ensure = fake(true, 'ok');
    const context = fakeContext(ws);
    context.projectsConfigurations.projects['acme-fintech'].targets = {
      'handoff-cold-test': { options: { all: true } },
    };
    await ensureExecutor({ requireCli: true }, context, { ensureVerifiedBundle: ensure });
    expect(ensure).toHaveBeenCalledWith(expect.objectContaining({ coldTest: { all: false, requireCli: true } }));
  });

  it('fails when the cold test of a rebuilt zip fails', async () => {
    await expect(
      ensureExecutor({}, fakeContext(ws), { ensureVerifiedBundle: fake(false, 'dist/x.zip: cold test FAILED') }),
    ).resolves.toEqual({ success: false });
    expect(out.errors()).toContain('cold test FAILED');
  });

  it('fails with the formatted problem when the rebuild is refused', async () => {
    const refused = jest.fn(async () => {
      throw new HandoffError({
        code: 'VERSION_EXISTS',
        file: 'clients/acme-fintech/handoff-ledger.json',
        message: 'v1 was delivered with another sha256',
        hint: 'bump the version',
      });
    }) as unknown as typeof ensureVerifiedBundle;
    await expect(
      ensureExecutor({ clientRoot: 'clients/other' }, fakeContext(ws), { ensureVerifiedBundle: refused }),
    ).resolves.toEqual({ success: false });
    expect(refused).toHaveBeenCalledWith(expect.objectContaining({ clientRoot: path.join(ws, 'clients/other') }));
    expect(out.errors()).toBe(
      'nx-handoff: clients/acme-fintech/handoff-ledger.json: v1 was delivered with another sha256\n  fix: bump the version',
    );
  });
});
