import picomatch from 'picomatch';
import { HandoffError } from '../errors';
import type { StrippedSet } from '../types';
import { UPSCALED_DIR } from './upscale-record';

const IMAGE = /\.(png|jpe?g|webp)$/i;

export interface UpscaleCandidate {
  /** Client-relative path of the source. */
  rel: string;
  abs: string;
  bundlePath: string;
  jobId: string;
  /** Index of the output within its job. */
  index: number;
  outputs: number;
}

/**
 * The approved generated images to upscale: every one (default) or those matching `globs`
 * (against the client-relative path or the bundle path). Licensed stock has no job and is never
 * taken; copies already upscaled are not upscaled again.
 */
export function selectUpscaleAssets(
  set: StrippedSet,
  globs: string[] | undefined,
  configFile: string,
): UpscaleCandidate[] {
  const assets = new Map(set.assets.map((a) => [a.rel, a]));
  const all: UpscaleCandidate[] = [];
  for (const j of set.jobs) {
    j.outputs.forEach((rel, index) => {
      const asset = assets.get(rel);
      if (!asset || !IMAGE.test(rel) || rel.split('/').includes(UPSCALED_DIR)) return;
      all.push({
        rel,
        abs: asset.abs,
        bundlePath: asset.bundlePath,
        jobId: j.job.id,
        index,
        outputs: j.outputs.length,
      });
    });
  }
  if (!globs?.length) return all;
  const match = picomatch(globs, { dot: true });
  const picked = all.filter((c) => match(c.rel) || match(c.bundlePath));
  if (picked.length === 0) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      file: configFile,
      field: '--assets',
      message: `no approved generated image matches ${globs.map((g) => `"${g}"`).join(', ')}`,
      hint: `match a client-relative or bundle path, e.g. ${
        all
          .slice(0, 2)
          .map((c) => `"${c.rel}"`)
          .join(' or ') || '"deliverables/**/*.png"'
      }`,
    });
  }
  return picked;
}
