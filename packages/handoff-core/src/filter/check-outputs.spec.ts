import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadClient } from '../config/load-client';
import { inventoryClient } from '../inventory/inventory';
import { fakePng, makeClientFixture } from '../testing/fixture-tree';
import { approvedSetProblems, LFS_POINTER_PREFIX } from './check-outputs';
import { filterApproved } from './filter';

const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });

async function problemsFor(files: Record<string, string | Buffer | object>, opts: { gitignore?: string } = {}) {
  const { workspaceRoot, clientRoot } = await makeClientFixture({ files });
  if (opts.gitignore !== undefined) {
    git(workspaceRoot, 'init', '-q');
    await fs.writeFile(path.join(workspaceRoot, '.gitignore'), opts.gitignore);
  }
  const client = await loadClient(workspaceRoot, clientRoot);
  const approved = filterApproved(await inventoryClient(client), client.config.filter);
  return { approved, problems: await approvedSetProblems(client, approved) };
}

const pointer = `${LFS_POINTER_PREFIX}\noid sha256:${'a'.repeat(64)}\nsize 123456\n`;

describe('approvedSetProblems', () => {
  it('a git-ignored .DS_Store (never ships) is no problem; a git-ignored file that would ship is', async () => {
    const { approved, problems } = await problemsFor(
      {
        'deliverables/spring/.DS_Store': Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]),
        'deliverables/spring/extra.png': fakePng('extra'),
      },
      { gitignore: '.DS_Store\nextra.png\n' },
    );
    expect(approved.dropped).toContainEqual({
      kind: 'asset',
      id: 'deliverables/spring/.DS_Store',
      reason: 'secret-or-system-file',
      detail: '**/.DS_Store',
    });
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      [
        'clients/acme/deliverables/spring/extra.png',
        'this deliverable is ignored by git, so Nx cannot see it change and could serve a stale cached bundle',
      ],
    ]);
  });

  it('reports a deliverable left as a Git LFS pointer, whatever its type, with `git lfs pull` as the fix', async () => {
    const { problems } = await problemsFor({
      'deliverables/spring/film.mp4': pointer,
      'deliverables/spring/hero-01.png': pointer,
    });
    expect(problems.map((p) => p.file).sort()).toEqual([
      'clients/acme/deliverables/spring/film.mp4',
      'clients/acme/deliverables/spring/hero-01.png',
    ]);
    expect(problems[0]).toMatchObject({
      code: 'ASSET_MISSING',
      message: expect.stringMatching(/Git LFS pointer/),
      hint: expect.stringMatching(/git lfs pull/),
    });
  });

  it('an LFS pointer in a drafts folder never ships and is no problem', async () => {
    const { problems } = await problemsFor({ 'deliverables/spring/drafts/old.psd': pointer });
    expect(problems).toEqual([]);
  });

  it('reports output problems only for jobs that ship', async () => {
    const { problems } = await problemsFor({
      'deliverables/f/results.json': {
        jobs: [
          { id: 'f1', model: 'recraftv4', prompt: 'p', status: 'failed', output: '../../../outside.png' },
          { id: 'f2', model: 'recraftv4', prompt: 'p', status: 'done', output: '../../../outside.png' },
          { id: 'f3', model: 'recraftv4', prompt: 'p', status: 'cancelled', output: 'gone.png' },
        ],
      },
    });
    expect(problems.map((p) => p.message)).toEqual(['job "f2": path "../../../outside.png" escapes the client folder']);
  });
});
