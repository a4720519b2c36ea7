import { promises as fs } from 'node:fs';
import { classifyStatus } from '../config/job-status';
import type { ClientConfig } from '../config/client-config';
import { displayPath, parseAndValidate, readJsonFile } from '../config/read-json';
import { isHandoffError } from '../errors';
import { resultsSchema, type ResultsJson } from '../config/results-schema';

const HINT = 'results.json must be {"jobs":[{"id","model","prompt",...}]} as written by the gen-ai CLI';
const JOB_FIELD = /^jobs\[(\d+)\]/;

type RawJob = Record<string, unknown>;

/** A job that never ships, whatever else its record says: a failed/pending status or an excluded tag. */
function neverShips(job: RawJob, filter: ClientConfig['filter']): boolean {
  if (typeof job.status === 'string' && classifyStatus(job.status, filter.excludeStatuses) !== 'completed') return true;
  const tags = Array.isArray(job.tags)
    ? job.tags.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase())
    : [];
  return filter.excludeTags.some((t) => tags.includes(t.toLowerCase()));
}

/** A non-shipping job reduced to what the pipeline reads: it is only counted and dropped. */
function placeholder(job: RawJob, i: number, file: string): RawJob {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
  return {
    id: str(job.id, `(${file} jobs[${i}])`),
    model: str(job.model, '(none)'),
    prompt: str(job.prompt, ''),
    status: job.status,
    ...(Array.isArray(job.tags) ? { tags: job.tags.filter((t) => typeof t === 'string') } : {}),
  };
}

/**
 * Read one results.json. Schema problems inside jobs that never ship (a failed job without a
 * model, a cancelled one with a malformed output) stop nothing: those jobs are read as
 * placeholders and dropped by the filter. Every other problem is thrown, with line and column.
 */
export async function readResults(
  abs: string,
  displayBase: string,
  filter: ClientConfig['filter'],
): Promise<ResultsJson> {
  try {
    return await readJsonFile(abs, resultsSchema, { displayBase, hint: HINT });
  } catch (err) {
    if (!isHandoffError(err) || err.problems.some((p) => p.code !== 'SCHEMA_INVALID')) throw err;
    const text = (await fs.readFile(abs, 'utf8')).replace(/^\uFEFF/, '');
    const raw = JSON.parse(text) as { jobs?: unknown };
    if (!Array.isArray(raw.jobs)) throw err;
    const jobs = raw.jobs as unknown[];
    const isObject = (j: unknown): j is RawJob => typeof j === 'object' && j !== null && !Array.isArray(j);
    const bad = err.problems.map((p) => JOB_FIELD.exec(p.field ?? '')?.[1]);
    if (
      bad.some((i) => i === undefined || !isObject(jobs[Number(i)]) || !neverShips(jobs[Number(i)] as RawJob, filter))
    )
      throw err;
    const lenient = {
      ...raw,
      jobs: jobs.map((j, i) =>
        bad.includes(String(i)) ? placeholder(j as RawJob, i, displayPath(abs, displayBase)) : j,
      ),
    };
    return parseAndValidate(JSON.stringify(lenient), abs, resultsSchema, { displayBase, hint: HINT });
  }
}
