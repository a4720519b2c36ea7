export interface UpscaleExecutorSchema {
  /** Globs, comma-separated or a list. */
  assets?: string | string[];
  scale?: 2 | 4;
  upscaler?: string;
  yes?: boolean;
  clientRoot?: string;
}
