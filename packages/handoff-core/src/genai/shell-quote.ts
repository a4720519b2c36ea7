import { generateArgs } from './generate-args';
import type { GenerateRequest } from './types';

/** POSIX shell quoting: bare when safe, else single quotes with `'\''` for embedded quotes. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The full `gen-ai generate ...` command for a request, shell-quoted, ready to paste. */
export function generateCommand(req: GenerateRequest): string {
  return ['gen-ai', ...generateArgs(req)].map(shellQuote).join(' ');
}
