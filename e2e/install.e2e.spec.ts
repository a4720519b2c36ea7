/**
 * The install path an agency takes: our packages built (`npm run build`), published with
 * `nx release publish` to a real local registry (Verdaccio on 127.0.0.1), then installed into a
 * fresh workspace outside this repository with its own node_modules — no symlink, no tsconfig, no
 * TypeScript — through `nx add nx-handoff`, with npm and once more with pnpm (whose strict
 * node_modules exposes any dependency a package uses without declaring it).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createGenAiClient, runPackage, runPin } from '@nx-handoff/core';
import { LocalRegistry } from './utils/local-registry';
import { E2eWorkspace, REPO_ROOT, tasksRun } from './utils/workspace';

jest.setTimeout(900_000);

const SLUG = 'example-client';
const CLIENT = `clients/${SLUG}`;
const V1 = `dist/handoff/${SLUG}/handoff-v1`;
const CHAIN = ['handoff-check', 'handoff-pin', 'handoff-package', 'handoff-cold-test', 'handoff'].map(
  (t) => `${SLUG}:${t}`,
);
/** The example engagement's workspace-level files: its model pins and the agency's denylist. */
const EXAMPLE_WORKSPACE_FILES = ['model-registry.json', 'handoff.workspace.json'];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function zipShaFile(dir: string): string {
  const name = readdirSync(dir).find((f) => f.endsWith('.zip.sha256'));
  if (!name) throw new Error(`no .zip.sha256 in ${dir}`);
  return path.join(dir, name);
}

/** The sha256 of the zip itself (hashed here, not read from the .sha256 beside it). */
function zipSha(ws: E2eWorkspace, dir: string): string {
  return sha256(zipShaFile(ws.path(dir)).replace(/\.sha256$/, ''));
}

/** The example zip built from this repository's sources, in-process, in a scratch workspace. */
async function exampleZipFromSource(): Promise<string> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'nx-handoff-source-build-')));
  try {
    cpSync(path.join(REPO_ROOT, 'apps', SLUG), path.join(root, CLIENT), { recursive: true });
    for (const f of EXAMPLE_WORKSPACE_FILES) cpSync(path.join(REPO_ROOT, f), path.join(root, f));
    spawnSync('git', ['init', '-q'], { cwd: root });
    // Offline, like the installed run: the embedded registry pins every model.
    const genAi = createGenAiClient({ bin: path.join(root, 'no-gen-ai-here') });
    await runPin({ workspaceRoot: root, clientRoot: CLIENT, genAi });
    const { result } = await runPackage({ workspaceRoot: root, clientRoot: CLIENT, genAi });
    expect(sha256(result.zipPath)).toBe(result.sha256);
    return result.sha256;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `nx add`, the generator, the example engagement and a first handoff run: what both package managers must do. */
function installAndRunExample(ws: E2eWorkspace): string {
  const add = ws.nxOk('add', 'nx-handoff');
  expect(add).toContain('nx g nx-handoff:handoff-client <client-slug>'); // init's next step
  const installed = ws.path('node_modules', 'nx-handoff');
  expect(existsSync(path.join(installed, 'src', 'index.js'))).toBe(true);
  expect(existsSync(path.join(installed, 'src', 'index.ts'))).toBe(false);
  expect(realpathSync(installed).startsWith(REPO_ROOT)).toBe(false);
  expect(ws.readJson('nx.json').plugins).toEqual(['nx-handoff']);
  expect(ws.readJson('package.json').devDependencies['nx-handoff']).toBeDefined();
  expect(ws.read('.gitignore')).toContain('/dist/handoff');
  expect(ws.readJson('model-registry.json').catalogDate).toBe('2026-11-01');
  expect(existsSync(ws.path('tsconfig.base.json')) || existsSync(ws.path('node_modules', 'typescript'))).toBe(false);

  ws.nxOk('g', 'nx-handoff:handoff-client', SLUG, '--no-interactive', '--supportContact=Jo Doe <jo@agency.example>');
  expect(ws.read(`${CLIENT}/handoff.json`)).toContain(
    '"$schema": "../../node_modules/nx-handoff/schemas/handoff.schema.json"',
  );
  // The example engagement, as an agency would copy its own in.
  rmSync(ws.path(CLIENT), { recursive: true, force: true });
  ws.copyFromRepo(`apps/${SLUG}`, CLIENT);
  for (const f of EXAMPLE_WORKSPACE_FILES) ws.copyFromRepo(f, f);
  ws.commit('example engagement');

  const first = tasksRun(ws.nxOk('run', `${SLUG}:handoff`, '--output-style=static'));
  expect(Object.keys(first).sort()).toEqual([...CHAIN].sort());
  expect(Object.values(first).some(Boolean)).toBe(false);
  const zip = zipShaFile(ws.path(V1)).replace(/\.sha256$/, '');
  expect(JSON.parse(readFileSync(`${zip}.cold-test.json`, 'utf8')).ok).toBe(true);
  return zipSha(ws, V1);
}

describe('install from a registry into a fresh workspace', () => {
  let registry: LocalRegistry | undefined;
  let fromSource: string;

  beforeAll(async () => {
    fromSource = await exampleZipFromSource();
    registry = await LocalRegistry.start();
    const env = registry.env({ ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' });
    for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
    const nxBin = path.join(REPO_ROOT, 'node_modules', 'nx', require('nx/package.json').bin.nx);
    // The release tooling a maintainer uses: builds dist/packages when stale, publishes in dependency order.
    const published = spawnSync(
      process.execPath,
      [nxBin, 'release', 'publish', `--registry=${registry.url}`, '--output-style=static'],
      {
        cwd: REPO_ROOT,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (published.status !== 0) throw new Error(`nx release publish failed:\n${published.stdout}${published.stderr}`);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('each published tarball holds compiled JavaScript, its data files, and no spec, fixture or TypeScript source', () => {
    for (const folder of ['nx-handoff', 'handoff-core', 'templates']) {
      const r = spawnSync('npm', ['pack', '--dry-run', '--json', path.join(REPO_ROOT, 'dist', 'packages', folder)], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
      expect(files).toContain('package.json');
      expect(files).toContain('LICENSE');
      expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThanOrEqual(3);
      const stray = files.filter((f) => /\.spec\.|(^|\/)(fixtures|__fixtures__|testing)\/|(?<!\.d)\.ts$/.test(f));
      expect(stray).toEqual([]);
      const manifest = JSON.parse(
        readFileSync(path.join(REPO_ROOT, 'dist', 'packages', folder, 'package.json'), 'utf8'),
      );
      expect(manifest.main).toMatch(/\.js$/);
      for (const target of Object.values<any>(manifest.exports)) {
        const file = typeof target === 'string' ? target : target.default;
        expect(files).toContain(file.replace(/^\.\//, ''));
      }
    }
  });

  describe('with npm', () => {
    let ws: E2eWorkspace;
    beforeAll(() => {
      ws = new E2eWorkspace({ kind: 'registry', packageManager: 'npm', env: (base) => registry!.env(base) });
    });
    afterAll(() => ws?.dispose());

    it('nx add installs compiled packages and init; the example bundle has the same sha256 as from source', () => {
      const installed = installAndRunExample(ws);
      expect(installed).toBe(fromSource);
      expect(lstatSync(ws.path('node_modules', '@nx-handoff', 'core')).isSymbolicLink()).toBe(false);
    });

    it('a second run is served from the cache and leaves the same zip', () => {
      const before = zipSha(ws, V1);
      const second = tasksRun(ws.nxOk('run', `${SLUG}:handoff`, '--output-style=static'));
      for (const task of ['handoff-check', 'handoff-pin', 'handoff-package', 'handoff-cold-test'])
        expect(second[`${SLUG}:${task}`]).toBe(true);
      expect(zipSha(ws, V1)).toBe(before);
    });

    it('nx affected -t handoff rebuilds only the client whose inputs changed', () => {
      ws.nxOk(
        'g',
        'nx-handoff:handoff-client',
        'other-co',
        '--no-interactive',
        '--supportContact=Jo <jo@agency.example>',
      );
      ws.commit('another client');
      ws.git('checkout', '-q', '-b', 'change');
      const brand = ws.path(CLIENT, 'brand', 'brand.md');
      writeFileSync(brand, `${readFileSync(brand, 'utf8')}\nOne more approved rule.\n`);
      ws.commit('brand rule');
      const listed = ws
        .nxOk('show', 'projects', '--affected', '-t', 'handoff', '--base=main')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      expect(listed).toContain(SLUG);
      expect(listed).not.toContain('other-co');
      const ran = tasksRun(ws.nxOk('affected', '-t', 'handoff', '--base=main', '--output-style=static'));
      expect(ran[`${SLUG}:handoff`]).toBe(false);
      expect(ran[`${SLUG}:handoff-package`]).toBe(false);
      expect(Object.keys(ran).some((t) => t.startsWith('other-co:'))).toBe(false);
    });
  });

  describe('with pnpm', () => {
    let ws: E2eWorkspace;
    beforeAll(() => {
      ws = new E2eWorkspace({ kind: 'registry', packageManager: 'pnpm', env: (base) => registry!.env(base) });
    });
    afterAll(() => ws?.dispose());

    it('nx add with pnpm (strict node_modules) builds the same example bundle', () => {
      expect(existsSync(ws.path('pnpm-lock.yaml'))).toBe(true);
      const installed = installAndRunExample(ws);
      expect(installed).toBe(fromSource);
      expect(realpathSync(ws.path('node_modules', 'nx-handoff'))).toContain(`${path.sep}.pnpm${path.sep}`);
    });
  });
});
