import { existsSync, readFileSync } from 'node:fs';

/**
 * Task durations from an Nx performance profile (`NX_PROFILE=<file>`: Chrome trace events, one
 * complete event per task, `name` = `<project>:<target>`, `dur` in microseconds).
 */
export function taskDurations(profileFile: string): Record<string, number> {
  if (!existsSync(profileFile)) return {};
  const parsed = JSON.parse(readFileSync(profileFile, 'utf8')) as unknown;
  const events = (
    Array.isArray(parsed) ? parsed : ((parsed as { traceEvents?: unknown[] }).traceEvents ?? [])
  ) as Array<{ name?: string; ph?: string; dur?: number }>;
  const out: Record<string, number> = {};
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.name !== 'string' || typeof e.dur !== 'number') continue;
    const target = e.name.slice(e.name.indexOf(':') + 1);
    out[target] = (out[target] ?? 0) + e.dur / 1000;
  }
  return out;
}

/** Tasks Nx served from its cache, from `--output-style=static` output. */
export function cachedTasks(output: string): string[] {
  const out: string[] = [];
  for (const m of output.matchAll(/^> nx run \S+?:(\S+)(.*)$/gm))
    if (/\[(local cache|remote cache|existing outputs match)/.test(m[2])) out.push(m[1]);
  return out;
}
