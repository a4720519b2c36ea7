import { promises as fs } from 'node:fs';
import { HandoffError, type Problem } from '../errors';
import type { BundleFile } from '../types';
import { extensionOf, TEXT_EXTENSIONS } from '../whitelabel/check-white-label';
import { findCredentials } from '../whitelabel/secrets';
import { STORED_EXTENSIONS } from '../bundle/bundle-files';

/** Text assets larger than this are left to the cold test's gate (which reports them). */
const MAX_SCANNED_BYTES = 64 * 1024 * 1024;

async function startsBinary(abs: string): Promise<boolean> {
  const handle = await fs.open(abs, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/**
 * Text by extension, or by content for anything that is not known media: a dotfile or a file
 * without an extension (`.envrc`, `credentials`) is read when its first 8 KiB hold no NUL byte.
 */
async function textOf(f: BundleFile): Promise<string | undefined> {
  if (f.source.kind === 'bytes') return f.source.data.toString('utf8');
  // Made while packaging from texts already checked here (prompts, rights items) and hashes.
  if (f.source.kind === 'derived') return undefined;
  const ext = extensionOf(f.path);
  if (f.source.size > MAX_SCANNED_BYTES || STORED_EXTENSIONS.has(ext)) return undefined;
  if (!TEXT_EXTENSIONS.has(ext) && (await startsBinary(f.source.abs))) return undefined;
  return fs.readFile(f.source.abs, 'utf8');
}

/**
 * Secrets never ship: text that looks like a credential (API keys, bearer tokens, private keys,
 * cloud access keys) in any generated document or text asset stops the build, naming the file and
 * line — never the value.
 */
export async function assertNoCredentials(files: BundleFile[], originOf: (f: BundleFile) => string): Promise<void> {
  const problems: Problem[] = [];
  for (const f of files) {
    const text = await textOf(f);
    if (text === undefined) continue;
    for (const hit of findCredentials(text)) {
      problems.push({
        code: 'LEAK',
        file: originOf(f),
        line: hit.line,
        message: `looks like a credential (${hit.kind}); it would ship in ${f.path}`,
        hint: 'remove the secret from the source file (and rotate it); credentials never belong in a handoff',
      });
    }
  }
  if (problems.length) throw new HandoffError(problems);
}
