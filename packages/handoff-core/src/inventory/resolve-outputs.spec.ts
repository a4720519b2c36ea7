import { loadClient } from '../config/load-client';
import { fakePng, makeClientFixture } from '../testing/fixture-tree';
import { filterApproved } from '../filter/filter';
import { takeInventory } from './inventory';

/** Fixture trees on disk in the layouts agencies have; each output must land on the one real file. */
async function inventoryWith(files: Record<string, string | Buffer | object>, config: Record<string, unknown> = {}) {
  const { workspaceRoot, clientRoot } = await makeClientFixture({ files, config });
  return takeInventory(await loadClient(workspaceRoot, clientRoot));
}

const job = (id: string, extra: Record<string, unknown>) => ({
  id,
  model: 'recraftv4',
  prompt: 'p',
  status: 'completed',
  ...extra,
});

describe('output resolution', () => {
  it('resolves against the results.json folder, else the client folder, and says so once per results.json', async () => {
    const { inventory, problems } = await inventoryWith({
      'campaigns/autumn/results.json': {
        jobs: [job('a1', { output: 'deliverables/autumn/a1.png' }), job('a2', { outputs: ['notes.txt'] })],
      },
      'campaigns/autumn/notes.txt': 'x',
      'deliverables/autumn/a1.png': fakePng('a1'),
    });
    expect(problems).toEqual([]);
    expect(inventory.jobs.find((j) => j.job.id === 'a1')?.outputs).toEqual(['deliverables/autumn/a1.png']);
    expect(inventory.jobs.find((j) => j.job.id === 'a2')?.outputs).toEqual(['campaigns/autumn/notes.txt']);
    expect(inventory.results.find((r) => r.rel === 'campaigns/autumn/results.json')?.resolution).toBe(
      'clients/acme/campaigns/autumn/results.json: 2 output(s): 1 relative to its folder, 1 relative to the client folder',
    );
  });

  it('finds an absolute path from another machine by its tail below the client or deliverables folder', async () => {
    const { inventory } = await inventoryWith({
      'campaigns/w/results.json': {
        jobs: [
          job('w1', { output: '/Users/ana/Work/ACME/deliverables/w/w1.png' }),
          job('w2', { outputs: [{ uri: 'file:///mnt/share/deliverables/w/w2%20final.png', width: 2 }] }),
          job('w3', { output: 'C:\\Jobs\\acme\\deliverables\\w\\w3.png' }),
        ],
      },
      'deliverables/w/w1.png': fakePng('w1'),
      'deliverables/w/w2 final.png': fakePng('w2'),
      'deliverables/w/w3.png': fakePng('w3'),
    });
    expect(inventory.jobs.filter((j) => j.job.id.startsWith('w')).map((j) => j.outputs)).toEqual([
      ['deliverables/w/w1.png'],
      ['deliverables/w/w2 final.png'],
      ['deliverables/w/w3.png'],
    ]);
    expect(inventory.results.find((r) => r.rel === 'campaigns/w/results.json')?.resolution).toMatch(
      /3 by the tail of an absolute path/,
    );
  });

  it('a path naming two existing files is an error naming both; "./" means the results.json folder only', async () => {
    const { inventory } = await inventoryWith({
      'deliverables/x/results.json': {
        jobs: [job('x1', { output: 'deliverables/x/hero.png' }), job('x2', { output: './deliverables/x/hero.png' })],
      },
      'deliverables/x/deliverables/x/hero.png': fakePng('inner'),
      'deliverables/x/hero.png': fakePng('outer'),
    });
    const x1 = inventory.jobs.find((j) => j.job.id === 'x1');
    expect(x1?.outputs).toEqual([]);
    expect(x1?.outputProblems?.[0].message).toBe(
      'job "x1": output "deliverables/x/hero.png" is found in two places: deliverables/x/deliverables/x/hero.png (relative to the results.json folder) and deliverables/x/hero.png (relative to the client folder)',
    );
    expect(inventory.jobs.find((j) => j.job.id === 'x2')?.outputs).toEqual(['deliverables/x/deliverables/x/hero.png']);
  });

  it('accepts null, absent and empty outputs, and reads statuses case-insensitively with synonyms', async () => {
    const { inventory, problems } = await inventoryWith({
      'deliverables/n/results.json': {
        jobs: [
          job('n1', { status: 'FAILED', output: null }),
          job('n2', { status: 'Errored', outputs: null }),
          job('n3', { status: 'Succeeded', outputs: [] }),
          job('n4', { status: 'Timed Out', outputs: [null, ''] }),
        ],
      },
    });
    expect(problems).toEqual([]);
    expect(inventory.jobs.filter((j) => j.job.id.startsWith('n')).map((j) => j.outputs)).toEqual([[], [], [], []]);
  });

  it('an unknown status is a problem naming the job and the field, not a crash', async () => {
    const { problems, inventory } = await inventoryWith({
      'deliverables/u/results.json': { jobs: [job('u1', { status: 'maybe-later' })] },
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'SCHEMA_INVALID',
        file: 'clients/acme/deliverables/u/results.json',
        field: 'jobs[0].status',
        message: 'job "u1" has status "maybe-later", which is neither a finished nor a failed status',
      }),
    ]);
    expect(inventory.jobs.find((j) => j.job.id === 'u1')?.unknownStatus).toBe(true);
  });

  it('a status listed in filter.excludeStatuses is known', async () => {
    const { problems } = await inventoryWith(
      { 'deliverables/u/results.json': { jobs: [job('u1', { status: 'Archived' })] } },
      { filter: { excludeStatuses: ['archived'] } },
    );
    expect(problems).toEqual([]);
  });
});

describe('jobs that never ship', () => {
  it('a failed job without a model or with a malformed output stops nothing; the same in a shipping job is a problem with its line', async () => {
    const failed = { id: 'f1', status: 'failed', prompt: 'p', outputs: [42] };
    const cancelled = { status: 'cancelled', tags: ['x'] };
    const ok = await inventoryWith({
      'deliverables/f/results.json': { jobs: [failed, cancelled, job('f3', { output: null })] },
    });
    expect(ok.problems).toEqual([]);
    expect(ok.inventory.jobs.filter((j) => j.source === 'deliverables/f/results.json').map((j) => j.job.id)).toEqual([
      'f1',
      '(clients/acme/deliverables/f/results.json jobs[1])',
      'f3',
    ]);
    const bad = await inventoryWith({ 'deliverables/f/results.json': { jobs: [{ ...failed, status: 'done' }] } });
    expect(bad.problems.map((p) => [p.code, p.file, p.field, typeof p.line])).toEqual([
      ['SCHEMA_INVALID', 'clients/acme/deliverables/f/results.json', 'jobs[0].model', 'number'],
      ['SCHEMA_INVALID', 'clients/acme/deliverables/f/results.json', 'jobs[0].outputs[0]', 'number'],
    ]);
  });
});

describe('retried jobs', () => {
  it('a failed attempt recorded under the id of its approved retry is no problem and never ships', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: {
        'deliverables/r/results.json': {
          jobs: [
            job('r1', { status: 'Timeout', output: null, attempt: 1 }),
            job('r1', { status: 'done', output: 'r1.png', attempt: 2 }),
          ],
        },
        'deliverables/r/r1.png': fakePng('r1'),
      },
    });
    const client = await loadClient(workspaceRoot, clientRoot);
    const { inventory, problems } = await takeInventory(client);
    expect(problems).toEqual([]);
    const approved = filterApproved(inventory, client.config.filter);
    expect(approved.results.find((r) => r.rel === 'deliverables/r/results.json')?.jobs).toEqual([
      expect.objectContaining({ id: 'r1', attempt: 2 }),
    ]);
    const twice = await inventoryWith({ 'deliverables/r/results.json': { jobs: [job('r2', {}), job('r2', {})] } });
    expect(twice.problems.map((p) => p.message)).toEqual([
      'job id "r2" is used twice (first in clients/acme/deliverables/r/results.json)',
    ]);
  });
});
