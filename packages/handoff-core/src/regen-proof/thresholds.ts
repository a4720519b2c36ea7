/**
 * When a regenerated picture counts as "equivalent" to the shipped one. All three must hold:
 *
 * - SSIM (structural similarity, ssim.js defaults: 11x11 windows on luma, mean over the picture)
 *   at least 0.95. Slight noise (+-4 per channel) keeps the example pictures at 0.96-0.98; a
 *   mirrored layout with rotated colours falls to 0.34-0.89 on all but a symmetric pack shot (0.97).
 * - Perceptual-hash distance (blockhash, 16x16 blocks = 256 bits) at most 24 bits (~9%). On flat
 *   artwork many blocks sit near the median, so mild noise flips up to 20 bits (measured on the
 *   example set); a changed layout flips 30-250.
 * - Pixels pixelmatch counts as changed (YIQ colour distance above 0.1) at most 2% of the picture.
 *   SSIM and the hash both look at brightness: only this catches a colour change with the same
 *   layout (the mirrored, colour-rotated symmetric pack shot: 7% changed, SSIM 0.97, hash 0).
 *
 * Pictures with transparency are compared as seen, flattened onto white. Identical means the same
 * decoded RGBA pixels; the files' bytes may differ (metadata, encoder).
 */
export const EQUIVALENCE_THRESHOLDS = {
  minSsim: 0.95,
  maxHashDistance: 24,
  /** Bits of the perceptual hash (blockhash with 16x16 blocks). */
  hashBits: 256,
  maxChangedRatio: 0.02,
  /** pixelmatch's per-pixel colour threshold (0..1) for the heat map and the changed-pixel count. */
  pixelThreshold: 0.1,
} as const;

export type Thresholds = typeof EQUIVALENCE_THRESHOLDS;
