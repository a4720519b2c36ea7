import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { displayPath } from '../config/read-json';
import { HandoffError, type Problem } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { createGenAiClient } from '../genai/client';
import { excerpt } from '../genai/genai-failure';
import { scrubbedEnv } from '../genai/scrubbed-env';
import type { GenAiClient } from '../genai/types';
import { readLedger } from '../ledger/ledger-file';
import { findLedgerVersion } from '../ledger/ledger-schema';
import { prepareClient } from '../pipeline';
import { loadRegistry } from '../pin/registry';
import { silentLogger, type LoadedClient, type Logger } from '../types';
import { sha256File } from '../bundle/sha256-file';
import { selectUpscaleAssets, type UpscaleCandidate } from './select-assets';
import { ASSET_LOCK_FILE, readAssetLock, syncAssetLock } from '../assets-lock';
import { UPSCALED_DIR, upscaledRel, writeUpscaleRecord, type UpscaledJob } from './upscale-record';

/** The registry alias of the upscaler the seed recipe names. */
export const DEFAULT_UPSCALER = 'topaz-upscale-image';
const UPSCALE_TIMEOUT_MS = 5 * 60_000;

export interface UpscaleOptions {
  workspaceRoot: string;
  clientRoot: string;
  /** Globs (client-relative or bundle paths); default every approved generated image. */
  assets?: string[];
  /** 2 (default) or 4. */
  scale?: number;
  /** Registry alias (or pinned id) of the upscaler; default topaz-upscale-image. */
  upscaler?: string;
  /** Asked with the number of paid upscales; false cancels. */
  confirm?: (count: number) => Promise<boolean>;
  logger?: Logger;
  /** Test hook; default `gen-ai` on PATH in a scrubbed environment (GENAI_TOKEN passed when set). */
  genAi?: GenAiClient;
}

export interface UpscaleResult {
  version: number;
  upscaler: string;
  /** Client-relative paths of the copies and of the records written. */
  files: string[];
  records: string[];
}

/** A delivered version is immutable: upscaled copies belong to a new one. */
async function refuseDelivered(client: LoadedClient): Promise<void> {
  const { file, ledger } = await readLedger(client.clientRoot, client.slug, client.workspaceRoot);
  if (!findLedgerVersion(ledger, client.config.version)) return;
  throw new HandoffError({
    code: 'VERSION_EXISTS',
    file: displayPath(file, client.workspaceRoot),
    field: `versions[${client.config.version}]`,
    message: `v${client.config.version} was delivered: upscaled copies never go into a delivered version`,
    hint: `start the next version with \`nx g nx-handoff:handoff-bump ${client.slug}\`, then run handoff-upscale again`,
  });
}

async function pinUpscaler(client: LoadedClient, alias: string): Promise<string> {
  const { registry, file } = await loadRegistry(client.workspaceRoot);
  const pin = registry.models[alias]?.pin;
  if (pin) return pin;
  throw new HandoffError({
    code: 'MODEL_UNKNOWN',
    file: displayPath(file, client.workspaceRoot),
    field: `models.${alias}`,
    message: `the upscaler "${alias}" has no pin in the model registry`,
    hint: `add "${alias}": {"pin": "<name>@<version>", "capabilities": {...}} (the plugin's catalog has topaz-upscale-image)`,
  });
}

function defaultClient(home: string): GenAiClient {
  const env = scrubbedEnv(process.env, home);
  if (process.env.GENAI_TOKEN) env.GENAI_TOKEN = process.env.GENAI_TOKEN;
  return createGenAiClient({ env, extendEnv: false, cwd: home, timeoutMs: UPSCALE_TIMEOUT_MS });
}

interface Staged {
  candidate: UpscaleCandidate;
  file: string;
  target: string;
}

/** Upscale every candidate into `tmp`; every failure is named, nothing is written on one. */
async function stageUpscales(
  genAi: GenAiClient,
  upscaler: string,
  scale: number,
  candidates: UpscaleCandidate[],
  tmp: string,
): Promise<Staged[]> {
  const staged: Staged[] = [];
  const problems: Problem[] = [];
  for (const [i, c] of candidates.entries()) {
    const out = await genAi.upscale({ model: upscaler, input: c.abs, scale }, path.join(tmp, String(i)));
    const file = out.files[0];
    if (out.ok && file) staged.push({ candidate: c, file, target: upscaledRel(c.rel, scale) });
    else
      problems.push({
        code: 'GENAI_FAILED',
        file: c.rel,
        message: `gen-ai upscale ${out.retired ? 'says the upscaler version is retired' : `exited ${out.exitCode}`}: ${excerpt(out.stderr || out.stdout, 300) || 'no output'}`,
        hint: 'check `gen-ai whoami` and the upscaler pin in model-registry.json; nothing was written',
      });
  }
  if (problems.length) throw new HandoffError(problems);
  return staged;
}

function jobFor(s: Staged, upscaler: string, scale: number, sourceSha256: string): UpscaledJob {
  const c = s.candidate;
  const id = c.outputs > 1 ? `${c.jobId}-x${scale}-${c.index + 1}` : `${c.jobId}-x${scale}`;
  return {
    id,
    model: upscaler,
    prompt: `Upscale ${scale}x of ${c.bundlePath}`,
    status: 'completed',
    output: path.posix.basename(s.target),
    operation: 'upscale',
    scale,
    sourceAsset: c.bundlePath,
    sourceJob: c.jobId,
    sourceSha256,
  };
}

/**
 * Higher-resolution copies of approved generated images through the pinned upscaler, written into
 * the client folder beside their sources (`<folder>/upscaled/<name>-x<scale>.png` and that
 * folder's results.json): committed inputs the next `handoff` packages into the current, not yet
 * delivered, version.
 */
export async function runUpscale(opts: UpscaleOptions): Promise<UpscaleResult> {
  const log = opts.logger ?? silentLogger;
  const scale = opts.scale ?? 2;
  const { client, set } = await prepareClient(opts);
  await refuseDelivered(client);
  const upscaler = await pinUpscaler(client, opts.upscaler ?? DEFAULT_UPSCALER);
  const candidates = selectUpscaleAssets(set, opts.assets, displayPath(client.configFile, client.workspaceRoot));
  log.info(`Upscale: ${candidates.length} paid upscale(s) ${scale}x with ${upscaler} into v${client.config.version}`);
  if (candidates.length && opts.confirm && !(await opts.confirm(candidates.length))) {
    throw new HandoffError({
      code: 'CANCELLED',
      file: client.clientRoot,
      message: 'upscale cancelled: nothing was generated',
      hint: 'pass --yes to confirm without a prompt',
    });
  }
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-upscale-'));
  try {
    const staged = await stageUpscales(opts.genAi ?? defaultClient(tmp), upscaler, scale, candidates, tmp);
    const byRecord = new Map<string, UpscaledJob[]>();
    for (const s of staged) {
      await writeFileAtomic(path.join(client.clientRoot, ...s.target.split('/')), await fs.readFile(s.file));
      const record = path.posix.join(path.posix.dirname(s.target), 'results.json');
      byRecord.set(record, [
        ...(byRecord.get(record) ?? []),
        jobFor(s, upscaler, scale, await sha256File(s.candidate.abs)),
      ]);
    }
    for (const [record, jobs] of byRecord)
      await writeUpscaleRecord(path.join(client.clientRoot, ...record.split('/')), jobs);
    for (const s of staged) log.info(`  ${s.candidate.rel} -> ${s.target}`);
    // The copies are new media: a client that keeps an asset lock gets them in it (what `nx sync`
    // would write), so the next handoff neither trips the stale-lock check nor misses them in Nx's hashes.
    if (await readAssetLock(client.clientRoot)) {
      const { written } = await syncAssetLock(client.clientRoot, { workspaceRoot: client.workspaceRoot });
      if (written) log.info(`  ${ASSET_LOCK_FILE} updated: commit it with the copies`);
    }
    return {
      version: client.config.version,
      upscaler,
      files: staged.map((s) => s.target),
      records: [...byRecord.keys()],
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

export { UPSCALED_DIR };
