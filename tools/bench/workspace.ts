import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { E2eWorkspace, REPO_ROOT } from '../../e2e/utils/workspace';

export const REPO_ROOT_PATH = REPO_ROOT;

/** The bench workspaces run the built packages (see BenchWorkspace): build them from this checkout first. */
export function buildPackages(log: (msg: string) => void): void {
  log('npm run build (the bench workspaces use dist/packages)');
  const r = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(REPO_ROOT, 'tools', 'build', 'build-packages.ts')],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/** The fake gen-ai CLI of the tests: the dry run of both the recipe and the cold test. */
export const FAKE_GENAI = path.join(REPO_ROOT, 'packages/handoff-core/src/genai/__fixtures__/bin/gen-ai');

/** A video model for the MP4 jobs, pinned like the others (the fake gen-ai knows kling-v2). */
const KLING = {
  pin: 'kling-v2@2026-01-10',
  capabilities: {
    kind: 'video',
    aspectRatios: ['16:9', '9:16', '1:1'],
    maxPromptLength: 2500,
    seed: true,
    params: ['duration', 'fps'],
  },
};

/**
 * A bench workspace, built as the e2e suite builds one (git initialised; node_modules linked to
 * this repository's, with nx-handoff and @nx-handoff/* the builds in dist/packages): nx-handoff registered, the repository's model registry plus a
 * video model, and `bin/gen-ai` (the fake CLI) to put on PATH. The synthetic client goes in
 * `clients/<slug>/`; dist/ is git-ignored so Nx never hashes bundles as inputs.
 */
export class BenchWorkspace extends E2eWorkspace {
  readonly binDir: string;

  constructor() {
    // The built packages (dist/packages), as users install them: no TypeScript compiled per task.
    super({ kind: 'compiled' });
    this.writeJson('nx.json', {
      analytics: false,
      neverConnectToCloud: true,
      cacheDirectory: '.nx/cache',
      defaultBase: 'main',
      plugins: ['nx-handoff'],
    });
    this.write('.gitignore', 'node_modules\n.nx\n/dist\n/bench-out\n');
    const registry = JSON.parse(readFileSync(path.join(REPO_ROOT, 'model-registry.json'), 'utf8')) as {
      models: Record<string, unknown>;
    };
    registry.models['kling-v2'] = KLING;
    this.writeJson('model-registry.json', registry);
    this.binDir = this.path('bin');
    mkdirSync(this.binDir, { recursive: true });
    symlinkSync(FAKE_GENAI, path.join(this.binDir, 'gen-ai'));
    // The warm target's baseline: a cached no-op task of another project in the same workspace
    // (same graph, same plugin), so the ratio shows what a warm handoff adds to any cached Nx run.
    this.writeJson('noop/project.json', {
      name: 'noop',
      targets: {
        noop: {
          executor: 'nx:run-commands',
          options: { command: 'true' },
          cache: true,
          inputs: ['{projectRoot}/**/*'],
          outputs: [],
        },
      },
    });
  }

  clientRoot(slug: string): string {
    return this.path('clients', slug);
  }

  /** The command line of the workspace's Nx CLI (node + its bin script). */
  nxCommand(...args: string[]): string[] {
    const nxDir = this.path('node_modules', 'nx');
    const bin = (JSON.parse(readFileSync(path.join(nxDir, 'package.json'), 'utf8')) as { bin: { nx: string } }).bin.nx;
    return [process.execPath, path.join(nxDir, bin), ...args];
  }
}
