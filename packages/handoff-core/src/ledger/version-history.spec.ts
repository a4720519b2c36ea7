import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { deliverVersion } from '../deliver/deliver';
import { buildVersion, editConfig, editJson, noCli, sha256Of } from '../deliver/testing/delivery-fixture';
import { isHandoffError } from '../errors';
import { runPackage } from '../pipeline';
import { fakePng, makeClientFixture, makeTempDir } from '../testing/fixture-tree';
import { ledgerSchema } from './ledger-schema';

const NOW = () => new Date('2026-04-23T09:30:00.000Z');

function unzipText(zip: string, entry: string): string {
  return execFileSync('unzip', ['-p', zip, entry], { encoding: 'utf8' });
}

async function readLedgerFile(clientRoot: string) {
  return ledgerSchema.parse(JSON.parse(await fs.readFile(path.join(clientRoot, 'handoff-ledger.json'), 'utf8')));
}

describe('versions, the ledger and the CHANGELOG (folder destination)', () => {
  let workspaceRoot: string;
  let clientRoot: string;
  let share: string;
  let v1Zip: string;
  let v1Sha: string;

  beforeAll(async () => {
    share = await makeTempDir('nx-handoff-share-');
    ({ workspaceRoot, clientRoot } = await makeClientFixture({
      config: { deliver: { destinations: [{ type: 'folder', name: 'share', path: share }] } },
    }));
  });

  it('delivers v1, records it and writes the brief', async () => {
    const built = await buildVersion(workspaceRoot, clientRoot);
    v1Zip = built.zipPath;
    v1Sha = built.sha256;
    const result = await deliverVersion({ workspaceRoot, clientRoot, now: NOW });
    expect(result.ok).toBe(true);
    expect(await sha256Of(path.join(share, path.basename(v1Zip)))).toBe(v1Sha);
    expect(
      execFileSync('sha256sum', ['-c', `${path.basename(v1Zip)}.sha256`], { cwd: share, encoding: 'utf8' }),
    ).toContain(': OK');

    const ledger = await readLedgerFile(clientRoot);
    expect(ledger.versions).toHaveLength(1);
    expect(ledger.versions[0]).toMatchObject({
      version: 1,
      date: '2026-04-22',
      zip: 'acme-handoff-v1-2026-04-22.zip',
      format: 'zip',
      sha256: v1Sha,
      size: built.size,
      fileCount: built.fileCount,
      pins: [{ id: 'recraftv4@2026-03-15', source: 'registry', requested: ['recraftv4'] }],
      checksums: built.checksums,
      changes: ['Initial handoff: 1 asset, 1 prompt, 1 pinned model.'],
      deliveries: [
        {
          destination: { type: 'folder', name: 'share', path: path.join(share, 'acme-handoff-v1-2026-04-22.zip') },
          deliveredAt: '2026-04-23T09:30:00.000Z',
        },
      ],
    });
    expect(Object.keys(ledger.versions[0].prompts)).toEqual(['hero-01']);
    expect(unzipText(v1Zip, 'acme-handoff-v1/docs/CHANGELOG.md')).toContain(
      '- Initial handoff: 1 asset, 1 prompt, 1 pinned model.',
    );

    const brief = await fs.readFile(path.join(path.dirname(v1Zip), 'BRIEF.md'), 'utf8');
    expect(brief).toBe(result.brief);
    expect(brief).toContain(`sha256: \`${v1Sha}\``);
    expect(brief).toContain(`echo "${v1Sha}  acme-handoff-v1-2026-04-22.zip" | sha256sum -c`);
    expect(brief).toContain(`- Folder: \`${path.join(share, 'acme-handoff-v1-2026-04-22.zip')}\``);
    expect(brief).toContain('support@agency.example answers questions until 2026-05-22 (30 days after delivery)');
  });

  it('a retry does not deliver twice and leaves the ledger as it was', async () => {
    const ledgerBefore = await fs.readFile(path.join(clientRoot, 'handoff-ledger.json'), 'utf8');
    const copied = await fs.stat(path.join(share, path.basename(v1Zip)));
    const again = await deliverVersion({ workspaceRoot, clientRoot, now: () => new Date('2026-05-01T00:00:00Z') });
    expect(again.outcomes).toEqual([expect.objectContaining({ name: 'share', status: 'already-delivered' })]);
    expect(again.ledgerUpdated).toBe(false);
    expect(await fs.readFile(path.join(clientRoot, 'handoff-ledger.json'), 'utf8')).toBe(ledgerBefore);
    expect((await fs.stat(path.join(share, path.basename(v1Zip)))).mtimeMs).toBe(copied.mtimeMs);
  });

  it('rebuilding the delivered v1 after the ledger was written reproduces the same sha256', async () => {
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    expect(result.sha256).toBe(v1Sha);
    expect(await sha256Of(v1Zip)).toBe(v1Sha);
  });

  it('rebuilding v1 from changed inputs stops with VERSION_EXISTS and leaves the delivered zip in place', async () => {
    const asset = path.join(clientRoot, 'deliverables/spring/hero-01.png');
    const original = await fs.readFile(asset);
    await fs.writeFile(asset, fakePng('hero-01 retouched'));
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.code).toBe('VERSION_EXISTS');
    expect(String((err as Error).message)).toContain('clients/acme/handoff-ledger.json');
    expect(String((err as Error).message)).toContain('nx g nx-handoff:handoff-bump acme');
    expect(await sha256Of(v1Zip)).toBe(v1Sha);
    expect((await fs.readdir(path.dirname(v1Zip))).filter((f) => f.startsWith('.'))).toEqual([]);
    await fs.writeFile(asset, original);
  });

  it('v2 carries the v1 pins, lists exactly what changed, and v1 stays byte-identical and recorded', async () => {
    await editConfig(clientRoot, (c) => ({
      ...c,
      version: 2,
      date: '2026-06-01',
      changelog: ['Adds the summer teaser.'],
    }));
    await editJson(path.join(workspaceRoot, 'model-registry.json'), (r) => ({
      ...r,
      models: { ...r.models, recraftv4: { ...r.models.recraftv4, pin: 'recraftv4@2026-05-30' } },
    }));
    await editJson(path.join(clientRoot, 'deliverables/spring/results.json'), (r) => ({
      jobs: [
        ...r.jobs.map((j: Record<string, unknown>) =>
          j.id === 'hero-01' ? { ...j, prompt: 'A calmer hero shot' } : j,
        ),
        {
          id: 'teaser-01',
          model: 'recraftv4',
          prompt: 'Summer teaser',
          status: 'completed',
          tags: [],
          output: 'teaser-01.png',
          seed: 3,
        },
      ],
    }));
    // Embedded metadata is stripped while packaging: the diff compares the bytes that ship.
    await fs.writeFile(
      path.join(clientRoot, 'deliverables/spring/teaser-01.png'),
      fakePng('teaser', { Comment: 'made by the agency', parameters: 'steps: 30' }),
    );
    const v2 = await buildVersion(workspaceRoot, clientRoot);
    expect(v2.checksums['assets/spring/teaser-01.png']).not.toBe(
      await sha256Of(path.join(clientRoot, 'deliverables/spring/teaser-01.png')),
    );
    const changelog = unzipText(v2.zipPath, 'acme-handoff-v2/docs/CHANGELOG.md');
    expect(changelog).toContain(
      [
        '## [v2] - 2026-06-01',
        '',
        '- Changes since v1 (2026-04-22):',
        '- Assets added: `assets/spring/teaser-01.png`.',
        '- Prompts added: `teaser-01`.',
        '- Prompts changed: `hero-01`.',
        '- Adds the summer teaser.',
        '',
        '## [v1] - 2026-04-22',
        '',
        '- Initial handoff: 1 asset, 1 prompt, 1 pinned model.',
        '',
        `Delivered zip sha256: \`${v1Sha}\``,
      ].join('\n'),
    );
    const pins = JSON.parse(unzipText(v2.zipPath, 'acme-handoff-v2/docs/model-pins.json'));
    expect(pins.models).toEqual([expect.objectContaining({ id: 'recraftv4@2026-03-15', source: 'ledger' })]);

    await deliverVersion({ workspaceRoot, clientRoot, now: () => new Date('2026-06-01T12:00:00Z') });
    const ledger = await readLedgerFile(clientRoot);
    expect(ledger.versions.map((v) => [v.version, v.sha256])).toEqual([
      [1, v1Sha],
      [2, v2.sha256],
    ]);
    expect(ledger.versions[1].changes).toEqual(
      changelog
        .split('## [v2] - 2026-06-01\n\n')[1]
        .split('\n\n')[0]
        .split('\n')
        .map((l) => l.slice(2)),
    );
    expect(await sha256Of(v1Zip)).toBe(v1Sha);
    expect(await sha256Of(path.join(share, path.basename(v1Zip)))).toBe(v1Sha);
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    expect(result.sha256).toBe(v2.sha256);
  });

  it('repin: true re-resolves the models of the next version and the CHANGELOG says so', async () => {
    await editConfig(clientRoot, (c) => ({ ...c, version: 3, date: '2026-07-01', changelog: [], repin: true }));
    const v3 = await buildVersion(workspaceRoot, clientRoot);
    const changelog = unzipText(v3.zipPath, 'acme-handoff-v3/docs/CHANGELOG.md');
    expect(changelog).toContain(
      '## [v3] - 2026-07-01\n\n- Changes since v2 (2026-06-01):\n- Model re-pinned: `recraftv4@2026-03-15` -> `recraftv4@2026-05-30` (requested as `recraftv4`).\n\n## [v2]',
    );
  });
});
