/**
 * Drives a real Nx workspace created in the OS temp folder: init, handoff-client, the inferred
 * targets, the cache, versions, handoff-verify --zip and `nx affected`. Steps share one workspace and run in order.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { E2eWorkspace, tasksRun } from './utils/workspace';

jest.setTimeout(240_000);

const SLUG = 'acme-fintech';
const CLIENT = `clients/${SLUG}`;
const V1 = `dist/handoff/${SLUG}/handoff-v1`;
const ZIP1 = `${V1}/${SLUG}-handoff-v1-2026-11-01.zip`;
const V2 = `dist/handoff/${SLUG}/handoff-v2`;
const ZIP2 = `${V2}/${SLUG}-handoff-v2-2026-12-01.zip`;
const CHAIN = ['handoff-check', 'handoff-pin', 'handoff-package', 'handoff-cold-test', 'handoff'].map(
  (t) => `${SLUG}:${t}`,
);

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('nx-handoff in a fresh workspace', () => {
  let ws: E2eWorkspace;
  const runHandoff = (...extra: string[]) =>
    tasksRun(ws.nxOk('run', `${SLUG}:handoff`, '--output-style=static', ...extra));
  const affected = () =>
    ws
      .nxOk('show', 'projects', '--affected', '-t', 'handoff')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[a-z0-9-]+$/.test(l))
      .sort();

  beforeAll(() => {
    ws = new E2eWorkspace();
  });
  afterAll(() => ws?.dispose());

  it('init registers the plugin, seeds the registry and ignores dist/handoff, idempotently', () => {
    ws.nxOk('g', 'nx-handoff:init');
    const nxJson = ws.read('nx.json');
    const gitignore = ws.read('.gitignore');
    expect(JSON.parse(nxJson).plugins).toEqual(['nx-handoff']);
    expect(ws.readJson('model-registry.json').models.recraftv4.pin).toBe('recraftv4@2026-03-15');
    expect(gitignore).toContain('/dist/handoff');
    ws.nxOk('g', 'nx-handoff:init');
    expect(ws.read('nx.json')).toBe(nxJson);
    expect(ws.read('.gitignore')).toBe(gitignore);
  });

  it('handoff-client --dry-run writes nothing; bad slugs are refused', () => {
    const dry = ws.nxOk('g', 'nx-handoff:handoff-client', SLUG, '--no-interactive', '--dry-run');
    expect(dry).toContain(`CREATE ${CLIENT}/handoff.json`);
    expect(existsSync(ws.path(CLIENT))).toBe(false);
    const bad = ws.nx('g', 'nx-handoff:handoff-client', 'Acme_Fintech', '--no-interactive');
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/Acme_Fintech/);
  });

  it('handoff-client scaffolds the client from flags (short generator name)', () => {
    ws.nxOk(
      'g',
      'handoff-client',
      SLUG,
      '--no-interactive',
      '--client=Acme Fintech',
      '--engagement=2026 retainer',
      '--supportContact=Jo Doe <jo@agency.example>',
      '--date=2026-11-01',
      '--rights=licensed-stock',
      '--format=zip',
    );
    expect(ws.read(`${CLIENT}/handoff.json`)).toContain(
      '"$schema": "../../node_modules/nx-handoff/schemas/handoff.schema.json"',
    );
    expect(existsSync(ws.path('node_modules/nx-handoff/schemas/handoff.schema.json'))).toBe(true);
    expect(existsSync(ws.path(`${CLIENT}/deliverables/.gitkeep`))).toBe(true);
    expect(existsSync(ws.path(`${CLIENT}/package.json`))).toBe(false);
    const again = ws.nx('g', 'nx-handoff:handoff-client', SLUG, '--no-interactive');
    expect(again.status).not.toBe(0);
    expect(again.output).toContain('already exists');
  });

  it('nx show project lists the inferred targets with exact outputs', () => {
    const project = JSON.parse(ws.nxOk('show', 'project', SLUG, '--json').trim().split('\n').pop()!);
    expect(project.tags).toContain('handoff-client');
    expect(project.targets['handoff-package'].outputs).toEqual([
      `{workspaceRoot}/${ZIP1}.sha256`,
      `{workspaceRoot}/${ZIP1}.build.json`,
    ]);
    expect(project.targets.handoff.dependsOn).toEqual(['handoff-cold-test']);
    expect(project.targets.handoff.metadata.description).toEqual(expect.any(String));
  });

  it('nx run <client>:handoff pins, packages and cold-tests', () => {
    ws.copyFromRepo('apps/example-client/deliverables', `${CLIENT}/deliverables`);
    ws.copyFromRepo('apps/example-client/brand', `${CLIENT}/brand`);
    ws.commit('acme-fintech client');
    const tasks = runHandoff();
    expect(Object.keys(tasks)).toEqual(expect.arrayContaining(CHAIN.slice(0, 4)));
    expect(Object.values(tasks).some(Boolean)).toBe(false);
    expect(existsSync(ws.path(V1, 'model-pins.lock.json'))).toBe(true);
    expect(ws.read(`${ZIP1}.sha256`)).toContain(sha(ws.path(ZIP1)));
    expect(ws.readJson(`${ZIP1}.cold-test.json`).ok).toBe(true);
  });

  it('a second run is served from the cache and leaves the zip untouched', () => {
    const zipSha = sha(ws.path(ZIP1));
    const inode = statSync(ws.path(ZIP1)).ino;
    const out = ws.nxOk('run', `${SLUG}:handoff`, '--output-style=static');
    // check, pin, package and cold-test from the cache; the uncached handoff step only stats the zip
    expect(out).toMatch(/read the output from the cache instead of running the command for 4 out of 5 tasks/);
    expect(out).toContain(`${ZIP1}: present, sha256 ${zipSha}, cold test passed`);
    expect(statSync(ws.path(ZIP1)).ino).toBe(inode);
    expect(existsSync(ws.path('.nx/cache'))).toBe(true);
    expect(execFileSync('find', [ws.path('.nx/cache'), '-name', '*.zip'], { encoding: 'utf8' })).toBe('');
  });

  it('after dist/ is deleted, the cache restores the small outputs and handoff rebuilds the same zip', () => {
    const zipSha = sha(ws.path(ZIP1));
    rmSync(ws.path('dist'), { recursive: true, force: true });
    const out = ws.nxOk('run', `${SLUG}:handoff`, '--output-style=static');
    const tasks = tasksRun(out);
    expect(tasks).toEqual({
      [CHAIN[0]]: true,
      [CHAIN[1]]: true,
      [CHAIN[2]]: true,
      [CHAIN[3]]: true,
      [CHAIN[4]]: false,
    });
    expect(out).toContain('is missing (Nx caches its build record, not the zip): rebuilding it from the same inputs');
    expect(out).toContain(`${ZIP1}: rebuilt byte-identical to the build record, sha256 ${zipSha}, cold test passed`);
    expect(sha(ws.path(ZIP1))).toBe(zipSha);
    expect(ws.read(`${ZIP1}.sha256`)).toContain(zipSha);
  });

  it('changing an asset re-runs package and cold-test, not pin', () => {
    ws.write(
      `${CLIENT}/deliverables/stock/roastery-interior.jpg`,
      Buffer.concat([readFileSync(ws.path(`${CLIENT}/deliverables/stock/roastery-interior.jpg`)), Buffer.from([0])]),
    );
    // Nx does not hash media (.nxignore); the asset lock stands in. `nx run` on a terminal syncs it
    // first; these runs are CI=true, where Nx skips sync generators, so sync as a developer would.
    ws.nxOk('sync');
    const tasks = runHandoff();
    expect(tasks[`${SLUG}:handoff-pin`]).toBe(true);
    expect(tasks[`${SLUG}:handoff-package`]).toBe(false);
    expect(tasks[`${SLUG}:handoff-cold-test`]).toBe(false);
  });

  it('changing a results.json re-runs pin too', () => {
    const file = `${CLIENT}/deliverables/summer-social/results.json`;
    ws.write(file, `${ws.read(file).trimEnd()}\n\n`);
    const tasks = runHandoff();
    expect(tasks[`${SLUG}:handoff-pin`]).toBe(false);
    expect(tasks[`${SLUG}:handoff-package`]).toBe(false);
  });

  it('version 2 builds into its own folder and never touches version 1', () => {
    const before = sha(ws.path(ZIP1));
    const config = ws
      .read(`${CLIENT}/handoff.json`)
      .replace('"version": 1', '"version": 2')
      .replace('"date": "2026-11-01"', '"date": "2026-12-01"');
    ws.write(`${CLIENT}/handoff.json`, config);
    runHandoff();
    expect(ws.readJson(`${ZIP2}.cold-test.json`).ok).toBe(true);
    expect(sha(ws.path(ZIP1))).toBe(before);
    expect(existsSync(ws.path(`${ZIP1}.cold-test.json`))).toBe(true);
  });

  it('handoff-verify --zip checks another bundle as it is, writes its report beside it and leaves the current report alone', () => {
    const currentReport = ws.read(`${ZIP2}.cold-test.json`);
    rmSync(ws.path(`${ZIP1}.cold-test.json`));
    const out = ws.nxOk('run', `${SLUG}:handoff-verify`, `--zip=${ZIP1}`, '--output-style=static');
    expect(out).toContain('Cold test passed');
    expect(ws.readJson(`${ZIP1}.cold-test.json`).ok).toBe(true);
    expect(ws.read(`${ZIP2}.cold-test.json`)).toBe(currentReport);
    ws.write('incoming/bundle.zip', 'not a zip');
    const broken = ws.nx('run', `${SLUG}:handoff-verify`, '--zip=incoming/bundle.zip', '--output-style=static');
    expect(broken.status).not.toBe(0);
    expect(tasksRun(broken.output)[`${SLUG}:handoff-verify`]).toBe(false);
  });

  it('the cached handoff-cold-test has no --zip: another zip goes through handoff-verify, also outside the workspace', () => {
    const refused = ws.nx('run', `${SLUG}:handoff-cold-test`, `--zip=${ZIP1}`, '--output-style=static');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/zip/);
    const outside = mkdtempSync(path.join(tmpdir(), 'nx-handoff-e2e-outside-'));
    try {
      const zip = path.join(outside, 'received.zip');
      writeFileSync(zip, readFileSync(ws.path(ZIP1)));
      const verify = ws.nxOk('run', `${SLUG}:handoff-verify`, `--zip=${zip}`, '--output-style=static');
      expect(tasksRun(verify)[`${SLUG}:handoff-verify`]).toBe(false);
      expect(JSON.parse(readFileSync(`${zip}.cold-test.json`, 'utf8')).ok).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('nx affected selects exactly the clients whose inputs changed', () => {
    ws.nxOk(
      'g',
      'nx-handoff:handoff-client',
      'globex-bank',
      '--no-interactive',
      '--date=2026-11-01',
      '--supportContact=Sam <sam@agency.example>',
    );
    ws.copyFromRepo('apps/example-client/deliverables', 'clients/globex-bank/deliverables');
    ws.commit('two clients');
    expect(affected()).toEqual([]);

    ws.write(`${CLIENT}/deliverables/summer-social/extra-note.txt`, 'changed\n');
    expect(affected()).toEqual([SLUG]);
    ws.git('checkout', '-q', '--', '.');
    ws.git('clean', '-qfd', 'clients');

    ws.write(
      'model-registry.json',
      ws.read('model-registry.json').replace('"catalogDate": "2026-11-01"', '"catalogDate": "2026-11-02"'),
    );
    expect(affected()).toEqual(['acme-fintech', 'globex-bank']);
    ws.git('checkout', '-q', '--', '.');

    ws.write('handoff-templates/README.md.hbs', '# {{client}}\n');
    expect(affected()).toEqual(['acme-fintech', 'globex-bank']);
    rmSync(ws.path('handoff-templates'), { recursive: true });
  });

  it('a broken handoff.json keeps the graph working and fails its own targets with the problem', () => {
    ws.write('clients/broken/handoff.json', '{\n  "client": "Broken",\n  "version": "one"\n}\n');
    const projects = ws.nxOk('show', 'projects');
    expect(projects).toContain('acme-fintech');
    expect(projects).toContain('broken');
    const run = ws.nx('run', 'broken:handoff-pin', '--output-style=static');
    expect(run.status).not.toBe(0);
    // handoff-pin runs handoff-check first: the problem grouped under its file, with line and column.
    expect(run.output).toContain('clients/broken/handoff.json:3:14 (version)');
    expect(run.output).toMatch(/handoff-check broken: 5 problems in 1 file; nothing was packaged/);
    expect(run.output).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });
});
