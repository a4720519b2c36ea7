import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { PROOF_OUTCOMES, type JobProof, type RegenProofReport } from './types';

/** The proof's files sit beside the zip: `<zip>.regen-proof.json`, `.md` and a pictures folder. */
export function regenProofPaths(zip: string): { json: string; markdown: string; picturesDir: string } {
  return { json: `${zip}.regen-proof.json`, markdown: `${zip}.regen-proof.md`, picturesDir: `${zip}.regen-proof` };
}

const MEANING: Record<string, string> = {
  identical: 'same decoded pixels as the shipped asset',
  equivalent: 'within the thresholds below: the same picture, rendered slightly differently',
  drifted: 'outside the thresholds: the pinned model no longer reproduces the work',
  'not-reproducible': 'the model takes no seed, ignored it, or the pinned version is retired',
  'not-compared': 'the output cannot be decoded here (WebP, video)',
  failed: 'gen-ai did not produce a result (installation, login, network)',
};

function figure(value: number | undefined): string {
  return value === undefined ? '–' : String(value);
}

function jobRows(job: JobProof): string[] {
  if (job.outputs.length === 0)
    return [
      `| ${job.id} | ${job.model} | ${job.seed ?? '–'} | – | **${job.outcome}** | – | – | – | ${job.reason ?? ''} |`,
    ];
  return job.outputs.map((o) => {
    const pic = o.picture ? `[picture](${encodeURI(o.picture)})` : '–';
    const why = o.reason ?? (job.outcome !== o.outcome ? (job.reason ?? '') : '');
    return `| ${job.id} | ${job.model} | ${job.seed ?? '–'} | ${o.asset} | **${job.outcome === 'not-reproducible' ? job.outcome : o.outcome}** | ${figure(o.ssim)} | ${figure(o.hashDistance)} | ${pic} | ${why} |`;
  });
}

/** The report as Markdown for people: verdict, table per output, thresholds, what it means. */
export function formatRegenProofMarkdown(report: RegenProofReport): string {
  const counts = PROOF_OUTCOMES.filter((o) => report.counts[o] > 0)
    .map((o) => `${report.counts[o]} ${o}`)
    .join(', ');
  const t = report.thresholds;
  return [
    `# Regeneration proof: ${path.basename(report.zip)}`,
    '',
    `**${report.ok ? 'PASS' : 'FAIL'}**: ${counts || 'no jobs'}; ${report.generations} generation(s) made${report.allowDrift ? ' (drift allowed)' : ''}.`,
    '',
    `Zip sha256 \`${report.zipSha256}\`, checked ${report.checkedAt}.`,
    '',
    '| job | pinned model | seed | asset | outcome | SSIM | hash distance | side by side | details |',
    '|---|---|---|---|---|---|---|---|---|',
    ...report.jobs.flatMap(jobRows),
    '',
    `Equivalent means SSIM >= ${t.minSsim}, perceptual-hash distance <= ${t.maxHashDistance} of ${t.hashBits} bits and at most ${t.maxChangedRatio * 100}% of the pixels changed. Each picture shows original | regenerated | difference heat map.`,
    '',
    ...PROOF_OUTCOMES.map((o) => `- **${o}**: ${MEANING[o]}`),
    '',
    'Hosted models change and versions are retired: the delivered originals stay the master copy.',
    '',
  ].join('\n');
}

/** Write `<base>.regen-proof.json` and `.md` (temp file + rename each). */
export async function writeRegenProofReport(
  report: RegenProofReport,
  base: string,
): Promise<{ json: string; markdown: string }> {
  const { json, markdown } = regenProofPaths(base);
  await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(markdown, formatRegenProofMarkdown(report));
  return { json, markdown };
}
