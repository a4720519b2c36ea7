import { createHash } from 'node:crypto';
import { HandoffError, type Problem } from '../errors';
import { findTerms } from './terms';
import type { ApprovedSet, InventoryJob, Job } from '../types';
import type { PromptOverride } from '../config/prompt-override-schema';

export interface PromptOverrideRecord {
  jobId: string;
  /** `rel` of the results.json the job came from. */
  source: string;
  reason: string;
  /** One line for CHANGELOG.md / README. */
  note: string;
}

export interface OverrideOptions {
  /** Denylisted terms (strip.terms). */
  terms: string[];
  /** handoff.json, as shown in errors. */
  configFile?: string;
}

export function promptSha256(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex');
}

function overrideProblems(
  o: PromptOverride,
  i: number,
  matches: InventoryJob[],
  seen: Set<string>,
  opts: OverrideOptions,
): Problem[] {
  const at = (field: string, message: string, hint: string): Problem => ({
    code: 'CONFIG_INVALID',
    file: opts.configFile,
    field: `strip.promptOverrides[${i}].${field}`,
    message,
    hint,
  });
  if (seen.has(o.job)) return [at('job', `a second override for job "${o.job}"`, 'keep one override per job')];
  seen.add(o.job);
  if (matches.length === 0) {
    return [
      at(
        'job',
        `no approved job "${o.job}"`,
        'check the job id; a job dropped as failed, draft or rejected needs no override, so remove it',
      ),
    ];
  }
  const problems: Problem[] = [];
  const quote = (terms: string[]): string => terms.map((t) => `"${t}"`).join(', ');
  const inPrompt = findTerms(o.prompt, opts.terms);
  if (inPrompt.length)
    problems.push(
      at('prompt', `the override still contains denylisted term(s) ${quote(inPrompt)}`, 'edit the override prompt'),
    );
  const inReason = findTerms(o.reason, opts.terms);
  if (inReason.length)
    problems.push(
      at(
        'reason',
        `the reason contains denylisted term(s) ${quote(inReason)}; it ships in CHANGELOG.md`,
        'describe the edit without naming the term, e.g. "competitor name removed"',
      ),
    );
  const original = matches[0].job.prompt;
  if (o.originalSha256 && !promptSha256(original).startsWith(o.originalSha256)) {
    problems.push(
      at(
        'originalSha256',
        `the prompt of job "${o.job}" changed since the override was written`,
        'review the override against the new prompt, then update originalSha256',
      ),
    );
  }
  if (o.prompt === original)
    problems.push(at('prompt', `the override does not change the prompt of job "${o.job}"`, 'remove the override'));
  return problems;
}

/**
 * Replace the prompt of each overridden job (every InventoryJob with that id) and return one record
 * per override. Throws a HandoffError listing every problem: unknown or duplicate job ids, denylisted
 * terms left in the prompt or the reason, a changed original, an override that changes nothing.
 */
export function applyPromptOverrides(
  jobs: InventoryJob[],
  overrides: PromptOverride[],
  opts: OverrideOptions,
): { jobs: InventoryJob[]; records: PromptOverrideRecord[] } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, i) =>
    problems.push(
      ...overrideProblems(
        o,
        i,
        jobs.filter((j) => j.job.id === o.job),
        seen,
        opts,
      ),
    ),
  );
  if (problems.length) throw new HandoffError(problems);
  const byId = new Map(overrides.map((o) => [o.job, o]));
  const records = overrides.map((o): PromptOverrideRecord => {
    const source = jobs.find((j) => j.job.id === o.job)!.source;
    return {
      jobId: o.job,
      source,
      reason: o.reason,
      note: `job ${o.job}: prompt edited for white-labelling (${o.reason}); regenerating it will not reproduce the delivered asset exactly`,
    };
  });
  const edited = new Map<Job, Job>(); // one new Job per original object, shared like the originals
  const rewritten = jobs.map((j) => {
    const o = byId.get(j.job.id);
    if (!o) return j;
    let job = edited.get(j.job);
    if (!job) edited.set(j.job, (job = { ...j.job, prompt: o.prompt }));
    return { ...j, job };
  });
  return { jobs: rewritten, records };
}

/**
 * applyPromptOverrides on a whole approved set: results files get the same rewritten Job objects
 * as `jobs` (stripInternal relies on that identity). Returns the set unchanged when there are none.
 */
export function applyPromptOverridesToSet(
  approved: ApprovedSet,
  overrides: PromptOverride[],
  opts: OverrideOptions,
): { set: ApprovedSet; records: PromptOverrideRecord[] } {
  if (overrides.length === 0) return { set: approved, records: [] };
  const { jobs, records } = applyPromptOverrides(approved.jobs, overrides, opts);
  const replaced = new Map<Job, Job>();
  approved.jobs.forEach((j, i) => {
    if (jobs[i].job !== j.job) replaced.set(j.job, jobs[i].job);
  });
  const results = approved.results.map((r) => ({ ...r, jobs: r.jobs.map((job) => replaced.get(job) ?? job) }));
  return { set: { ...approved, jobs, results }, records };
}
