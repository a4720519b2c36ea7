/**
 * Which files of a client folder are "media": the large binaries that the workspace's `.nxignore`
 * keeps out of Nx's whole-file hashing and that the client's asset lock stands in for. One list
 * for both sides, so the ignore patterns and the lock always cover the same files.
 */

/** Lower-case extensions (without the dot) of images, video, audio and design files. */
export const MEDIA_EXTENSIONS = [
  // images (svg is text and small: Nx keeps hashing it)
  'png',
  'jpg',
  'jpeg',
  'webp',
  'gif',
  'avif',
  'heic',
  'heif',
  'tif',
  'tiff',
  'bmp',
  'exr',
  'hdr',
  // camera raw
  'dng',
  'cr2',
  'cr3',
  'nef',
  'arw',
  'raf',
  'orf',
  // video
  'mp4',
  'm4v',
  'mov',
  'webm',
  'mkv',
  'avi',
  'mxf',
  'mpg',
  'mpeg',
  'wmv',
  // audio
  'wav',
  'mp3',
  'aac',
  'm4a',
  'flac',
  'ogg',
  'opus',
  'aif',
  'aiff',
  // design and 3D files
  'psd',
  'psb',
  'ai',
  'indd',
  'sketch',
  'fig',
  'xd',
  'aep',
  'prproj',
  'blend',
  'c4d',
  'fbx',
  'glb',
  'usdz',
] as const;

const MEDIA = new Set<string>(MEDIA_EXTENSIONS);

/** True when the file name has a media extension, in any letter case (`HERO.PNG` too). */
export function isMediaFile(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return false;
  return MEDIA.has(name.slice(dot + 1).toLowerCase());
}

/**
 * `mp4` -> `[mM][pP]4`. Nx's native walker matches ignore patterns case-sensitively and its
 * JavaScript side (the `ignore` package: `nx affected`, `nx format`) case-insensitively; a
 * character class per letter means the same on both. Brace alternation (`*.{png,jpg}`) is read by
 * the native walker only, so every extension gets its own line.
 */
export function caseInsensitiveGlob(ext: string): string {
  return [...ext]
    .map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`))
    .join('');
}

/** A folder path as a literal in gitignore syntax: glob and comment characters escaped. */
export function escapeIgnorePath(dir: string): string {
  return dir.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

/**
 * The ignore lines (gitignore syntax, `.nxignore`) that hide a client's media from Nx: one per
 * extension, anchored at the workspace-relative POSIX client folder.
 */
export function mediaIgnorePatterns(clientDir: string): string[] {
  const dir = clientDir.replace(/^\/+|\/+$/g, '');
  const prefix = dir === '' || dir === '.' ? '' : `/${escapeIgnorePath(dir)}/`;
  return MEDIA_EXTENSIONS.map((ext) => `${prefix}**/*.${caseInsensitiveGlob(ext)}`);
}
