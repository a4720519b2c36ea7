import { mediaIgnorePatterns } from '@nx-handoff/core/config';

/**
 * The plugin-managed block of the workspace `.nxignore`: client media (images, video, audio,
 * design files) stay out of Nx's native workspace walker, which reads and hashes every file it
 * does not ignore, whole, whatever the targets' inputs say. Each client's asset lock stands in for
 * them. Only the lines between the markers are ours; everything else in the file is the user's.
 */
export const NXIGNORE_FILE = '.nxignore';
export const BLOCK_BEGIN = '# nx-handoff:media begin';
export const BLOCK_END = '# nx-handoff:media end';
const BLOCK_NOTE = [
  '# Managed by nx-handoff (init, handoff-client, nx sync): edits between these markers are overwritten.',
  "# Client media stay out of Nx's file hashing; each client's handoff.assets.lock.json stands in for them.",
];

/** The block for these client folders (workspace-relative POSIX), or no lines when there are none. */
export function mediaIgnoreBlock(clientDirs: string[]): string[] {
  const dirs = [...new Set(clientDirs)].sort();
  if (dirs.length === 0) return [];
  return [BLOCK_BEGIN, ...BLOCK_NOTE, ...dirs.flatMap(mediaIgnorePatterns), BLOCK_END];
}

/**
 * `.nxignore` text with the block replaced (in place), appended, or removed when there are no
 * clients. Lines outside the markers are kept as they are.
 */
export function updateMediaIgnore(text: string, clientDirs: string[]): string {
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trim() === BLOCK_BEGIN);
  const endRel = begin < 0 ? -1 : lines.slice(begin).findIndex((l) => l.trim() === BLOCK_END);
  const block = mediaIgnoreBlock(clientDirs);
  let out: string[];
  if (begin >= 0) {
    const end = endRel < 0 ? lines.length - 1 : begin + endRel;
    out = [...lines.slice(0, begin), ...block, ...lines.slice(end + 1)];
  } else if (block.length) {
    out = lines.length ? [...lines, '', ...block] : block;
  } else {
    out = lines;
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}
