import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readLedger } from '../ledger/ledger-file';
import { clientPaths } from '../paths';
import { loadClient } from '../config/load-client';
import { makeClientFixture, makeTempDir } from '../testing/fixture-tree';
import { deliverVersion } from './deliver';
import { buildVersion, recordingLogger } from './testing/delivery-fixture';

/** The CHANGELOG notes of a version reach the ledger from what the build recorded, not from a second run of the stages. */

const NOTE =
  'job hero-01: prompt edited for white-labelling (competitor reference removed); regenerating it will not reproduce the delivered asset exactly.';

async function fixture() {
  const share = await makeTempDir();
  const { workspaceRoot, clientRoot } = await makeClientFixture({
    config: {
      changelog: ['First delivery.'],
      strip: {
        promptOverrides: [{ job: 'hero-01', prompt: 'A calm shot', reason: 'competitor reference removed' }],
      },
      deliver: { destinations: [{ type: 'folder', path: share }] },
    },
  });
  const built = await buildVersion(workspaceRoot, clientRoot);
  const paths = clientPaths(await loadClient(workspaceRoot, clientRoot));
  return { workspaceRoot, clientRoot, built, paths };
}

function changelogOf(zip: string): string {
  const top = path.basename(zip).replace(/-\d{4}-\d{2}-\d{2}\.zip$/, '');
  return execFileSync('unzip', ['-p', zip, `${top}/docs/CHANGELOG.md`], { encoding: 'utf8' });
}

describe('the ledger entry deliver writes', () => {
  it('lists the notes the build recorded (edited prompts, then changelog), as the zip CHANGELOG does', async () => {
    const { workspaceRoot, clientRoot, built, paths } = await fixture();
    const record = JSON.parse(await fs.readFile(paths.buildFile, 'utf8'));
    expect(record).toMatchObject({
      sha256: built.sha256,
      fileCount: built.fileCount,
      notes: [NOTE, 'First delivery.'],
    });
    // The inputs may be gone by delivery time: deliver reads the zip and its build record only.
    await fs.rm(path.join(clientRoot, 'deliverables'), { recursive: true });
    const result = await deliverVersion({ workspaceRoot, clientRoot });
    expect(result.ok).toBe(true);
    const { ledger } = await readLedger(clientRoot, 'acme');
    const changes = ledger.versions[0].changes;
    expect(changes).toEqual(['Initial handoff: 1 asset, 1 prompt, 1 pinned model.', NOTE, 'First delivery.']);
    for (const line of changes) expect(changelogOf(built.zipPath)).toContain(`- ${line}\n`);
  });

  it('a build record without notes (an older nx-handoff) still delivers, with handoff.json changelog and a warning', async () => {
    const { workspaceRoot, clientRoot, paths } = await fixture();
    const { notes: _notes, fileCount: _count, ...old } = JSON.parse(await fs.readFile(paths.buildFile, 'utf8'));
    await fs.writeFile(paths.buildFile, `${JSON.stringify(old, null, 2)}\n`);
    const logger = recordingLogger();
    const result = await deliverVersion({ workspaceRoot, clientRoot, logger });
    expect(result.ok).toBe(true);
    const { ledger } = await readLedger(clientRoot, 'acme');
    expect(ledger.versions[0].changes).toEqual([
      'Initial handoff: 1 asset, 1 prompt, 1 pinned model.',
      'First delivery.',
    ]);
    expect(logger.lines.join('\n')).toMatch(/does not record this zip's CHANGELOG notes/);
  });
});
