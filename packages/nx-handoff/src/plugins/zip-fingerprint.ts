import * as path from 'node:path';
import type { PreTasksExecution } from '@nx/devkit';
import { sha256File } from '@nx-handoff/core/config';

/**
 * `handoff-cold-test --zip=<path>` checks a file Nx cannot hash (dist/ is ignored, and the path is
 * an option, not an input). Before tasks run, this hook puts the sha256 of that zip in an
 * environment variable the cold-test target declares as an input: a changed zip at the same path
 * is a cache miss, an unchanged one a hit. Without --zip the variable is empty, so the default
 * cold test hashes the same as ever (its zip is a pure function of the other inputs).
 */
export const ZIP_HASH_ENV = 'NX_HANDOFF_ZIP_SHA256';

/** The value of `--zip=<path>` or `--zip <path>` in a command line. */
export function zipArgFrom(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--zip=')) return arg.slice('--zip='.length) || undefined;
    if (arg === '--zip' && argv[i + 1] && !argv[i + 1].startsWith('-')) return argv[i + 1];
  }
  return undefined;
}


/** Fingerprint of the zip named on the command line: its sha256, `missing`, or '' without --zip. */
export async function zipFingerprint(argv: readonly string[], workspaceRoot: string): Promise<string> {
  const zip = zipArgFrom(argv);
  if (!zip) return '';
  return sha256File(path.resolve(workspaceRoot, zip)).catch(() => `missing:${zip}`);
}

export const preTasksExecution: PreTasksExecution = async (_options, context) => {
  // Always assigned: a long-lived daemon must not keep the value of an earlier command.
  process.env[ZIP_HASH_ENV] = await zipFingerprint(context.argv, context.workspaceRoot);
};
