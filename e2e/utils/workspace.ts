import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** This repository: its node_modules (with the npm-workspace links to our packages) backs the e2e workspace. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RunResult {
  status: number;
  output: string;
}

/** pnpm from this repository's devDependencies (its own JavaScript; no global install needed). */
export function pnpmBin(): string {
  return path.join(REPO_ROOT, 'node_modules', '.bin', 'pnpm');
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
  // `nx add` runs the package manager by name: make this repository's pnpm findable.
  env.PATH = `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${env.PATH ?? ''}`;
  // The child is a plain CLI run, not part of this Jest worker.
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_ENV') delete env[key];
  return env;
}

/** The built packages (npm run build) and where each is linked from a node_modules folder. */
const COMPILED = [
  ['nx-handoff', 'nx-handoff'],
  ['@nx-handoff/core', 'handoff-core'],
  ['@nx-handoff/templates', 'templates'],
] as const;

/**
 * A node_modules folder at `dest` backed by this repository's, with our three packages replaced by
 * their builds in dist/packages. The builds import each other by name; Node resolves that from
 * their real paths, so dist/packages/node_modules links them to each other (not to the sources).
 */
export function linkCompiledPackages(dest: string): void {
  const dist = path.join(REPO_ROOT, 'dist', 'packages');
  for (const [, folder] of COMPILED) {
    if (!existsSync(path.join(dist, folder, 'package.json')))
      throw new Error(`${path.join(dist, folder)} is not built: run \`npm run build\` first`);
  }
  const src = path.join(REPO_ROOT, 'node_modules');
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(src)) {
    // Our packages come from dist; tool caches (node_modules/.cache: Nx's, nx-handoff's asset hashes) are the workspace's own.
    if (name === 'nx-handoff' || name === '@nx-handoff' || name === '.cache') continue;
    symlinkSync(path.join(src, name), path.join(dest, name));
  }
  for (const [name, folder] of COMPILED) {
    mkdirSync(path.dirname(path.join(dest, name)), { recursive: true });
    symlinkSync(path.join(dist, folder), path.join(dest, name), 'dir');
    const sibling = path.join(dist, 'node_modules', name);
    if (!existsSync(sibling)) {
      mkdirSync(path.dirname(sibling), { recursive: true });
      symlinkSync(path.join(dist, folder), sibling, 'dir');
    }
  }
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** How the workspace gets its node_modules. */
export type WorkspaceInstall =
  | { kind: 'link' }
  | { kind: 'compiled' }
  | { kind: 'registry'; packageManager: 'npm' | 'pnpm'; env: (base: NodeJS.ProcessEnv) => NodeJS.ProcessEnv };

/**
 * A fresh Nx workspace in the OS temp folder (outside this repository).
 *
 * - `link` (default): its node_modules is a symlink to this repository's, so `nx-handoff`,
 *   `@nx-handoff/core` and `@nx-handoff/templates` resolve to this repository's sources exactly as
 *   an npm-linked install would (fast; the development path).
 * - `compiled`: its own node_modules folder linking every package of this repository's, except
 *   that `nx-handoff` and `@nx-handoff/*` are the built packages in dist/packages (`npm run
 *   build` first): JavaScript only, as users install it, without a registry round trip (the bench).
 * - `registry`: its own node_modules, installed with npm or pnpm from a registry (the install
 *   test's local Verdaccio): only nx at first; the plugin comes with `nx add`.
 */
export class E2eWorkspace {
  readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly install: WorkspaceInstall = { kind: 'link' }) {
    this.root = realpathSync(mkdtempSync(path.join(tmpdir(), 'nx-handoff-e2e-')));
    this.env = install.kind === 'registry' ? install.env(childEnv()) : childEnv();
    this.writeJson('nx.json', {
      analytics: false,
      neverConnectToCloud: true,
      cacheDirectory: '.nx/cache',
      defaultBase: 'main',
    });
    this.write('.gitignore', 'node_modules\n.nx\n');
    if (install.kind === 'compiled') {
      linkCompiledPackages(path.join(this.root, 'node_modules'));
      this.writeJson('package.json', {
        name: 'agency-work',
        private: true,
        devDependencies: { nx: '24.0.6', '@nx/devkit': '24.0.0', 'nx-handoff': '0.1.0' },
      });
    } else if (install.kind === 'link') {
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(this.root, 'node_modules'), 'dir');
      this.writeJson('package.json', {
        name: 'agency-work',
        private: true,
        devDependencies: { nx: '24.0.6', '@nx/devkit': '24.0.0', 'nx-handoff': '0.1.0' },
      });
      // Nx transpiles the TypeScript plugin with the workspace's root tsconfig.
      this.writeJson('tsconfig.base.json', {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          esModuleInterop: true,
          skipLibCheck: true,
          strict: true,
        },
      });
    } else {
      // No tsconfig, no TypeScript, no swc: what an agency's plain workspace may look like.
      this.writeJson('package.json', { name: 'agency-work', private: true, devDependencies: { nx: '24.0.6' } });
      this.packageManager('install');
    }
    this.git('init', '-q', '-b', 'main');
    this.commit('empty workspace');
  }

  /** `npm <args>` or `pnpm <args>` in the workspace (registry mode); throws with the output on failure. */
  packageManager(...args: string[]): string {
    if (this.install.kind !== 'registry') throw new Error('packageManager() is for registry workspaces');
    const pm = this.install.packageManager;
    const r = spawnSync(pm === 'npm' ? 'npm' : pnpmBin(), args, {
      cwd: this.root,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`${pm} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
    return `${r.stdout}${r.stderr}`;
  }

  path(...rel: string[]): string {
    return path.join(this.root, ...rel);
  }

  write(rel: string, text: string | Buffer): void {
    mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), text);
  }

  writeJson(rel: string, value: unknown): void {
    this.write(rel, `${JSON.stringify(value, null, 2)}\n`);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  readJson<T = any>(rel: string): T {
    return JSON.parse(this.read(rel)) as T;
  }

  copyFromRepo(fromRel: string, toRel: string): void {
    cpSync(path.join(REPO_ROOT, fromRel), this.path(toRel), { recursive: true });
  }

  /** `nx <args>` in the workspace; never throws, returns exit status and combined output. */
  nx(...args: string[]): RunResult {
    return this.nxWithEnv({}, ...args);
  }

  /** nx() with `extra` added to the environment (e.g. a PATH with a fake gen-ai first). */
  nxWithEnv(extra: NodeJS.ProcessEnv, ...args: string[]): RunResult {
    const nxDir = this.path('node_modules', 'nx');
    const bin = path.join(
      nxDir,
      (JSON.parse(readFileSync(path.join(nxDir, 'package.json'), 'utf8')) as { bin: { nx: string } }).bin.nx,
    );
    const env = { ...this.env, ...extra };
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: this.root,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.replace(ANSI, '') };
  }

  /** Like nx() but fails the test with the output when the command fails. */
  nxOk(...args: string[]): string {
    const r = this.nx(...args);
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.output}`);
    return r.output;
  }

  git(...args: string[]): string {
    const r = spawnSync('git', args, { cwd: this.root, env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  }

  /**
   * Commit everything, after `nx sync` once nx-handoff is registered: the asset locks and the
   * .nxignore media block are brought up to date first, as `nx run` on a terminal (with
   * `sync.applyChanges`) or a developer's `nx sync` does before a commit. The child runs with
   * CI=true, where Nx skips sync generators, so without this a lock would be stale.
   */
  commit(message: string): void {
    if (this.pluginRegistered()) this.nxOk('sync');
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }

  private pluginRegistered(): boolean {
    try {
      const plugins = (this.readJson<{ plugins?: Array<string | { plugin: string }> }>('nx.json').plugins ?? []).map(
        (p) => (typeof p === 'string' ? p : p.plugin),
      );
      return plugins.some((p) => p === 'nx-handoff' || p === 'nx-handoff/plugin');
    } catch {
      return false;
    }
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Nx 24 marks a cache hit `[local cache]`, `[remote cache]`, or `[existing outputs match the cache, left as is]`. */
const CACHE_HIT = /\[(local cache|remote cache|existing outputs match the cache[^\]]*)\]/;

/** Tasks printed by `nx run ... --output-style=static`: task id -> served from the cache. */
export function tasksRun(output: string): Record<string, boolean> {
  const tasks: Record<string, boolean> = {};
  for (const m of output.matchAll(/^> nx run (\S+)(.*)$/gm)) tasks[m[1]] = CACHE_HIT.test(m[2]);
  return tasks;
}
