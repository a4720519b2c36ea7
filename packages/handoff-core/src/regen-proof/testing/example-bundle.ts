import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from '../../genai/client';
import { scrubbedEnv } from '../../genai/scrubbed-env';
import { runPackage } from '../../pipeline';
import { makeTempDir } from '../../testing/fixture-tree';

/** This repository's root (the example client, registry and workspace defaults live there). */
export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
export const FAKE_GENAI = path.join(REPO_ROOT, 'packages/handoff-core/src/genai/__fixtures__/bin/gen-ai');

/** A temp workspace holding a copy of apps/example-client, its v1 bundle built (no gen-ai). */
export async function buildExampleBundle(
  editRegistry?: (registry: { models: Record<string, { capabilities: Record<string, unknown> }> }) => void,
): Promise<{ workspaceRoot: string; clientRoot: string; zip: string }> {
  const workspaceRoot = await makeTempDir('nx-handoff-regen-');
  const clientRoot = path.join(workspaceRoot, 'apps', 'example-client');
  await fs.cp(path.join(REPO_ROOT, 'apps/example-client'), clientRoot, { recursive: true });
  for (const file of ['model-registry.json', 'handoff.workspace.json'])
    await fs.copyFile(path.join(REPO_ROOT, file), path.join(workspaceRoot, file));
  if (editRegistry) {
    const file = path.join(workspaceRoot, 'model-registry.json');
    const registry = JSON.parse(await fs.readFile(file, 'utf8'));
    editRegistry(registry);
    await fs.writeFile(file, JSON.stringify(registry));
  }
  const noCli = createGenAiClient({ bin: path.join(workspaceRoot, 'no-gen-ai') });
  const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
  return { workspaceRoot, clientRoot, zip: result.zipPath };
}

/** The fake gen-ai in a scrubbed environment, steered by `extra` (FAKE_GENAI_*). */
export function fakeGenAi(home: string, extra: NodeJS.ProcessEnv = {}) {
  return createGenAiClient({ bin: FAKE_GENAI, env: { ...scrubbedEnv(process.env, home), ...extra }, extendEnv: false });
}
