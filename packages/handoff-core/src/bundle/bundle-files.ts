/** Fixed bundle paths of the generated documents (relative to the bundle's top folder). */
export const BUNDLE_FILES = {
  readme: 'README.md',
  manifest: 'docs/handoff-manifest.json',
  promptLibrary: 'prompts/prompt-library.json',
  modelPins: 'docs/model-pins.json',
  brandSystem: 'docs/brand-system.json',
  brandRules: 'docs/brand.md',
  rights: 'docs/RIGHTS.md',
  changelog: 'docs/CHANGELOG.md',
  metadata: 'docs/metadata.csv',
  contactSheet: 'index.html',
  checksums: 'checksums.sha256',
  source: 'source',
} as const;
