import * as path from 'node:path';
import type { Tree } from '@nx/devkit';

/**
 * What an existing client folder holds, for `handoff-client --adopt`: where the results.json files
 * are, which folders hold the deliverables and where the brand docs live. Each finding and each
 * thing it could not tell becomes a comment in the handoff.json it writes.
 */
export interface DetectedEngagement {
  deliverables: string[];
  brandSystem: string;
  brandRules: string;
  /** Lines for the handoff.json comments: what was found. */
  found: string[];
  /** Lines for the handoff.json comments: what could not be told. */
  unsure: string[];
}

const SKIP = new Set(['node_modules', '.git', '.nx', 'dist']);
const NEVER = /(^|\/)(drafts?|rejected|wip)(\/|$)/i;
const MEDIA = /\.(png|jpe?g|webp|gif|tiff?|svg|mp4|mov|webm|m4v|pdf|psd|ai|wav|mp3)$/i;
const BRAND_DIRS = ['brand', 'docs'];

/** Every file under `dir` (tree paths relative to it), skipping tool folders. */
function listFiles(tree: Tree, dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of tree.children(path.posix.join(dir, rel))) {
    if (SKIP.has(name)) continue;
    const child = rel ? `${rel}/${name}` : name;
    if (tree.isFile(path.posix.join(dir, child))) out.push(child);
    else out.push(...listFiles(tree, dir, child));
  }
  return out;
}

function folders(files: string[]): string[] {
  return [...new Set(files.map((f) => path.posix.dirname(f)))].sort();
}

function findBrandDoc(files: string[], ext: RegExp, preferred: string): string | undefined {
  for (const dir of BRAND_DIRS) if (files.includes(`${dir}/${preferred}`)) return `${dir}/${preferred}`;
  return files.find(
    (f) =>
      BRAND_DIRS.includes(f.split('/')[0]) && f.split('/').length === 2 && ext.test(f) && /brand|style|guide/i.test(f),
  );
}

function detectDeliverables(files: string[], found: string[], unsure: string[]): string[] {
  const media = files.filter((f) => MEDIA.test(f) && !NEVER.test(f) && !BRAND_DIRS.includes(f.split('/')[0]));
  const tops = [...new Set(media.map((f) => (f.includes('/') ? f.split('/')[0] : '.')))].sort();
  if (tops.includes('deliverables')) {
    found.push(
      `deliverables: "deliverables" (${media.filter((f) => f.startsWith('deliverables/')).length} media files)`,
    );
    const others = tops.filter((t) => t !== 'deliverables');
    if (others.length)
      unsure.push(
        `media files also in ${others.map((t) => `"${t}"`).join(', ')}: add a folder to "deliverables" if its files ship`,
      );
    return ['deliverables'];
  }
  if (tops.length === 0) {
    unsure.push('no media files found: "deliverables" is the default; put the approved files there or change the list');
    return ['deliverables'];
  }
  if (tops.includes('.'))
    unsure.push('media files at the top of the client folder are not deliverables: move them into a folder');
  const list = tops.filter((t) => t !== '.');
  found.push(`deliverables: ${list.map((t) => `"${t}"`).join(', ')} (folders holding media files)`);
  return list.length ? list : ['deliverables'];
}

export function detectEngagement(tree: Tree, directory: string): DetectedEngagement {
  const files = listFiles(tree, directory);
  const found: string[] = [];
  const unsure: string[] = [];
  const results = files.filter((f) => path.posix.basename(f) === 'results.json');
  if (results.length) {
    const where = folders(results);
    found.push(
      `${results.length} results.json file(s) in ${where.slice(0, 6).join(', ')}${where.length > 6 ? ` and ${where.length - 6} more folders` : ''}`,
    );
  } else
    unsure.push(
      'no results.json found: the jobs (prompts, models, seeds) of the engagement are needed for the prompt library and pins',
    );
  const deliverables = detectDeliverables(files, found, unsure);
  const system = findBrandDoc(files, /\.json$/i, 'brand-system.json');
  const rules = findBrandDoc(files, /\.md$/i, 'brand.md');
  if (system) found.push(`brand system: ${system}`);
  else unsure.push('no brand system JSON in brand/ or docs/: a stub is written at brand/brand-system.json, fill it in');
  if (rules) found.push(`brand rules: ${rules}`);
  else unsure.push('no brand rules Markdown in brand/ or docs/: a stub is written at brand/brand.md, fill it in');
  return {
    deliverables,
    brandSystem: system ?? 'brand/brand-system.json',
    brandRules: rules ?? 'brand/brand.md',
    found,
    unsure,
  };
}
