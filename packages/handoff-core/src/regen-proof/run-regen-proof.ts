import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGenAiClient } from '../genai/client';
import { scrubbedEnv } from '../genai/scrubbed-env';
import type { GenAiClient } from '../genai/types';
import { proveRegeneration } from './regen-proof';
import { writeRegenProofReport } from './report';
import type { RegenProofOptions, RegenProofReport } from './types';

/** A real generation takes longer than a dry run. */
export const GENERATION_TIMEOUT_MS = 5 * 60_000;

export interface RegenProofRunOptions extends Omit<RegenProofOptions, 'genAi'> {
  /** Test hook: the gen-ai client; default `gen-ai` on PATH in a scrubbed environment. */
  genAi?: GenAiClient;
}

/**
 * The regeneration proof as the receiving team would meet it: gen-ai runs in the cold test's
 * scrubbed environment (empty HOME, no agency config; see scrubbedEnv) with its cwd in a temp
 * folder. A real generation needs a login: the one credential passed through is GENAI_TOKEN, when
 * it is set. Writes `<zip>.regen-proof.json`, `.md` and the pictures folder beside the zip.
 */
export async function runRegenProof(
  opts: RegenProofRunOptions,
): Promise<{ report: RegenProofReport; json: string; markdown: string }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-regen-home-'));
  try {
    const env = scrubbedEnv(process.env, home);
    if (process.env.GENAI_TOKEN) env.GENAI_TOKEN = process.env.GENAI_TOKEN;
    const genAi =
      opts.genAi ?? createGenAiClient({ env, extendEnv: false, cwd: home, timeoutMs: GENERATION_TIMEOUT_MS });
    const report = await proveRegeneration({ ...opts, genAi });
    const written = await writeRegenProofReport(report, opts.reportBase ?? path.resolve(opts.zip));
    return { report, ...written };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
