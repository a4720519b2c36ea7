/**
 * White-labelling you can trust: lossless image metadata stripping, the credential and leak
 * scanners behind the cold test's white-label gate, and explicit prompt overrides.
 */
export { createMetadataStripper, createFileMetadataStripper, stripImageBytes, imageFormatOf } from './image-metadata/create-stripper';
export { planWebpStrip } from './image-metadata/webp-chunks';
export { readImageMetadataText, type ImageMetadataText } from './image-metadata/metadata-text';
export type { MetadataStripper } from './image-metadata/base-stripper';
export {
  METADATA_CATEGORIES, PROVENANCE_CATEGORIES, DEFAULT_KEPT_CATEGORIES, KEEPABLE_CATEGORIES, type MetadataCategory, type KeepableCategory, type ImageFormat, type ImageStripReport, type StripperOptions, type WebpPlan,
} from './image-metadata/categories';
export { findCredentials, type CredentialHit } from './secrets';
export { scanForLeaks, formatLeakHit, type LeakHit, type LeakCategory, type LeakFile, type LeakRules, type LeakScanOptions } from './leak-scan';
export { checkWhiteLabel, type ExtractedBundle, type WhiteLabelCheckOptions } from './check-white-label';
export {
  applyPromptOverrides, applyPromptOverridesToSet, promptOverrideSchema, promptOverridesSchema, promptSha256,
  type PromptOverride, type PromptOverrideRecord, type OverrideOptions,
} from './prompt-override';
