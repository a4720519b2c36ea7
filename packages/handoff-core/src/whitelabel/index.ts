/**
 * White-labelling you can trust: lossless image metadata stripping, the credential and leak
 * scanners behind the cold test's white-label gate, and explicit prompt overrides.
 */
export {
  createMetadataStripper,
  createFileMetadataStripper,
  stripImageBytes,
  imageFormatOf,
} from './image-metadata/create-stripper';
export { planWebpStrip } from './image-metadata/webp-chunks';
export { readImageMetadataText, type ImageMetadataText } from './image-metadata/metadata-text';
export type { MetadataStripper } from './image-metadata/base-stripper';
export {
  METADATA_CATEGORIES,
  PROVENANCE_CATEGORIES,
  DEFAULT_KEPT_CATEGORIES,
  KEEPABLE_CATEGORIES,
  type MetadataCategory,
  type KeepableCategory,
  type ImageFormat,
  type ImageStripReport,
  type StripperOptions,
  type WebpPlan,
} from '../config/image-categories';
export { findCredentials, type CredentialHit } from './secrets';
export {
  scanForLeaks,
  formatLeakHit,
  type LeakHit,
  type LeakCategory,
  type LeakFile,
  type LeakRules,
  type LeakScanOptions,
} from './leak-scan';
export { checkWhiteLabel, type ExtractedBundle, type WhiteLabelCheckOptions } from './check-white-label';
export {
  applyPromptOverrides,
  applyPromptOverridesToSet,
  promptSha256,
  type PromptOverrideRecord,
  type OverrideOptions,
} from './prompt-override';
export { promptOverrideSchema, promptOverridesSchema, type PromptOverride } from '../config/prompt-override-schema';
