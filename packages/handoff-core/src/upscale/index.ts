export { runUpscale, DEFAULT_UPSCALER, UPSCALED_DIR, type UpscaleOptions, type UpscaleResult } from './upscale';
