import { createInterface } from 'node:readline/promises';

/**
 * Confirmation before spending credits: `yes` or a non-interactive run (no TTY on stdin: CI, a
 * pipe) confirms; on a TTY the question is asked and only y/yes confirms.
 */
export async function confirmSpend(
  question: string,
  yes: boolean,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<boolean> {
  if (yes || !stdin.isTTY) return true;
  const rl = createInterface({ input: stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
