import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadClient } from '../config/load-client';
import { HandoffError } from '../errors';
import { fakePng, makeClientFixture, makeTempDir, writeTree } from '../testing/fixture-tree';
import { inventoryClient, takeInventory } from './inventory';

async function inventoryOf(opts: Parameters<typeof makeClientFixture>[0] = {}) {
  const { workspaceRoot, clientRoot } = await makeClientFixture(opts);
  return inventoryClient(await loadClient(workspaceRoot, clientRoot));
}

async function problemsOf(opts: Parameters<typeof makeClientFixture>[0]) {
  const err = await inventoryOf(opts).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(HandoffError);
  return (err as HandoffError).problems;
}

describe('inventoryClient', () => {
  it('finds results.json at any depth across campaigns and every deliverable file', async () => {
    const inv = await inventoryOf({
      files: {
        'deliverables/summer/social/results.json': {
          jobs: [{ id: 's1', model: 'recraftv4', prompt: 'p', outputs: ['a.png', 'b.png'] }],
        },
        'deliverables/summer/social/a.png': fakePng('a'),
        'deliverables/summer/social/b.png': fakePng('b'),
        'notes/results.json': { jobs: [] },
      },
    });
    expect(inv.results.map((r) => [r.rel, r.campaign])).toEqual([
      ['deliverables/spring/results.json', 'spring'],
      ['deliverables/summer/social/results.json', 'summer/social'],
      ['notes/results.json', 'notes'],
    ]);
    expect(inv.jobs.find((j) => j.job.id === 's1')?.outputs).toEqual([
      'deliverables/summer/social/a.png',
      'deliverables/summer/social/b.png',
    ]);
    expect(inv.assets.map((a) => a.bundlePath)).toEqual([
      'assets/spring/hero-01.png',
      'assets/summer/social/a.png',
      'assets/summer/social/b.png',
    ]);
    // A draft never ships: it is set aside by path, before any other check looks at it.
    expect(inv.skipped).toEqual([
      {
        kind: 'asset',
        id: 'deliverables/spring/drafts/hero-03.png',
        reason: 'excluded-folder',
        detail: '**/drafts/**',
      },
    ]);
  });

  it('keeps unknown fields of jobs and of the file for later stages', async () => {
    const inv = await inventoryOf({
      files: {
        'deliverables/x/results.json': { cli: '1.2', jobs: [{ id: 'x', model: 'm', prompt: 'p', style: 'editorial' }] },
      },
    });
    const r = inv.results.find((f) => f.campaign === 'x');
    expect(r?.extra).toEqual({ cli: '1.2' });
    expect(r?.jobs[0]).toMatchObject({ style: 'editorial' });
  });

  it('reports every bad results.json and job together; unusable outputs stay with their job', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: {
        'deliverables/a/results.json': '{"jobs": [',
        'deliverables/b/results.json': { jobs: [{ id: 'b1', prompt: 'no model' }] },
        'deliverables/c/results.json': {
          jobs: [
            { id: 'c1', model: 'm', prompt: 'p', output: '../../../etc/passwd' },
            { id: 'c2', model: 'm', prompt: 'p', output: '/elsewhere/abs.png' },
          ],
        },
      },
    });
    const { inventory, problems } = await takeInventory(await loadClient(workspaceRoot, clientRoot));
    expect(problems.map((p) => p.code).sort()).toEqual(['JSON_SYNTAX', 'SCHEMA_INVALID']);
    expect(problems.find((p) => p.code === 'SCHEMA_INVALID')).toMatchObject({
      file: 'clients/acme/deliverables/b/results.json',
      field: 'jobs[0].model',
    });
    // An output problem matters only if the job ships: the filter decides, check-outputs reports.
    const c1 = inventory.jobs.find((j) => j.job.id === 'c1');
    const c2 = inventory.jobs.find((j) => j.job.id === 'c2');
    expect(c1?.outputProblems?.[0]).toMatchObject({ code: 'PATH_ESCAPE', field: 'jobs[0].output' });
    expect(c1?.outputProblems?.[0].message).toMatch(/c1.*escapes/);
    expect(c2?.outputProblems?.[0].message).toMatch(
      /c2": absolute path "\/elsewhere\/abs.png" has no folder named like the client \("acme"\)/,
    );
  });

  it('refuses a symlink that leads outside the client folder', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const outside = await makeTempDir();
    await writeTree(outside, { 'secret.png': fakePng('s') });
    await fs.symlink(path.join(outside, 'secret.png'), path.join(clientRoot, 'deliverables/spring/link.png'));
    const err = await inventoryClient(await loadClient(workspaceRoot, clientRoot)).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err.problems[0]).toMatchObject({ code: 'PATH_ESCAPE', file: 'clients/acme/deliverables/spring/link.png' });
  });

  it('rejects duplicate job ids across campaigns', async () => {
    const problems = await problemsOf({
      files: { 'deliverables/b/results.json': { jobs: [{ id: 'hero-01', model: 'm', prompt: 'p' }] } },
    });
    expect(problems[0].message).toMatch(/"hero-01" is used twice/);
  });

  it('names a missing deliverables folder', async () => {
    const problems = await problemsOf({ config: { deliverables: ['finals'] } });
    expect(problems[0]).toMatchObject({ code: 'ASSET_MISSING', field: 'deliverables' });
    expect(problems[0].message).toMatch(/"finals" does not exist/);
  });
});
