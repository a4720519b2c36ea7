import { manifestSchema, promptLibrarySchema } from '../config/bundle-schemas';
import type { CheckResult } from '../types';
import {
  checkResult,
  jobLabel,
  LIBRARY_FILE,
  MANIFEST_FILE,
  rawJobs,
  validateDoc,
  type BundleDoc,
  type BundleView,
} from './bundle-view';
import { checkEntryName } from '../bundle/entry-name-rules';

function assetCount(view: BundleView): number {
  let n = 0;
  for (const rel of view.files.keys()) if (rel.startsWith('assets/')) n++;
  return n;
}

/** A bundle path named by a document exists (and is a plain relative path). */
function namedFileProblem(view: BundleView, doc: string, field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the schema reports the type
  const why = checkEntryName(value);
  if (why) return `${doc} (${field}): "${value}" ${why}`;
  return view.files.has(value) ? undefined : `${doc} (${field}): names ${value}, which is not in the bundle`;
}

/** docs/handoff-manifest.json: schema, counts, and the files it names. */
export function checkManifest(view: BundleView, manifest: BundleDoc, library: BundleDoc): CheckResult {
  const { value, problems } = validateDoc(view, manifest, manifestSchema);
  if (!value) return checkResult('manifest', problems, '');
  const assets = assetCount(view);
  if (value.assets_count !== assets)
    problems.push(
      `${MANIFEST_FILE} (assets_count): says ${value.assets_count}, the bundle has ${assets} files under assets/`,
    );
  const jobs = rawJobs(library);
  if (!jobs)
    problems.push(`${MANIFEST_FILE} (prompts_count): cannot be checked, ${LIBRARY_FILE} has no readable jobs list`);
  else if (value.prompts_count !== jobs.length)
    problems.push(
      `${MANIFEST_FILE} (prompts_count): says ${value.prompts_count}, ${LIBRARY_FILE} has ${jobs.length} jobs`,
    );
  for (const field of ['brand_system', 'brand_rules', 'pinned_models'] as const) {
    const p = namedFileProblem(view, MANIFEST_FILE, field, value[field]);
    if (p) problems.push(p);
  }
  return checkResult('manifest', problems, `${MANIFEST_FILE} valid: ${assets} assets, ${value.prompts_count} prompts`);
}

/** prompts/prompt-library.json: schema, unique job ids, every output present under assets/. */
export function checkPromptLibrary(view: BundleView, library: BundleDoc): CheckResult {
  const { value, problems } = validateDoc(view, library, promptLibrarySchema);
  if (!value) return checkResult('prompt-library', problems, '');
  const seen = new Set<string>();
  let outputs = 0;
  value.jobs.forEach((job, i) => {
    const label = jobLabel(job, i);
    if (seen.has(job.id)) problems.push(`${LIBRARY_FILE} job ${label}: id appears more than once`);
    seen.add(job.id);
    for (const out of job.outputs) {
      outputs++;
      if (!out.startsWith('assets/')) problems.push(`${LIBRARY_FILE} job ${label}: output ${out} is not under assets/`);
      else if (!view.files.has(out))
        problems.push(`${LIBRARY_FILE} job ${label}: output ${out} is missing from the bundle`);
    }
  });
  return checkResult('prompt-library', problems, `${value.jobs.length} jobs, ${outputs} outputs present`);
}
