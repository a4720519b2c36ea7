import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { excerpt, formatCommand } from '../genai/genai-failure';
import { generateRealArgs } from '../genai/client';
import { requestForJob } from '../genai/generate-args';
import type { GenAiClient, GenerationOutcome } from '../genai/types';
import { writeFileAtomic } from '../fs/atomic';
import { compareImages } from './compare-images';
import { decodeImage, encodePng, type RgbaImage } from './decode-image';
import type { LibraryJob } from './select-jobs';
import { sideBySide } from './side-by-side';
import { worstOutcome, type JobProof, type OutputProof } from './types';

export interface ProveContext {
  genAi: GenAiClient;
  /** The extracted bundle's payload folder (where `assets/...` are). */
  bundleRoot: string;
  /** Scratch folder for this job's outputs. */
  workDir: string;
  /** Folder for the side-by-side pictures, and how the report names it. */
  picturesDir: string;
  picturesRel: string;
}

function firstLine(text: string): string {
  return excerpt(text, 300).split('\n')[0] ?? '';
}

/** The command as shown in reports, with a placeholder for the temp output folder. */
export function shownCommand(job: LibraryJob): string {
  return formatCommand('gen-ai', generateRealArgs(requestForJob(job), '<out>'));
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

async function writePicture(
  ctx: ProveContext,
  name: string,
  original: RgbaImage,
  regenerated: RgbaImage,
  heat: RgbaImage | undefined,
): Promise<string> {
  await writeFileAtomic(path.join(ctx.picturesDir, name), await encodePng(sideBySide(original, regenerated, heat)));
  return `${ctx.picturesRel}/${name}`;
}

/** Compare one shipped asset with its regenerated counterpart; writes the side-by-side picture. */
async function proveOutput(
  ctx: ProveContext,
  job: LibraryJob,
  index: number,
  regenerated: string | undefined,
  produced: number,
): Promise<OutputProof> {
  const asset = job.outputs[index];
  if (!regenerated)
    return {
      asset,
      outcome: 'drifted',
      reason: `gen-ai produced ${produced} output(s); the bundle ships ${job.outputs.length} for this job`,
    };
  const [a, b] = await Promise.all([
    decodeImage(path.join(ctx.bundleRoot, ...asset.split('/'))),
    decodeImage(regenerated),
  ]);
  if (!a.ok || !b.ok)
    return { asset, outcome: 'not-compared', reason: (!a.ok ? a.reason : '') || (!b.ok ? b.reason : '') };
  const cmp = await compareImages(a.image, b.image);
  const picture = await writePicture(ctx, `${safeName(job.id)}-${index + 1}.png`, a.image, b.image, cmp.heatMap);
  const size = {
    original: [a.image.width, a.image.height] as [number, number],
    regenerated: [b.image.width, b.image.height] as [number, number],
  };
  const figures = {
    ssim: cmp.ssim,
    hashDistance: cmp.hashDistance,
    changedPixels: cmp.changedPixels,
    changedRatio: cmp.changedRatio,
    size,
    picture,
  };
  const reason =
    cmp.verdict === 'identical'
      ? undefined
      : cmp.sizeMismatch
        ? `the regenerated picture is ${size.regenerated.join('x')}, the shipped one ${size.original.join('x')}`
        : `SSIM ${cmp.ssim}, perceptual-hash distance ${cmp.hashDistance}/256, ${cmp.changedPixels} pixels changed (${((cmp.changedRatio ?? 0) * 100).toFixed(2)}%)`;
  return { asset, outcome: cmp.verdict, ...(reason ? { reason } : {}), ...figures };
}

/** The seed gen-ai reports it used differs from the pinned one (null: it used none). */
function ignoredSeed(outcome: GenerationOutcome, seed: number | null): string | undefined {
  if (!outcome.job || !('seed' in outcome.job) || outcome.job.seed === seed) return undefined;
  const used = typeof outcome.job.seed === 'number' ? `seed ${outcome.job.seed}` : 'no seed';
  return `gen-ai used ${used}, not the pinned seed ${seed}: the provider did not honour the seed, so the output is not repeatable`;
}

/** Regenerate one job (a real, paid generation) and compare every output with the shipped asset. */
export async function proveJob(ctx: ProveContext, job: LibraryJob): Promise<JobProof> {
  const base = { id: job.id, model: job.model, seed: job.seed, command: shownCommand(job), generated: true };
  const outDir = path.join(ctx.workDir, safeName(job.id));
  await fs.mkdir(outDir, { recursive: true });
  const outcome = await ctx.genAi.generate(requestForJob(job), outDir);
  if (outcome.retired)
    return {
      ...base,
      outcome: 'not-reproducible',
      reason: `the pinned version is gone: ${firstLine(outcome.stderr)}`,
      outputs: [],
    };
  if (!outcome.ok)
    return {
      ...base,
      outcome: 'failed',
      reason: `gen-ai exited ${outcome.exitCode}: ${firstLine(outcome.stderr || outcome.stdout) || 'no output'}`,
      outputs: [],
    };
  if (outcome.files.length === 0)
    return {
      ...base,
      outcome: 'failed',
      reason: 'gen-ai succeeded but printed no outputs (expected the job as JSON with "outputs")',
      outputs: [],
    };
  const outputs: OutputProof[] = [];
  for (let i = 0; i < job.outputs.length; i++)
    outputs.push(await proveOutput(ctx, job, i, outcome.files[i], outcome.files.length));
  const seedNote = ignoredSeed(outcome, job.seed);
  if (seedNote) return { ...base, outcome: 'not-reproducible', reason: seedNote, outputs };
  const result = worstOutcome(outputs.map((o) => o.outcome));
  const reason = outputs.find((o) => o.outcome === result)?.reason;
  return { ...base, outcome: result, ...(reason ? { reason } : {}), outputs };
}
