/**
 * When a regenerated picture counts as "equivalent" to the shipped one. Both figures must hold:
 *
 * - SSIM (structural similarity, ssim.js defaults: 11x11 windows on luma, mean over the picture)
 *   at least 0.95. Re-encoding, a provider's resampling or slight sensor-like noise keeps a
 *   picture above ~0.97; a changed composition, palette or subject falls far below 0.9.
 * - Perceptual-hash distance (blockhash, 256 bits) at most 10 bits (~4%). Noise and compression do
 *   not move the block means; a mirrored layout or a new subject flips a quarter of the bits or more.
 *
 * Identical means the same decoded pixels (RGBA); the files' bytes may differ (metadata, encoder).
 */
export const EQUIVALENCE_THRESHOLDS = {
  minSsim: 0.95,
  maxHashDistance: 10,
  /** Bits of the perceptual hash (blockhash with 16x16 blocks). */
  hashBits: 256,
  /** pixelmatch's per-pixel colour threshold for the heat map and the changed-pixel count. */
  pixelThreshold: 0.1,
} as const;

export type Thresholds = typeof EQUIVALENCE_THRESHOLDS;
