/**
 * The bundle's layout and names, one definition for every stage that writes or reads a bundle:
 * the zip and top folder names, the fixed paths of the generated documents, and which entries are
 * stored rather than deflated.
 */

/** `<slug>-handoff-v<N>`: the one top folder of the zip. */
export function topFolderName(slug: string, version: number): string {
  return `${slug}-handoff-v${version}`;
}

/** `<slug>-handoff-v<N>-<date>.zip`. */
export function zipFileName(slug: string, version: number, date: string): string {
  return `${topFolderName(slug, version)}-${date}.zip`;
}

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

/**
 * Extensions stored without compression. These formats already carry their own compression
 * (entropy-coded images, audio/video codecs, zip/gzip/xz containers including OOXML documents,
 * Brotli/zlib web fonts, Flate streams in PDF): deflating them again saves ~0-2 % for real CPU time,
 * and STORE keeps the entry seekable. Everything else (JSON, Markdown, SVG, PSD, TIFF, raw audio)
 * is deflated.
 */
export const STORED_EXTENSIONS: ReadonlySet<string> = new Set([
  // images
  'png',
  'jpg',
  'jpeg',
  'webp',
  'gif',
  'avif',
  'heic',
  'heif',
  'jxl',
  // video
  'mp4',
  'mov',
  'm4v',
  'webm',
  'mkv',
  // audio
  'mp3',
  'm4a',
  'aac',
  'ogg',
  'oga',
  'opus',
  'flac',
  // archives and zip-based documents
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  '7z',
  'rar',
  'docx',
  'xlsx',
  'pptx',
  'svgz',
  // fonts and documents
  'woff',
  'woff2',
  'pdf',
]);
