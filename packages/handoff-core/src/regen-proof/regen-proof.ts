import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import { silentLogger } from '../types';
import { sha256File } from '../bundle/sha256-file';
import { openBundle } from './open-bundle';
import { proveJob, shownCommand } from './prove-job';
import { regenProofPaths } from './report';
import { selectJobs, type LibraryJob } from './select-jobs';
import { settleWithoutGenerating, type Settled } from './settle-job';
import { EQUIVALENCE_THRESHOLDS } from './thresholds';
import { PROOF_OUTCOMES, type JobProof, type ProofPlan, type RegenProofOptions, type RegenProofReport } from './types';

function settledProof(job: LibraryJob, settled: Settled): JobProof {
  return {
    id: job.id,
    model: job.model,
    seed: job.seed,
    outcome: settled.outcome,
    reason: settled.reason,
    command: shownCommand(job),
    generated: false,
    outputs: [],
  };
}

function summarize(jobs: JobProof[], allowDrift: boolean): Pick<RegenProofReport, 'counts' | 'ok' | 'generations'> {
  const counts = Object.fromEntries(
    PROOF_OUTCOMES.map((o) => [o, jobs.filter((j) => j.outcome === o).length]),
  ) as RegenProofReport['counts'];
  const fatal = allowDrift ? counts.failed : counts.failed + counts.drifted + counts['not-reproducible'];
  return { counts, ok: fatal === 0, generations: jobs.filter((j) => j.generated).length };
}

async function planProof(
  jobs: LibraryJob[],
  opts: RegenProofOptions,
  seeds: Parameters<typeof settleWithoutGenerating>[1],
) {
  const settled = new Map<string, Settled>();
  for (const job of jobs) {
    const s = await settleWithoutGenerating(job, seeds, opts.genAi);
    if (s) settled.set(job.id, s);
  }
  const toGenerate = jobs.filter((j) => !settled.has(j.id));
  const plan: ProofPlan = {
    jobs: toGenerate.map((j) => j.id),
    generations: toGenerate.length,
    settled: [...settled].map(([id, s]) => ({ id, ...s })),
  };
  return { plan, settled };
}

/**
 * Regenerate a sample of a built bundle's jobs with their exact pinned model, seed and parameters
 * (real, paid generations) and compare each output with the shipped asset. Says what it will spend
 * (opts.confirm) before the first generation; writes the side-by-side pictures, not the reports
 * (see writeRegenProofReport).
 */
export async function proveRegeneration(opts: RegenProofOptions): Promise<RegenProofReport> {
  const log = opts.logger ?? silentLogger;
  const zip = path.resolve(opts.zip);
  if (!(await fs.stat(zip).catch(() => undefined))?.isFile()) {
    throw new HandoffError({
      code: 'IO',
      file: zip,
      message: 'bundle zip not found',
      hint: 'build it with `nx run <client>:handoff`, or fix the zip path',
    });
  }
  const dir = await fs.mkdtemp(path.join(opts.tempRoot ?? os.tmpdir(), 'nx-handoff-regen-proof-'));
  try {
    const bundle = await openBundle(zip, path.join(dir, 'bundle'));
    const selected = selectJobs(bundle.jobs, bundle.seeds, { ids: opts.jobs, all: opts.all });
    const { plan, settled } = await planProof(selected, opts, bundle.seeds);
    for (const s of plan.settled) log.info(`${s.id}: ${s.outcome} without generating: ${s.reason}`);
    log.info(
      `Regeneration proof: ${plan.generations} generation(s) with the pinned models (each spends credits): ${plan.jobs.join(', ') || 'none'}`,
    );
    if (plan.generations > 0 && opts.confirm && !(await opts.confirm(plan))) {
      throw new HandoffError({
        code: 'CANCELLED',
        file: zip,
        message: 'regeneration proof cancelled: nothing was generated',
        hint: 'pass --yes to confirm without a prompt',
      });
    }
    const pictures = regenProofPaths(opts.reportBase ?? zip).picturesDir;
    await fs.rm(pictures, { recursive: true, force: true });
    const ctx = {
      genAi: opts.genAi,
      bundleRoot: bundle.root,
      workDir: path.join(dir, 'out'),
      picturesDir: pictures,
      picturesRel: path.basename(pictures),
    };
    const proofs: JobProof[] = [];
    for (const job of selected) {
      const s = settled.get(job.id);
      const proof = s ? settledProof(job, s) : await proveJob(ctx, job);
      if (!s) log.info(`${job.id}: ${proof.outcome}${proof.reason ? ` (${proof.reason})` : ''}`);
      proofs.push(proof);
    }
    const allowDrift = opts.allowDrift ?? false;
    return {
      zip,
      zipSha256: await sha256File(zip),
      checkedAt: new Date().toISOString(),
      thresholds: EQUIVALENCE_THRESHOLDS,
      allowDrift,
      ...summarize(proofs, allowDrift),
      jobs: proofs,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
