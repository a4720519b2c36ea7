import { HandoffError } from '../errors';
import type { CommandOutcome } from './types';
import { shellQuote } from './shell-quote';

/** Default fix for a CLI that answered with an error. */
export const CHECK_AUTH_HINT = 'run `gen-ai whoami` to check authentication, then re-run with --debug';

/** The result of one run, with why it did not produce an exit code when it did not. */
export interface RunResult extends CommandOutcome {
  /** Set when the process did not exit on its own: it could not start, timed out or was killed. */
  failure?: { kind: 'spawn' | 'timeout' | 'signal'; detail: string };
}

/** A `GENAI_FAILED` error with a fix. */
export function genAiFailed(message: string, hint: string): HandoffError {
  return new HandoffError({ code: 'GENAI_FAILED', message, hint });
}

/** Shell-like rendering of a command for messages and reports: `gen-ai generate -p 'a cat'`. */
export function formatCommand(bin: string, args: readonly string[]): string {
  return [bin, ...args].map(shellQuote).join(' ');
}

/** The first `max` characters of `text`, trimmed, marked when cut. */
export function excerpt(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/**
 * Error for a run that did not succeed: names what was attempted, the command, the exit code (or
 * why there is none) and an excerpt of stderr; the hint depends on the kind of failure.
 */
export function runFailedError(what: string, command: string, run: RunResult, exitHint: string): HandoffError {
  const stderr = excerpt(run.stderr);
  const tail = stderr ? `\n  stderr: ${stderr.replace(/\n/g, '\n    ')}` : '';
  const failure = run.failure;
  if (failure?.kind === 'spawn') {
    return genAiFailed(
      `${what}: \`${command}\` could not be started (${failure.detail})`,
      'install the gen-ai CLI and put it on PATH (or pass its absolute path as `bin`), then check `gen-ai --version`',
    );
  }
  if (failure?.kind === 'timeout') {
    return genAiFailed(
      `${what}: \`${command}\` ${failure.detail}${tail}`,
      `check network access and ${CHECK_AUTH_HINT}; raise timeoutMs if the service is just slow`,
    );
  }
  const how = failure ? failure.detail : `exited with code ${run.exitCode}`;
  return genAiFailed(`${what}: \`${command}\` ${how}${tail}`, exitHint);
}
