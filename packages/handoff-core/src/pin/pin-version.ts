import { promises as fs } from 'node:fs';
import { readJsonFile } from '../config/read-json';
import { writeFileAtomic } from '../fs/atomic';
import { createGenAiClient } from '../genai';
import type { GenAiClient } from '../genai/types';
import { ledgerPins, loadVersionHistory, type VersionHistory } from '../ledger/version-history';
import type { LoadedClient, PinSet, StrippedSet } from '../types';
import { pinModels } from './pin';
import { pinSetSchema } from './pin-set-schema';
import { loadRegistry } from './registry';

/**
 * Pin every model of the approved jobs for the client's current version: the pins the ledger
 * records (this version's own when it was delivered, else the last delivered version's), then the
 * version's pin lock when given, then the workspace registry, then `gen-ai models info`. Returns
 * the ledger history it read, which the document and package stages use too.
 */
export async function pinVersion(
  client: LoadedClient,
  set: Pick<StrippedSet, 'jobs'>,
  opts: { genAi?: GenAiClient; locked?: PinSet } = {},
): Promise<{ pins: PinSet; history: VersionHistory }> {
  const { registry } = await loadRegistry(client.workspaceRoot);
  const history = await loadVersionHistory(client);
  const pins = await pinModels(set.jobs, {
    registry,
    date: client.config.date,
    recorded: [...ledgerPins(history, client.config), ...(opts.locked?.models ?? [])],
    genAi: opts.genAi ?? createGenAiClient(),
  });
  return { pins, history };
}

/** The version's pin lock (`model-pins.lock.json`) the pin step wrote, or undefined when there is none. */
export async function readPinLock(file: string, workspaceRoot: string): Promise<PinSet | undefined> {
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  return readJsonFile(file, pinSetSchema, { displayBase: workspaceRoot, hint: 're-run the handoff-pin target' });
}

export async function writePinLock(file: string, pins: PinSet): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(pins, null, 2)}\n`);
}
