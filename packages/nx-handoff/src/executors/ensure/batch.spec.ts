import * as path from 'node:path';
import type { TaskGraph } from '@nx/devkit';
import { HandoffError } from '@nx-handoff/core';
import type { ensureVerifiedBundle } from '@nx-handoff/core/ensure';
import { fakeContext } from '../../testing/fake-context';
import ensureBatch, { type EnsureTaskResult } from './batch';

const ws = path.resolve('/ws');

function graphOf(...projects: string[]): TaskGraph {
  const tasks = Object.fromEntries(
    projects.map((p) => [
      `${p}:handoff`,
      { id: `${p}:handoff`, target: { project: p, target: 'handoff' }, overrides: {}, outputs: [] },
    ]),
  );
  return {
    roots: Object.keys(tasks),
    tasks,
    dependencies: Object.fromEntries(Object.keys(tasks).map((id) => [id, []])),
  } as unknown as TaskGraph;
}

describe('ensure batch', () => {
  it('ensures each client of the batch in one process, in task order, each result with its own lines', async () => {
    const context = fakeContext(ws);
    context.projectsConfigurations.projects = {
      zeta: { root: 'clients/zeta' },
      acme: { root: 'clients/acme' },
      bloom: { root: 'agency/bloom' },
    };
    const seen: string[] = [];
    const core = {
      ensureVerifiedBundle: jest.fn(async (opts: Parameters<typeof ensureVerifiedBundle>[0]) => {
        const rel = path.relative(ws, opts.clientRoot);
        seen.push(rel);
        if (rel === 'agency/bloom')
          throw new HandoffError({
            code: 'VERSION_EXISTS',
            file: 'agency/bloom/handoff-ledger.json',
            message: 'delivered',
          });
        opts.logger?.info(`${rel}: rebuilding`);
        return { ok: rel !== 'clients/zeta', summary: `${rel}: summary` };
      }) as unknown as typeof ensureVerifiedBundle,
    };
    const results: EnsureTaskResult[] = [];
    for await (const r of ensureBatch(
      graphOf('zeta', 'acme', 'bloom'),
      { 'acme:handoff': { requireCli: true } },
      {},
      context,
      core,
    ))
      results.push(r);
    expect(seen).toEqual(['clients/acme', 'agency/bloom', 'clients/zeta']);
    expect(results.map((r) => [r.task, r.result.success])).toEqual([
      ['acme:handoff', true],
      ['bloom:handoff', false],
      ['zeta:handoff', false],
    ]);
    expect(results[0].result.terminalOutput).toBe('clients/acme: rebuilding\nclients/acme: summary\n');
    expect(results[1].result.terminalOutput).toContain('agency/bloom/handoff-ledger.json: delivered');
    expect(results[2].result.terminalOutput).toBe('clients/zeta: rebuilding\nnx-handoff: clients/zeta: summary\n');
    expect(core.ensureVerifiedBundle).toHaveBeenCalledWith(
      expect.objectContaining({ coldTest: { all: false, requireCli: true } }),
    );
    for (const r of results) expect(r.result.endTime).toBeGreaterThanOrEqual(r.result.startTime);
  });
});
