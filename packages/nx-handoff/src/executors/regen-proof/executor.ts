import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { locateBundle, runRegenProof, type ProofPlan, type RegenProofReport } from '@nx-handoff/core';
import { confirmSpend } from '../utils/confirm';
import { zipToCheck } from '../utils/zip-to-check';
import { consoleLogger, runStep, shown, type ExecutorResult } from '../utils/run-step';
import type { RegenProofExecutorSchema } from './schema';

export interface RegenProofCore {
  locateBundle: typeof locateBundle;
  runRegenProof: typeof runRegenProof;
}

export function jobList(jobs: RegenProofExecutorSchema['jobs']): string[] | undefined {
  const list = (Array.isArray(jobs) ? jobs : (jobs ?? '').split(',')).map((j) => j.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

function printReport(
  report: RegenProofReport,
  files: { json: string; markdown: string },
  context: ExecutorContext,
): void {
  for (const job of report.jobs) {
    console.log(
      `${job.outcome.toUpperCase().padEnd(16)} ${job.id}  ${job.model} seed ${job.seed ?? '–'}${job.reason ? `: ${job.reason}` : ''}`,
    );
    for (const o of job.outputs)
      if (o.picture)
        console.log(
          `  ${o.asset}: ${o.outcome}, side by side: ${shown(context, path.join(path.dirname(files.json), o.picture))}`,
        );
  }
  console.log(`Report: ${shown(context, files.markdown)} (${report.generations} generation(s) made)`);
  if (!report.ok)
    console.error(
      'nx-handoff: regeneration proof FAILED: a job drifted, is not reproducible or failed (--allow-drift accepts drift and non-reproducible models)',
    );
}

/** `nx run <client>:handoff-regen-proof`: opt-in, never cached, spends credits (asks first on a TTY). */
export default async function regenProofExecutor(
  options: RegenProofExecutorSchema,
  context: ExecutorContext,
  core: RegenProofCore = { locateBundle, runRegenProof },
): Promise<ExecutorResult> {
  return runStep(async () => {
    const zip = await zipToCheck(options, context, core.locateBundle);
    const confirm = (plan: ProofPlan) =>
      confirmSpend(
        `Make ${plan.generations} paid generation(s) with the pinned models (${plan.jobs.join(', ')})?`,
        options.yes ?? false,
      );
    const { report, ...files } = await core.runRegenProof({
      zip,
      jobs: jobList(options.jobs),
      all: options.all ?? false,
      allowDrift: options.allowDrift ?? false,
      confirm,
      logger: consoleLogger,
    });
    printReport(report, files, context);
    return report.ok;
  });
}
