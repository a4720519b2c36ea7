import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient, runPackage, runPin, type deliverVersion } from '@nx-handoff/core';
import { makeClientFixture, makeTempDir } from '../../../../handoff-core/src/testing/fixture-tree';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import deliverExecutor from './executor';

describe('deliver executor', () => {
  const out = captureConsole();

  it('delivers the built version to a folder, prints the brief and records the ledger', async () => {
    const share = await makeTempDir('nx-handoff-share-');
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      config: { deliver: { destinations: [{ type: 'folder', name: 'share', path: share }] } },
    });
    const genAi = createGenAiClient({ bin: '/nonexistent/gen-ai' });
    await runPin({ workspaceRoot, clientRoot, genAi });
    await runPackage({ workspaceRoot, clientRoot, genAi });
    const context = fakeContext(workspaceRoot, 'acme', 'clients/acme');
    await expect(deliverExecutor({ destination: 'share' }, context)).resolves.toEqual({ success: true });
    const printed = out.logged();
    expect(printed).toContain('Recorded v1 in clients/acme/handoff-ledger.json: commit it.');
    expect(printed).toContain('# Handoff brief — Acme, v1 (2026-04-22)');
    expect(await fs.readdir(share)).toEqual([
      'acme-handoff-v1-2026-04-22.zip',
      'acme-handoff-v1-2026-04-22.zip.sha256',
    ]);
    expect(await fs.readFile(path.join(workspaceRoot, 'dist/handoff/acme/handoff-v1/BRIEF.md'), 'utf8')).toContain(
      '## Check it',
    );

    await expect(deliverExecutor({}, context)).resolves.toEqual({ success: true });
    expect(out.logged()).toContain('share: already delivered (recorded in the ledger; --force to send again)');
  });

  it('splits --destination, passes --force and fails when a destination failed', async () => {
    const fake = jest.fn(async () => ({
      version: 1,
      zipPath: '/ws/z.zip',
      sha256: 'ab'.repeat(32),
      ledgerFile: '/ws/clients/acme-fintech/handoff-ledger.json',
      ledgerUpdated: false,
      ok: false,
      outcomes: [
        {
          name: 'nas',
          status: 'failed',
          problem: {
            code: 'IO',
            message: 'the destination folder does not exist',
            file: '/mnt/nas',
            hint: 'mount the share',
          },
        },
      ],
    })) as unknown as typeof deliverVersion;
    await expect(
      deliverExecutor({ destination: 'nas, s3', force: true }, fakeContext(path.resolve('/ws')), {
        deliverVersion: fake,
      }),
    ).resolves.toEqual({ success: false });
    expect(fake).toHaveBeenCalledWith(expect.objectContaining({ only: ['nas', 's3'], force: true }));
    expect(out.errors()).toContain('/mnt/nas: the destination folder does not exist\n  fix: mount the share');
  });
});
