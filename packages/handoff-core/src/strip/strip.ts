import type { ClientConfig } from '../config/client-config';
import type { Job } from '../config/results-schema';
import { localizeOutputs } from './local-outputs';
import type { ApprovedSet, InventoryJob, ResultsFile, StripReport, StrippedSet } from '../types';

export type StripRules = ClientConfig['strip'];

interface Counter {
  tags: number;
  fields: number;
}

/** True when `tag` is internal under the rules (exact tag or prefix, case-insensitive). */
export function isInternalTag(tag: string, rules: StripRules): boolean {
  const t = tag.toLowerCase();
  return rules.tags.some((x) => x.toLowerCase() === t) || rules.tagPrefixes.some((p) => t.startsWith(p.toLowerCase()));
}

/** Keys agencies use for internal notes in any JSON: `_internal...`, `internal_...`, `internal-...`. */
export function isInternalKey(key: string): boolean {
  return /^_internal/i.test(key) || /^internal[_-]/i.test(key);
}

/**
 * Deep copy of `value` without the denylisted fields (at any depth) and with internal tags removed
 * from every `tags` array. Strip, don't redact: removed items leave no placeholder.
 */
export function stripValue<T>(value: T, rules: StripRules, count: Counter = { tags: 0, fields: 0 }): T {
  const fields = new Set(rules.fields.map((f) => f.toLowerCase()));
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      if (key === 'tags') {
        const kept = v.filter((t) => typeof t !== 'string' || !isInternalTag(t, rules));
        count.tags += v.length - kept.length;
        return kept.map((x) => walk(x));
      }
      return v.map((x) => walk(x));
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        if (fields.has(k.toLowerCase()) || isInternalKey(k)) {
          count.fields++;
          continue;
        }
        out[k] = walk(child, k);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** Remove internal tags and fields from every job and results file that ships. Pure. */
export interface StripExtras {
  promptOverrides?: StripReport['promptOverrides'];
  imagesStripped?: number;
  /** C2PA-signed images shipped byte-for-byte (findSignedImages). */
  imagesSigned?: string[];
  /** The image metadata categories removed (removedImageCategories), named in the report. */
  imageCategoriesRemoved?: string[];
  /** Fields removed from JSON assets (stripJsonAssets). */
  jsonAssetFields?: number;
  /** HTML comments removed from shipped Markdown (assets and brand rules). */
  markdownComments?: number;
  /** Absolute output paths (the agency's machines) replaced by client-relative ones; set by stripInternal. */
  localizedPaths?: number;
}

export function stripInternal(approved: ApprovedSet, rules: StripRules, extras: StripExtras = {}): StrippedSet {
  const count: Counter = { tags: 0, fields: 0 };
  const strippedJobs = new Map<Job, Job>();
  const resolved = new Map(approved.jobs.map((j) => [j.job, j.resolvedOutputs ?? {}]));
  let localized = 0;
  const stripJob = (job: Job): Job => {
    let s = strippedJobs.get(job);
    if (!s) {
      const local = localizeOutputs(job, resolved.get(job) ?? {});
      localized += local.replaced;
      s = stripValue(local.job, rules, count);
      strippedJobs.set(job, s);
    }
    return s;
  };
  const jobs: InventoryJob[] = approved.jobs.map((j) => ({ ...j, job: stripJob(j.job) }));
  const results: ResultsFile[] = approved.results.map((r) => ({
    ...r,
    extra: stripValue(r.extra, rules, count),
    jobs: r.jobs.map(stripJob),
  }));
  count.fields += extras.jsonAssetFields ?? 0;
  return { ...approved, jobs, results, strip: stripReport(approved, count, { ...extras, localizedPaths: localized }) };
}

function stripReport(approved: ApprovedSet, count: Counter, extras: StripExtras): StripReport {
  const promptOverrides = extras.promptOverrides ?? [];
  const imagesStripped = extras.imagesStripped ?? 0;
  const categories: string[] = [];
  if (count.tags > 0) categories.push('internal tags');
  if (count.fields > 0) categories.push('internal notes and reviewer fields');
  if ((extras.markdownComments ?? 0) > 0) categories.push('internal comments in Markdown');
  if ((extras.localizedPaths ?? 0) > 0) categories.push("file paths from the agency's machines");
  const reasons = new Set(approved.dropped.map((d) => d.reason));
  if (reasons.has('status')) categories.push('failed jobs');
  if (reasons.has('tag') || reasons.has('excluded-folder') || reasons.has('output-of-dropped-job')) {
    categories.push('drafts, rejected variants and work in progress');
  }
  if (reasons.has('secret-or-system-file')) categories.push('credentials and system files');
  if (imagesStripped > 0) {
    const named = extras.imageCategoriesRemoved?.length ? ` (${extras.imageCategoriesRemoved.join(', ')})` : '';
    categories.push(`internal embedded image metadata, where present${named}`);
  }
  if (promptOverrides.length > 0) categories.push('denylisted terms in prompts (edited prompts are listed)');
  const signed = extras.imagesSigned ?? [];
  return {
    tagsRemoved: count.tags,
    fieldsRemoved: count.fields,
    categories,
    promptOverrides,
    imagesStripped,
    ...(signed.length ? { imagesSigned: signed } : {}),
  };
}

/** CHANGELOG lines for the prompts shipped edited (strip.promptOverrides). */
export function overrideNotes(set: Pick<StrippedSet, 'strip'>): string[] {
  return (set.strip.promptOverrides ?? []).map((o) => `${o.note}.`);
}
