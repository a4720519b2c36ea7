/**
 * The `nx-release-publish` target of each published package (`nx release publish` runs it, in
 * dependency order): publish `dist/packages/<folder>`, which `npm run build` wrote, with npm.
 * Nx passes `--registry`, `--tag`, `--otp` and `--dryRun`; a version already on the registry is
 * skipped, so a publish that failed half-way can be run again. The packages are built first
 * when dist/packages is missing, of another version, or older than any file of packages/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildPackages } from '../build/build-packages';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function parseArgs(argv: string[]): { folder: string; flags: Record<string, string> } {
  const [folder, ...rest] = argv;
  if (!folder) throw new Error('usage: publish.ts <package folder> [--registry=URL] [--tag=T] [--otp=N] [--dryRun]');
  const flags: Record<string, string> = {};
  for (const arg of rest) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m?.[1]) flags[m[1]] = m[2] ?? 'true';
  }
  return { folder, flags };
}

function npm(args: string[], capture: boolean): { status: number; stdout: string } {
  const r = spawnSync('npm', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
  return { status: r.status ?? 1, stdout: r.stdout ?? '' };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildCurrent(folder: string, version: string): boolean {
  const manifest = path.join(REPO_ROOT, 'dist', 'packages', folder, 'package.json');
  if (!existsSync(manifest)) return false;
  if (JSON.parse(readFileSync(manifest, 'utf8')).version !== version) return false;
  return statSync(manifest).mtimeMs >= newestMtime(path.join(REPO_ROOT, 'packages'));
}

export function publishPackage(argv: string[]): void {
  const { folder, flags } = parseArgs(argv);
  const dist = path.join(REPO_ROOT, 'dist', 'packages', folder);
  const source = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8'));
  if (!isBuildCurrent(folder, source.version)) {
    for (const line of buildPackages()) console.log(`built ${line}`);
  }
  const built = JSON.parse(readFileSync(path.join(dist, 'package.json'), 'utf8'));
  const registry = flags.registry ? [`--registry=${flags.registry}`] : [];
  const id = `${built.name}@${built.version}`;
  const seen = npm(['view', id, 'version', ...registry], true);
  if (seen.status === 0 && seen.stdout.trim() === built.version) {
    console.log(`${id} is already on the registry: skipped`);
    return;
  }
  const args = ['publish', dist, '--access=public', ...registry];
  if (flags.tag) args.push(`--tag=${flags.tag}`);
  if (flags.otp) args.push(`--otp=${flags.otp}`);
  if (flags.dryRun === 'true') args.push('--dry-run');
  if (npm(args, false).status !== 0) throw new Error(`npm publish ${id} failed (see above)`);
}

if (require.main === module) {
  try {
    publishPackage(process.argv.slice(2));
  } catch (err) {
    console.error(`publish failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
