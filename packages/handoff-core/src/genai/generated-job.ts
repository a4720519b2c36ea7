import * as path from 'node:path';
import type { CommandOutcome, GeneratedJob, GenerationOutcome } from './types';

/**
 * Exit code of gen-ai for a model version that is no longer served. The CLI's documentation does
 * not promise one, so the message is matched as well (see isRetired).
 */
export const RETIRED_EXIT_CODE = 5;

const RETIRED_MESSAGE =
  /(has been|was) retired|no longer (available|served|supported)|version .* (is )?(gone|removed|sunset)/i;

/** The CLI says the pinned version is gone. */
export function isRetired(outcome: Pick<CommandOutcome, 'ok' | 'exitCode' | 'stderr'>): boolean {
  return !outcome.ok && (outcome.exitCode === RETIRED_EXIT_CODE || RETIRED_MESSAGE.test(outcome.stderr));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The last stdout line that is a JSON object (the CLI may print notices before it). */
export function parseGeneratedJob(stdout: string): GeneratedJob | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (!isRecord(value)) continue;
      const raw = Array.isArray(value.outputs) ? value.outputs : typeof value.output === 'string' ? [value.output] : [];
      return { ...value, outputs: raw.filter((o): o is string => typeof o === 'string') };
    } catch {
      continue;
    }
  }
  return undefined;
}

/** A finished run as a GenerationOutcome: the job JSON and its outputs resolved against `outDir`. */
export function toGenerationOutcome(outcome: CommandOutcome, outDir: string): GenerationOutcome {
  const job = outcome.ok ? parseGeneratedJob(outcome.stdout) : undefined;
  const files = (job?.outputs ?? []).map((o) => path.resolve(outDir, o));
  return { ...outcome, retired: isRetired(outcome), job, files };
}
