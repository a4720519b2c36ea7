import type { Job, OutputRef } from '../config/results-schema';
import { isAbsoluteAnywhere } from '../fs/safe-path';

/** An output written as an absolute path or a URI: it names a folder on the agency's machine. */
export function isForeignPath(raw: string): boolean {
  return isAbsoluteAnywhere(raw) || /^[a-z][a-z0-9+.-]+:\/\//i.test(raw);
}

/**
 * The job with each absolute output (`/Users/<name>/...`, `C:\...`, `file://...`) replaced by the
 * client-relative path it was resolved to: the agency's machine paths (user names, share names)
 * never ship. `resolved` maps each output as written to its client-relative path.
 */
export function localizeOutputs(job: Job, resolved: Record<string, string>): { job: Job; replaced: number } {
  let replaced = 0;
  const local = (ref: OutputRef | null): OutputRef | null => {
    if (typeof ref === 'string') {
      const rel = isForeignPath(ref.trim()) ? resolved[ref.trim()] : undefined;
      if (rel === undefined) return ref;
      replaced++;
      return rel;
    }
    if (!ref) return ref;
    const out: Record<string, unknown> = { ...ref };
    for (const key of ['path', 'file', 'uri'] as const) {
      const v = ref[key];
      const rel = typeof v === 'string' && isForeignPath(v.trim()) ? resolved[v.trim()] : undefined;
      if (rel === undefined) continue;
      out[key] = rel;
      replaced++;
    }
    return out as OutputRef;
  };
  const next: Job = { ...job };
  if (job.output !== undefined) next.output = local(job.output);
  if (job.outputs) next.outputs = job.outputs.map(local);
  return { job: replaced ? next : job, replaced };
}
