import type { InventoryJob } from '../types';

/** Case-insensitive, Unicode-normalised, whole-word search for denylisted terms. */
export function findTerms(text: string, terms: string[]): string[] {
  const hay = text.normalize('NFKC').toLocaleLowerCase('und');
  const hits: string[] = [];
  for (const term of terms) {
    const needle = term.normalize('NFKC').toLocaleLowerCase('und').trim();
    if (!needle) continue;
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Whole word: not preceded or followed by a letter, number or underscore in any script.
    const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'u');
    if (re.test(hay)) hits.push(term);
  }
  return hits;
}

export interface TermHit {
  jobId: string;
  source: string;
  terms: string[];
}

/** Jobs whose prompt contains a denylisted term. A prompt is never edited silently. */
export function findPromptTerms(jobs: InventoryJob[], terms: string[]): TermHit[] {
  if (terms.length === 0) return [];
  const hits: TermHit[] = [];
  for (const j of jobs) {
    const found = findTerms(j.job.prompt, terms);
    if (found.length) hits.push({ jobId: j.job.id, source: j.source, terms: found });
  }
  return hits;
}
