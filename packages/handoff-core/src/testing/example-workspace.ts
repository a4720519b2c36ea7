import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from './fixture-tree';

/** Test-only: a copy of the embedded example engagement in a fresh workspace, and its extraction. */

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** model-registry.json, handoff.workspace.json and apps/example-client as clients/example-client, with extra handoff.json fields. */
export async function exampleWorkspace(
  extra: Record<string, unknown> = {},
): Promise<{ workspaceRoot: string; clientRoot: string }> {
  const workspaceRoot = await makeTempDir('nx-handoff-example-');
  for (const f of ['model-registry.json', 'handoff.workspace.json'])
    await fs.copyFile(path.join(REPO_ROOT, f), path.join(workspaceRoot, f));
  const clientRoot = path.join(workspaceRoot, 'clients/example-client');
  await fs.cp(path.join(REPO_ROOT, 'apps/example-client'), clientRoot, { recursive: true });
  const config = path.join(clientRoot, 'handoff.json');
  const fields = Object.entries(extra)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)},\n  `)
    .join('');
  const text = await fs.readFile(config, 'utf8');
  if (!text.includes('"strip": {'))
    throw new Error('apps/example-client/handoff.json has no "strip" block to insert before');
  await fs.writeFile(config, text.replace('"strip": {', `${fields}"strip": {`));
  return { workspaceRoot, clientRoot };
}

/** Unzip a bundle into a fresh temp dir; returns that dir. */
export async function unzipBundle(zip: string): Promise<string> {
  const dir = await makeTempDir('nx-handoff-extract-');
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return dir;
}
