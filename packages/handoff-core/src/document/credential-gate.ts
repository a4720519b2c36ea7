import { promises as fs } from 'node:fs';
import { HandoffError, type Problem } from '../errors';
import type { BundleFile } from '../types';
import { TEXT_EXTENSIONS } from '../whitelabel/check-white-label';
import { findCredentials } from '../whitelabel/secrets';

/** Text assets larger than this are left to the cold test's gate (which reports them). */
const MAX_SCANNED_BYTES = 64 * 1024 * 1024;

function isTextPath(p: string): boolean {
  const dot = p.lastIndexOf('.');
  return dot > p.lastIndexOf('/') && TEXT_EXTENSIONS.has(p.slice(dot + 1).toLowerCase());
}

async function textOf(f: BundleFile): Promise<string | undefined> {
  if (f.source.kind === 'bytes') return f.source.data.toString('utf8');
  if (!isTextPath(f.path) || f.source.size > MAX_SCANNED_BYTES) return undefined;
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
