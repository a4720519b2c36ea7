/**
 * `npm run build`: compile the published packages into dist/packages/<folder>/ (JavaScript +
 * .d.ts), copy their data files (templates, schemas, the catalog, generator files) and write the
 * publish manifests. `npm pack dist/packages/<folder>` or `nx release publish` takes it from there.
 *
 * One tsc program over the three packages (tsconfig.build.json): the packages import each other
 * by name, which stays a package import in the output.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isPublishedAsset, PUBLISHED_PACKAGES, publishManifest } from './publish-manifest';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DIST_PACKAGES = path.join(REPO_ROOT, 'dist', 'packages');

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...walk(dir, child));
    } else if (entry.isFile()) {
      out.push(child);
    }
  }
  return out;
}

function compile(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`tsc failed (exit ${result.status}): fix the errors above`);
}

function copyAssets(folder: string): number {
  const src = path.join(REPO_ROOT, 'packages', folder);
  const dest = path.join(DIST_PACKAGES, folder);
  const files = walk(src).filter(isPublishedAsset);
  for (const rel of files) {
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    copyFileSync(path.join(src, rel), path.join(dest, rel));
  }
  copyFileSync(path.join(REPO_ROOT, 'LICENSE'), path.join(dest, 'LICENSE'));
  return files.length;
}

function writeManifest(folder: string): string {
  const pkg = PUBLISHED_PACKAGES.find((p) => p.folder === folder);
  if (!pkg) throw new Error(`unknown package folder ${folder}`);
  const source = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8'));
  const dest = path.join(DIST_PACKAGES, folder);
  const topLevel = readdirSync(dest)
    .filter((n) => n !== 'package.json')
    .sort();
  const manifest: Record<string, unknown> = {
    ...publishManifest(source, pkg),
    files: [...topLevel, '!**/*.spec.*', '!**/fixtures/**', '!**/__fixtures__/**', '!**/testing/**'],
  };
  writeFileSync(path.join(dest, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return `${manifest.name as string}@${manifest.version as string}`;
}

export function buildPackages(): string[] {
  rmSync(DIST_PACKAGES, { recursive: true, force: true });
  compile();
  return PUBLISHED_PACKAGES.map(({ folder }) => {
    if (!existsSync(path.join(DIST_PACKAGES, folder))) throw new Error(`tsc wrote nothing for packages/${folder}`);
    const assets = copyAssets(folder);
    const id = writeManifest(folder);
    return `${id}: dist/packages/${folder} (${assets} data files)`;
  });
}

if (require.main === module) {
  try {
    for (const line of buildPackages()) console.log(line);
  } catch (err) {
    console.error(`build failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
