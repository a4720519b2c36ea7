import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './workspace';

/** The fake gen-ai CLI of this repository (test fixture). */
export const FAKE_GENAI = path.join(REPO_ROOT, 'packages/handoff-core/src/genai/__fixtures__/bin/gen-ai');

/**
 * A folder holding a `gen-ai` on PATH that runs the fake with FAKE_GENAI_* switches. The product
 * runs gen-ai in a scrubbed environment (FAKE_GENAI_* never reaches it), so the switches live in
 * this wrapper, as a provider's behaviour would live in the real CLI.
 */
export class FakeGenAiBin {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'nx-handoff-fake-bin-'));

  /** Point `gen-ai` at the fake with these switches (none: the deterministic fake). */
  use(switches: Record<string, string> = {}): NodeJS.ProcessEnv {
    const vars = Object.entries(switches)
      .map(([k, v]) => `${k}='${v}' `)
      .join('');
    const file = path.join(this.dir, 'gen-ai');
    writeFileSync(file, `#!/bin/sh\n${vars}exec '${FAKE_GENAI}' "$@"\n`);
    chmodSync(file, 0o755);
    return { PATH: `${this.dir}${path.delimiter}${process.env.PATH ?? ''}` };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
