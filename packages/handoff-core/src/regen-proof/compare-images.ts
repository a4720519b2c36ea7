import type { RgbaImage } from './decode-image';
import { EQUIVALENCE_THRESHOLDS } from './thresholds';

export type ComparisonVerdict = 'identical' | 'equivalent' | 'drifted';

export interface ImageComparison {
  verdict: ComparisonVerdict;
  /** Mean structural similarity, 0..1 (1: same structure); absent when the sizes differ. */
  ssim?: number;
  /** Differing bits of the two 256-bit perceptual hashes. */
  hashDistance?: number;
  /** Pixels pixelmatch counts as changed, and their share of the picture. */
  changedPixels?: number;
  changedRatio?: number;
  /** Set when the sizes differ: nothing else is measured. */
  sizeMismatch?: { original: [number, number]; regenerated: [number, number] };
  /** pixelmatch's difference heat map (same size as the pictures), when they have one size. */
  heatMap?: RgbaImage;
}

function samePixels(a: RgbaImage, b: RgbaImage): boolean {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return false;
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.length).equals(
    Buffer.from(b.data.buffer, b.data.byteOffset, b.data.length),
  );
}

function hammingHex(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    let x = parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}

/** The picture as seen: RGB composited over white, opaque. */
export function flattenOnWhite(img: RgbaImage): RgbaImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = img.data[i + 3] / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(img.data[i + c] * a + 255 * (1 - a));
    data[i + 3] = 255;
  }
  return { ...img, data };
}

/** Perceptual-hash distance (blockhash-core, bmvbhash with 16x16 blocks). */
export async function hashDistance(a: RgbaImage, b: RgbaImage): Promise<number> {
  const { bmvbhash } = await import('blockhash-core');
  const side = Math.sqrt(EQUIVALENCE_THRESHOLDS.hashBits);
  return hammingHex(bmvbhash(a, side), bmvbhash(b, side));
}

async function measure(
  rawA: RgbaImage,
  rawB: RgbaImage,
): Promise<Required<Pick<ImageComparison, 'ssim' | 'hashDistance' | 'changedPixels' | 'changedRatio' | 'heatMap'>>> {
  const { ssim } = await import('ssim.js');
  const pixelmatch = (await import('pixelmatch')).default;
  const [a, b] = [flattenOnWhite(rawA), flattenOnWhite(rawB)];
  const { mssim } = ssim(
    { data: new Uint8ClampedArray(a.data), width: a.width, height: a.height },
    { data: new Uint8ClampedArray(b.data), width: b.width, height: b.height },
  );
  const heat = new Uint8Array(a.width * a.height * 4);
  const changed = pixelmatch(a.data, b.data, heat, a.width, a.height, {
    threshold: EQUIVALENCE_THRESHOLDS.pixelThreshold,
    alpha: 0.2,
  });
  return {
    ssim: Math.round(mssim * 10000) / 10000,
    hashDistance: await hashDistance(a, b),
    changedPixels: changed,
    changedRatio: Math.round((changed / (a.width * a.height)) * 10000) / 10000,
    heatMap: { width: a.width, height: a.height, data: heat },
  };
}

/**
 * identical (same decoded pixels), equivalent (SSIM, hash distance and changed pixels within
 * EQUIVALENCE_THRESHOLDS) or drifted (outside them, or another size), with the figures.
 */
export async function compareImages(original: RgbaImage, regenerated: RgbaImage): Promise<ImageComparison> {
  if (original.width !== regenerated.width || original.height !== regenerated.height) {
    return {
      verdict: 'drifted',
      sizeMismatch: {
        original: [original.width, original.height],
        regenerated: [regenerated.width, regenerated.height],
      },
    };
  }
  const figures = await measure(original, regenerated);
  if (samePixels(original, regenerated)) return { verdict: 'identical', ...figures };
  const t = EQUIVALENCE_THRESHOLDS;
  const within =
    figures.ssim >= t.minSsim && figures.hashDistance <= t.maxHashDistance && figures.changedRatio <= t.maxChangedRatio;
  return { verdict: within ? 'equivalent' : 'drifted', ...figures };
}
