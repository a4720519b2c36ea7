import { clientConfigSchema } from '../config/client-config';
import { loadClient } from '../config/load-client';
import { HandoffError } from '../errors';
import { inventoryClient } from '../inventory/inventory';
import { fakePng, makeClientFixture } from '../testing/fixture-tree';
import { checkApprovedOutputs } from './check-outputs';
import { filterApproved } from './filter';

const defaults = clientConfigSchema.shape.filter.parse({});

async function setup(opts: Parameters<typeof makeClientFixture>[0] = {}) {
  const { workspaceRoot, clientRoot } = await makeClientFixture(opts);
  const client = await loadClient(workspaceRoot, clientRoot);
  return { client, inventory: await inventoryClient(client) };
}

describe('filterApproved', () => {
  it('drops failed and draft jobs, their outputs and excluded folders; keeps the approved set', async () => {
    const { inventory } = await setup({
      files: {
        'deliverables/spring/rejected/old.png': fakePng('old'),
        'deliverables/stock/photo.jpg': 'jpeg',
        'deliverables/spring/.env': 'GENAI_TOKEN=x',
        'deliverables/spring/.DS_Store': 'x',
      },
    });
    const approved = filterApproved(inventory, defaults);
    expect(approved.jobs.map((j) => j.job.id)).toEqual(['hero-01']);
    expect(approved.assets.map((a) => a.rel)).toEqual([
      'deliverables/spring/hero-01.png',
      'deliverables/stock/photo.jpg',
    ]);
    const why = Object.fromEntries(approved.dropped.map((d) => [d.id, `${d.reason}:${d.detail}`]));
    expect(why).toMatchObject({
      'hero-02': 'status:failed',
      'hero-03': 'tag:draft',
      'deliverables/spring/drafts/hero-03.png': 'excluded-folder:**/drafts/**',
      'deliverables/spring/rejected/old.png': 'excluded-folder:**/rejected/**',
      'deliverables/spring/.env': expect.stringMatching(/^secret-or-system-file/),
      'deliverables/spring/.DS_Store': expect.stringMatching(/^secret-or-system-file/),
    });
    expect(approved.results[0].jobs.map((j) => j.id)).toEqual(['hero-01']);
  });

  it('drops the output of a rejected job even outside a rejected folder, and honours custom rules', async () => {
    const { inventory } = await setup({
      jobs: [
        { id: 'a', model: 'recraftv4', prompt: 'p', status: 'done', tags: ['Rejected'], output: 'a.png' },
        { id: 'b', model: 'recraftv4', prompt: 'p', status: 'done', tags: ['hold'], output: 'b.png' },
        { id: 'c', model: 'recraftv4', prompt: 'p', status: 'done', output: 'c.png' },
      ],
      files: {
        'deliverables/spring/a.png': fakePng('a'),
        'deliverables/spring/b.png': fakePng('b'),
        'deliverables/spring/c.png': fakePng('c'),
      },
    });
    const approved = filterApproved(inventory, { ...defaults, excludeTags: ['rejected', 'hold'] });
    expect(approved.jobs.map((j) => j.job.id)).toEqual(['c']);
    expect(approved.assets.map((a) => a.rel)).toEqual(['deliverables/spring/c.png', 'deliverables/spring/hero-01.png']);
    expect(approved.dropped.find((d) => d.id === 'deliverables/spring/a.png')?.reason).toBe('output-of-dropped-job');
  });
});

describe('checkApprovedOutputs', () => {
  it('names every approved job whose output is missing or outside the deliverables', async () => {
    const { client, inventory } = await setup({
      jobs: [
        { id: 'gone', model: 'recraftv4', prompt: 'p', status: 'completed', output: 'gone.png' },
        { id: 'elsewhere', model: 'recraftv4', prompt: 'p', status: 'completed', output: '../../scratch/x.png' },
        { id: 'ok', model: 'recraftv4', prompt: 'p', status: 'completed', output: 'hero-01.png' },
      ],
      files: { 'scratch/x.png': fakePng('x') },
    });
    const err = await checkApprovedOutputs(client, filterApproved(inventory, defaults)).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    const msgs = (err as HandoffError).problems.map((p) => `${p.field}: ${p.message}`);
    expect(msgs).toEqual([
      expect.stringMatching(
        /job gone: approved job's output clients\/acme\/deliverables\/spring\/gone.png does not exist/,
      ),
      expect.stringMatching(/job elsewhere: output clients\/acme\/scratch\/x.png is outside the deliverables folders/),
    ]);
  });

  it('refuses an engagement with no approved assets', async () => {
    const { client, inventory } = await setup({
      jobs: [{ id: 'd', model: 'recraftv4', prompt: 'p', tags: ['wip'], output: 'hero-01.png' }],
    });
    const approved = filterApproved(inventory, defaults);
    await expect(checkApprovedOutputs(client, approved)).rejects.toMatchObject({ code: 'NO_APPROVED_ASSETS' });
  });
});
