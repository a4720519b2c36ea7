import { requestForJob } from '../genai/generate-args';
import type { GenAiClient, GenerateRequest, ModelCapabilities } from '../genai/types';
import type { CheckResult } from '../types';
import {
  checkResult,
  isRecord,
  jobLabel,
  LIBRARY_FILE,
  PINS_FILE,
  rawJobs,
  rawPins,
  type BundleDoc,
} from './bundle-view';
import { checkPayloadOffline } from './offline-payload';

export interface RegenerationOptions {
  genAi?: GenAiClient;
  /** Dry-run every job instead of the first. */
  all?: boolean;
  /** Fail when the gen-ai CLI is not available instead of checking offline. */
  requireCli?: boolean;
}

/** The generate request an (unvalidated) library job stands for. */
export function generateRequestFor(job: Record<string, unknown>): GenerateRequest {
  return requestForJob({
    model: String(job.model ?? ''),
    prompt: typeof job.prompt === 'string' ? job.prompt : '',
    seed: typeof job.seed === 'number' ? job.seed : undefined,
    params: isRecord(job.params) ? job.params : undefined,
  });
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

async function dryRunJobs(genAi: GenAiClient, jobs: Record<string, unknown>[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, job] of jobs.entries()) {
    const label = `job ${jobLabel(job, i)}`;
    try {
      const outcome = await genAi.generateDryRun(generateRequestFor(job));
      if (!outcome.ok)
        problems.push(
          `${label}: gen-ai dry run exited ${outcome.exitCode}: ${firstLine(outcome.stderr || outcome.stdout) || 'no output'}`,
        );
    } catch (err) {
      problems.push(`${label}: gen-ai dry run could not run: ${(err as Error).message}`);
    }
  }
  return problems;
}

function offlineProblems(jobs: Record<string, unknown>[], pins: BundleDoc): string[] {
  const caps = new Map<string, ModelCapabilities>();
  for (const pin of rawPins(pins)) {
    if (typeof pin.id === 'string')
      caps.set(pin.id, isRecord(pin.capabilities) ? (pin.capabilities as ModelCapabilities) : {});
  }
  const problems: string[] = [];
  jobs.forEach((job, i) => {
    const req = generateRequestFor(job);
    const c = caps.get(req.model);
    if (!c)
      problems.push(
        `job ${jobLabel(job, i)}: model ${req.model} has no pin in ${PINS_FILE}, its capabilities are unknown`,
      );
    else for (const p of checkPayloadOffline(req, c)) problems.push(`job ${jobLabel(job, i)}: ${p}`);
  });
  return problems;
}

/**
 * Dry-run regeneration of the first job (or all). With an available gen-ai client the CLI judges
 * the payload. The client is built by the caller with its environment and working folder, and must
 * be given a scrubbed environment (no agency credentials or config) so the test shows what the
 * receiving team gets. Without a CLI the payload is checked offline against the pinned model's
 * captured capabilities: status `offline`, never `pass`.
 */
export async function checkRegeneration(
  library: BundleDoc,
  pins: BundleDoc,
  opts: RegenerationOptions,
): Promise<CheckResult> {
  const all = rawJobs(library);
  if (!all)
    return checkResult('regeneration', [`${LIBRARY_FILE} has no readable jobs list, nothing to regenerate`], '');
  if (all.length === 0)
    return { name: 'regeneration', status: 'skip', summary: `${LIBRARY_FILE} has no jobs`, problems: [] };
  // An upscaled copy (handoff-upscale) is not made by `generate`: there is no generate payload to check.
  const generated = all.filter((job) => !(isRecord(job.params) && job.params.operation === 'upscale'));
  if (generated.length === 0)
    return { name: 'regeneration', status: 'skip', summary: `${LIBRARY_FILE} has only upscaled copies`, problems: [] };
  const jobs = opts.all ? generated : generated.slice(0, 1);
  const what = opts.all ? `${jobs.length} jobs` : `job ${jobLabel(jobs[0], 0)}`;
  const cli = opts.genAi && (await opts.genAi.available().catch(() => false)) ? opts.genAi : undefined;
  if (cli) return checkResult('regeneration', await dryRunJobs(cli, jobs), `gen-ai accepted the dry run of ${what}`);
  const probe = await opts.genAi?.probe?.().catch(() => undefined);
  const said = probe ? `: \`${probe.command}\` ${probe.answer}` : '';
  if (opts.requireCli) {
    return checkResult(
      'regeneration',
      [`the gen-ai CLI is required (requireCli) but is not available${said}; install it and put it on PATH`],
      '',
    );
  }
  return checkResult(
    'regeneration',
    offlineProblems(jobs, pins),
    `offline: payload of ${what} fits the pinned capabilities (gen-ai CLI not available${said})`,
    'offline',
  );
}
