import { promises as fs } from 'node:fs';
import { PLACEHOLDER_MARKER, placeholderLines } from '../config/placeholders';
import { displayPath } from '../config/read-json';
import type { Problem } from '../errors';
import type { LoadedClient } from '../types';
import { brandDocuments } from './shipped-files';

/**
 * The generator's placeholders the agency has not replaced. The support contact is a problem: the
 * bundle README tells the client's team whom to write to, and "TO FILL IN" is nobody. A brand
 * stub still holding placeholders is a note: the documents ship, but a half-written brand guide is
 * the agency's call (the check says which lines).
 */
export async function placeholderFindings(client: LoadedClient): Promise<{ problems: Problem[]; notes: string[] }> {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const shownConfig = displayPath(client.configFile, client.workspaceRoot);
  const contact = client.config.support.contact;
  if (contact.includes(PLACEHOLDER_MARKER))
    problems.push({
      code: 'CONFIG_INVALID',
      file: shownConfig,
      field: 'support.contact',
      message: `still holds the generator's placeholder "${contact}": the bundle README would give it to the client's team as their support contact`,
      hint: 'set "support.contact" to the name and e-mail the receiving team should write to during the support window',
    });
  for (const { abs, bundlePath } of brandDocuments(client)) {
    // A missing brand document is reported by the shipped-file checks.
    const text = await fs.readFile(abs, 'utf8').catch(() => undefined);
    const lines = text === undefined ? [] : placeholderLines(text);
    if (lines.length > 0)
      notes.push(
        `${displayPath(abs, client.workspaceRoot)}: "${PLACEHOLDER_MARKER}" on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}: ` +
          `the generator's stub, shipped as ${bundlePath}; replace it with the client's brand rules`,
      );
  }
  return { problems, notes };
}
