import * as path from 'node:path';
import { HandoffError, type runPin } from '@nx-handoff/core';
import { captureConsole } from '../../testing/console-capture';
import { fakeContext } from '../../testing/fake-context';
import pinExecutor from './executor';

const ws = path.resolve('/ws');

describe('pin executor', () => {
  const out = captureConsole();

  it('runs core on the project root and prints each pin', async () => {
    const runPinFake = jest.fn(async () => ({
      pinsFile: path.join(ws, 'dist/handoff/acme-fintech/handoff-v1/model-pins.lock.json'),
      pins: {
        pinnedAt: '2026-11-01',
        models: [
          {
            id: 'recraftv4@2026-03-15',
            name: 'recraftv4',
            version: '2026-03-15',
            requested: ['recraftv4'],
            source: 'registry',
            capabilities: {},
          },
        ],
      },
    })) as unknown as typeof runPin;
    await expect(pinExecutor({}, fakeContext(ws), { runPin: runPinFake })).resolves.toEqual({ success: true });
    expect(runPinFake).toHaveBeenCalledWith(
      expect.objectContaining({ workspaceRoot: ws, clientRoot: path.join(ws, 'clients/acme-fintech') }),
    );
    const printed = out.logged();
    expect(printed).toContain('recraftv4 -> recraftv4@2026-03-15 (registry)');
    expect(printed).toContain('dist/handoff/acme-fintech/handoff-v1/model-pins.lock.json');
  });

  it('honours clientRoot', async () => {
    const runPinFake = jest.fn(async () => ({
      pinsFile: 'x',
      pins: { pinnedAt: '', models: [] },
    })) as unknown as typeof runPin;
    await pinExecutor({ clientRoot: 'elsewhere/acme' }, fakeContext(ws), { runPin: runPinFake });
    expect(runPinFake).toHaveBeenCalledWith(expect.objectContaining({ clientRoot: path.join(ws, 'elsewhere/acme') }));
  });

  it('prints a HandoffError as its problems and fixes, without a stack, and fails', async () => {
    const failing = jest.fn(async () => {
      throw new HandoffError({
        code: 'MODEL_UNKNOWN',
        file: 'clients/acme-fintech/results.json',
        field: 'jobs[0].model',
        message: 'model "mystery" has no pin',
        hint: 'add it to model-registry.json',
      });
    }) as unknown as typeof runPin;
    await expect(pinExecutor({}, fakeContext(ws), { runPin: failing })).resolves.toEqual({ success: false });
    const printed = out.errors();
    expect(printed).toBe(
      'nx-handoff: clients/acme-fintech/results.json (jobs[0].model): model "mystery" has no pin\n  fix: add it to model-registry.json',
    );
    expect(printed).not.toMatch(/\n\s+at /);
  });
});
