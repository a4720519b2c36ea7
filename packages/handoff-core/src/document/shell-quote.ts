/** POSIX shell quoting: bare when safe, else single quotes with `'\''` for embedded quotes. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `gen-ai generate -m <model> -p <prompt> [--seed N] [--aspect-ratio R]`, ready to paste. */
export function generateCommand(model: string, prompt: string, seed?: number | null, aspectRatio?: unknown): string {
  const parts = ['gen-ai', 'generate', '-m', shellQuote(model), '-p', shellQuote(prompt)];
  if (typeof seed === 'number') parts.push('--seed', String(seed));
  if (typeof aspectRatio === 'string' && aspectRatio) parts.push('--aspect-ratio', shellQuote(aspectRatio));
  return parts.join(' ');
}
