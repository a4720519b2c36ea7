import * as path from 'node:path';
import { createGenAiClient } from '../genai';
import { HandoffError } from '../errors';
import { TEST_REGISTRY } from '../testing/fixture-tree';
import type { InventoryJob } from '../types';
import { isLatest, pinModels } from './pin';

const FAKE_GENAI = path.join(__dirname, '../genai/__fixtures__/bin/gen-ai');
const registry = TEST_REGISTRY;
const job = (id: string, model: string): InventoryJob => ({
  job: { id, model, prompt: 'p' },
  source: 'r.json',
  campaign: 'c',
  outputs: [],
});
const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });

describe('pinModels', () => {
  it('resolves aliases and exact ids from the registry and groups them by pin', async () => {
    const pins = await pinModels(
      [job('a', 'recraftv4'), job('b', 'recraftv4@2026-03-15'), job('c', 'gemini-3.1-flash-image')],
      { registry, date: '2026-04-22', genAi: noCli },
    );
    expect(pins.models.map((m) => [m.id, m.requested, m.source])).toEqual([
      ['gemini-3.1-flash-image@2026-02-01', ['gemini-3.1-flash-image'], 'registry'],
      ['recraftv4@2026-03-15', ['recraftv4', 'recraftv4@2026-03-15'], 'registry'],
    ]);
    expect(pins.models[1]).toMatchObject({ name: 'recraftv4', version: '2026-03-15', capabilities: { seed: true } });
    expect(pins.registryDate).toBe('2026-11-01');
  });

  it('refuses latest and unknown models, naming every model and its jobs at once', async () => {
    const err = await pinModels(
      [job('a', 'latest'), job('b', 'recraftv4@latest'), job('c', 'mystery-model'), job('d', 'mystery-model')],
      { registry, date: '2026-04-22', genAi: noCli },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    const problems = (err as HandoffError).problems;
    expect(problems.map((p) => p.code)).toEqual(['MODEL_LATEST', 'MODEL_LATEST', 'MODEL_UNKNOWN']);
    expect(problems[2].message).toMatch(/"mystery-model" \(jobs c, d\)/);
    expect(problems[2].hint).toMatch(/model-registry.json.*gen-ai models info mystery-model --json/);
  });

  it('refuses an exact pin that the registry does not know when the CLI is absent', async () => {
    await expect(
      pinModels([job('a', 'recraftv4@2025-01-01')], { registry, date: '2026-04-22', genAi: noCli }),
    ).rejects.toMatchObject({ code: 'MODEL_UNKNOWN' });
  });

  it('falls back to `gen-ai models info` for models the registry lacks', async () => {
    const genAi = createGenAiClient({ bin: FAKE_GENAI });
    const pins = await pinModels([job('v', 'kling-v2')], { registry, date: '2026-04-22', genAi });
    expect(pins.models).toHaveLength(1);
    expect(pins.models[0]).toMatchObject({ id: 'kling-v2@2026-01-10', source: 'gen-ai', requested: ['kling-v2'] });
  });

  it('says what was run and what came back when the CLI cannot be started', async () => {
    const err = await pinModels([job('c', 'kling-v2')], { registry, date: '2026-04-22', genAi: noCli }).catch((e) => e);
    expect(err.problems[0].message).toMatch(
      /^model "kling-v2" \(jobs c\) cannot be resolved to an exact name@version: it is not in model-registry.json, and the gen-ai CLI could not be asked \(`\/nonexistent\/gen-ai --version` could not be started \(.*ENOENT.*\)\)$/,
    );
    expect(err.problems[0].hint).toMatch(/install the gen-ai CLI and put it on PATH/);
  });

  it('a CLI whose --version fails is still asked `models info` (it is on PATH and answers)', async () => {
    const genAi = createGenAiClient({ bin: FAKE_GENAI, env: { FAKE_GENAI_VERSION_EXIT: '2' } });
    expect(await genAi.available()).toBe(true);
    const pins = await pinModels([job('v', 'kling-v2')], { registry, date: '2026-04-22', genAi });
    expect(pins.models[0]).toMatchObject({ id: 'kling-v2@2026-01-10', source: 'gen-ai' });
  });

  it('keeps the pins recorded for the version over a newer registry entry', async () => {
    const recorded = [
      {
        requested: ['recraftv4'],
        id: 'recraftv4@2025-12-01',
        name: 'recraftv4',
        version: '2025-12-01',
        source: 'registry' as const,
        capabilities: {},
      },
    ];
    const pins = await pinModels([job('a', 'recraftv4')], { registry, date: '2026-04-22', recorded, genAi: noCli });
    expect(pins.models[0].id).toBe('recraftv4@2025-12-01');
  });

  it('recognises latest in its spellings', () => {
    expect(['latest', 'LATEST', 'flux@latest', 'flux:latest'].every(isLatest)).toBe(true);
    expect(isLatest('latest-gen-model@2026-01-01')).toBe(false);
  });
});
