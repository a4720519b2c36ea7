import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from '../../genai';
import { runPackage, runPin } from '../../pipeline';
import type { Logger, PackageResult } from '../../types';

/** Test-only helpers for delivery specs on a makeClientFixture workspace. */

export const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });

/** pin -> package, as `nx run <client>:handoff` does (without the cold test). */
export async function buildVersion(workspaceRoot: string, clientRoot: string): Promise<PackageResult> {
  await runPin({ workspaceRoot, clientRoot, genAi: noCli });
  return (await runPackage({ workspaceRoot, clientRoot, genAi: noCli })).result;
}

export async function editJson(file: string, edit: (value: Record<string, any>) => Record<string, any>): Promise<void> {
  const value = JSON.parse(await fs.readFile(file, 'utf8'));
  await fs.writeFile(file, `${JSON.stringify(edit(value), null, 2)}\n`);
}

export function editConfig(
  clientRoot: string,
  edit: (config: Record<string, any>) => Record<string, any>,
): Promise<void> {
  return editJson(path.join(clientRoot, 'handoff.json'), edit);
}

export async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

/** A logger that keeps every line, to check what a run printed. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m) };
}
