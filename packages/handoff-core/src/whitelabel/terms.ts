import * as path from 'node:path';
import { displayPath } from '../config/read-json';
import type { Problem } from '../errors';
import type { InventoryJob, LoadedClient } from '../types';

/** Case-insensitive, Unicode-normalised, whole-word search for denylisted terms. */
export function findTerms(text: string, terms: string[]): string[] {
  const hay = text.normalize('NFKC').toLocaleLowerCase('und');
  const hits: string[] = [];
  for (const term of terms) {
    const needle = term.normalize('NFKC').toLocaleLowerCase('und').trim();
    if (!needle) continue;
    // Any run of white space (a line break included) matches the term's spaces.
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    // Whole word: not preceded or followed by a letter, number or underscore in any script.
    const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'u');
    if (re.test(hay)) hits.push(term);
  }
  return hits;
}

export interface TermHit {
  jobId: string;
  source: string;
  /** Field path inside the job, e.g. `prompt`, `negative_prompt`, `params.style`. */
  field: string;
  terms: string[];
}

function stringLeaves(value: unknown, at: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => stringLeaves(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) stringLeaves(v, at ? `${at}.${k}` : k, out);
  }
}

/**
 * Every string field of the jobs that ship (after stripping) holding a denylisted term: the
 * prompt, a negative prompt, a style name... A shipped value is never edited silently.
 */
export function findJobTerms(jobs: InventoryJob[], terms: string[]): TermHit[] {
  if (terms.length === 0) return [];
  const hits: TermHit[] = [];
  for (const j of jobs) {
    const leaves: Array<[string, string]> = [];
    stringLeaves(j.job, '', leaves);
    for (const [field, text] of leaves) {
      const found = findTerms(text, terms);
      if (found.length) hits.push({ jobId: j.job.id, source: j.source, field, terms: found });
    }
  }
  return hits;
}

/** A denylisted term in a shipped job, with the fix (a prompt is never edited silently). */
export function termProblem(client: LoadedClient, h: TermHit): Problem {
  const terms = h.terms.map((t) => `"${t}"`).join(', ');
  return {
    code: 'CONFIG_INVALID',
    file: displayPath(path.join(client.clientRoot, h.source), client.workspaceRoot),
    field: `job ${h.jobId}`,
    message: `${h.field} contains denylisted term(s): ${terms}`,
    hint:
      h.field === 'prompt'
        ? 'a prompt is never edited silently: exclude the job (tag it "rejected"), or add {"job", "prompt", "reason"} to strip.promptOverrides in handoff.json (recorded in the README and CHANGELOG)'
        : `exclude the job (tag it "rejected"), remove the term from ${h.field} in the results.json, or add the field to strip.fields if it is internal`,
  };
}
