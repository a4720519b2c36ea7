import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { createNodes, isClientConfigPath } from './plugin';
import { CONFIG_ERROR_TAG, TARGETS } from './infer-targets';

const VALID = (extra: Record<string, unknown> = {}) => `// comments are allowed
{
  "client": "Acme Fintech",
  "engagement": "2026 retainer",
  "version": 2,
  "date": "2026-11-01",
  "rights": { "status": "all generated" },
  "support": { "contact": "Jo <jo@agency.example>" },
  ${Object.entries(extra)
    .map(([k, v]) => `"${k}": ${JSON.stringify(v)},`)
    .join('\n')}
}`;

describe('createNodes (real temp workspace)', () => {
  let ws: string;
  let context: CreateNodesContext;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), text);
  };
  const run = async (files: string[]) => {
    const results = await createNodes[1](files, {}, context);
    return Object.fromEntries(results.map(([file, r]) => [file, r as CreateNodesResult]));
  };

  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'nx-handoff-plugin-'));
    context = { workspaceRoot: ws, nxJsonConfiguration: {} };
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('matches every handoff.json', () => {
    expect(createNodes[0]).toBe('**/handoff.json');
  });

  it('names the project after the folder, chains the targets and declares exact output files', async () => {
    write('clients/acme-fintech/handoff.json', VALID());
    const out = await run(['clients/acme-fintech/handoff.json']);
    const project = out['clients/acme-fintech/handoff.json'].projects!['clients/acme-fintech'];
    expect(project).toMatchObject({ name: 'acme-fintech', projectType: 'application', tags: ['handoff-client'] });
    const t = project.targets!;
    expect(Object.keys(t)).toEqual(expect.arrayContaining(Object.values(TARGETS)));
    expect(t[TARGETS.pin].outputs).toEqual([
      '{workspaceRoot}/dist/handoff/acme-fintech/handoff-v2/model-pins.lock.json',
    ]);
    // the zip itself is never a cached output (Nx would copy it into the cache and back out)
    expect(t[TARGETS.package].outputs).toEqual([
      '{workspaceRoot}/dist/handoff/acme-fintech/handoff-v2/acme-fintech-handoff-v2-2026-11-01.zip.sha256',
      '{workspaceRoot}/dist/handoff/acme-fintech/handoff-v2/acme-fintech-handoff-v2-2026-11-01.zip.build.json',
    ]);
    expect(t[TARGETS.coldTest].outputs).toEqual([
      '{workspaceRoot}/dist/handoff/acme-fintech/handoff-v2/acme-fintech-handoff-v2-2026-11-01.zip.cold-test.json',
    ]);
    expect(t[TARGETS.package].dependsOn).toEqual([TARGETS.check, TARGETS.pin]);
    expect(t[TARGETS.pin].dependsOn).toBeUndefined();
    expect(t[TARGETS.check]).toMatchObject({ executor: 'nx-handoff:check', cache: true, outputs: [] });
    expect(t[TARGETS.check].dependsOn).toBeUndefined();
    expect(t[TARGETS.check].metadata?.description).toMatch(/every problem .* in one pass/);
    expect(t[TARGETS.check].inputs).toContain('{projectRoot}/**/*');
    expect(t[TARGETS.coldTest].dependsOn).toEqual([TARGETS.package]);
    // the aggregate makes sure the zip is in dist/ on every run, so it is never cached
    expect(t[TARGETS.handoff]).toMatchObject({
      executor: 'nx-handoff:ensure',
      cache: false,
      dependsOn: [TARGETS.coldTest],
    });
    expect(t[TARGETS.verify]).toMatchObject({ executor: 'nx-handoff:verify', cache: false });
    expect(t[TARGETS.verify].dependsOn).toBeUndefined();
    for (const [name, target] of Object.entries(t)) {
      expect(target.metadata?.description).toEqual(expect.any(String));
      expect(target.metadata?.technologies).toEqual(['nx-handoff']);
      // never a folder: Nx deletes declared outputs before restoring them from the cache
      for (const o of target.outputs ?? []) expect(o).toMatch(/\.(json|sha256)$/);
      const uncached: string[] = [
        TARGETS.verify,
        TARGETS.deliver,
        TARGETS.handoff,
        TARGETS.regenProof,
        TARGETS.upscale,
      ];
      if (!uncached.includes(name)) expect(target.cache).toBe(true);
    }
    // Opt-in: never cached, no output, and no target of the handoff chain depends on it.
    expect(t[TARGETS.regenProof]).toMatchObject({
      executor: 'nx-handoff:regen-proof',
      cache: false,
      dependsOn: [TARGETS.handoff],
    });
    expect(t[TARGETS.regenProof].outputs).toBeUndefined();
    expect(t[TARGETS.upscale]).toMatchObject({ executor: 'nx-handoff:upscale', cache: false });
    for (const other of Object.values(t))
      expect(other.dependsOn ?? []).not.toEqual(expect.arrayContaining([TARGETS.regenProof]));
    for (const other of Object.values(t)) expect(other.dependsOn ?? []).not.toContain(TARGETS.upscale);
    expect(t[TARGETS.deliver]).toMatchObject({
      executor: 'nx-handoff:deliver',
      cache: false,
      dependsOn: [TARGETS.handoff],
    });
    expect(t[TARGETS.deliver].outputs).toBeUndefined();
  });

  it('gives the aggregate the same inputs as the chain, and keeps media out of the pin inputs', async () => {
    write('clients/acme-fintech/handoff.json', VALID());
    const t = (await run(['clients/acme-fintech/handoff.json']))['clients/acme-fintech/handoff.json'].projects![
      'clients/acme-fintech'
    ].targets!;
    // the cold test of this version's zip: a pure function of the chain's inputs, no command-line zip
    expect(t[TARGETS.coldTest].inputs).toEqual(t[TARGETS.handoff].inputs);
    expect(t[TARGETS.package].inputs).toEqual(t[TARGETS.handoff].inputs);
    expect(t[TARGETS.handoff].inputs).toEqual(
      expect.arrayContaining([
        '{projectRoot}/**/*',
        '{workspaceRoot}/model-registry.json',
        '{workspaceRoot}/handoff-templates/**/*',
      ]),
    );
    expect(t[TARGETS.pin].inputs).toContain('{projectRoot}/**/*.json');
    expect(t[TARGETS.pin].inputs).not.toContain('{projectRoot}/**/*');
    expect(t[TARGETS.pin].inputs).toContain('{workspaceRoot}/model-registry.json');
    // zip bytes depend on zlib: a cache entry from another zlib must miss
    expect(t[TARGETS.handoff].inputs).toContainEqual({ runtime: expect.stringContaining('process.versions.zlib') });
    expect(t[TARGETS.package].inputs).toContainEqual({ runtime: expect.stringContaining('process.versions.zlib') });
  });

  it('uses "name" from handoff.json for the project and the output paths', async () => {
    write('clients/folder/handoff.json', VALID({ name: 'northwind' }));
    const project = (await run(['clients/folder/handoff.json']))['clients/folder/handoff.json'].projects![
      'clients/folder'
    ];
    expect(project.name).toBe('northwind');
    expect(project.targets![TARGETS.pin].outputs![0]).toContain('dist/handoff/northwind/handoff-v2/');
  });

  it('keeps the graph alive when one handoff.json is broken, and reports it on that project only', async () => {
    write('clients/good/handoff.json', VALID());
    write('clients/bad-syntax/handoff.json', '{ "client": "X", oops }');
    write('clients/bad-schema/handoff.json', '{ "name": "renamed", "client": "X", "version": 0 }');
    const out = await run([
      'clients/good/handoff.json',
      'clients/bad-syntax/handoff.json',
      'clients/bad-schema/handoff.json',
    ]);
    expect(out['clients/good/handoff.json'].projects!['clients/good'].tags).not.toContain(CONFIG_ERROR_TAG);

    const syntax = out['clients/bad-syntax/handoff.json'].projects!['clients/bad-syntax'];
    expect(syntax.name).toBe('bad-syntax');
    expect(syntax.tags).toContain(CONFIG_ERROR_TAG);
    expect(syntax.metadata!.description).toMatch(
      /clients\/bad-syntax\/handoff\.json:1:\d+: malformed JSON with comments/,
    );
    for (const target of Object.values(syntax.targets!)) {
      expect(target.cache).toBe(false);
      expect(target.outputs).toBeUndefined();
      expect(target.metadata!.description).toContain('handoff.json is invalid');
    }

    const schema = out['clients/bad-schema/handoff.json'].projects!['clients/bad-schema'];
    expect(schema.name).toBe('renamed');
    expect(schema.metadata!.description).toMatch(/\(version\)/);
    expect(schema.metadata!.description).toMatch(/\(support\)/);
  });

  it('keeps the first of two clients claiming one name and reports the clash on the other', async () => {
    write('clients/acme/handoff.json', VALID({ name: 'acme' }));
    write('clients/acme-copy/handoff.json', VALID({ name: 'acme' }));
    const out = await run(['clients/acme-copy/handoff.json', 'clients/acme/handoff.json']);
    expect(out['clients/acme/handoff.json'].projects!['clients/acme']).toMatchObject({
      name: 'acme',
      tags: ['handoff-client'],
    });
    const copy = out['clients/acme-copy/handoff.json'].projects!['clients/acme-copy'];
    expect(copy.name).toBe('clients-acme-copy');
    expect(copy.tags).toContain(CONFIG_ERROR_TAG);
    expect(copy.metadata!.description).toContain('project name "acme" is already used by clients/acme/handoff.json');
  });

  it('reports an unreadable file on its project instead of throwing', async () => {
    const out = await run(['clients/ghost/handoff.json']);
    const project = out['clients/ghost/handoff.json'].projects!['clients/ghost'];
    expect(project.tags).toContain(CONFIG_ERROR_TAG);
    expect(project.metadata!.description).toMatch(/ENOENT/);
  });

  it('skips node_modules, dist and fixtures', async () => {
    write('node_modules/pkg/handoff.json', VALID());
    write('dist/handoff/x/handoff.json', VALID());
    write('packages/core/src/__fixtures__/client/handoff.json', VALID());
    write('packages/core/src/verify/fixtures/client/handoff.json', VALID());
    const out = await run([
      'node_modules/pkg/handoff.json',
      'dist/handoff/x/handoff.json',
      'packages/core/src/__fixtures__/client/handoff.json',
      'packages/core/src/verify/fixtures/client/handoff.json',
    ]);
    expect(out).toEqual({});
    expect(isClientConfigPath('clients/dist/handoff.json')).toBe(true);
  });

  it('outside a workspace that holds the pipeline sources, hashes the plugin version instead', async () => {
    write('clients/acme-fintech/handoff.json', VALID());
    const t = (await run(['clients/acme-fintech/handoff.json']))['clients/acme-fintech/handoff.json'].projects![
      'clients/acme-fintech'
    ].targets!;
    expect(t[TARGETS.handoff].inputs).toContainEqual({ runtime: expect.stringContaining('nx-handoff/package.json') });
    // One runtime command for every target (each distinct one is a process on every nx run), zlib's version in it.
    const runtimes = new Set(
      Object.values(t).flatMap((target) =>
        (target.inputs ?? []).flatMap((i) => (typeof i === 'object' && 'runtime' in i ? [i.runtime] : [])),
      ),
    );
    expect([...runtimes]).toEqual([expect.stringContaining('process.versions.zlib')]);
    expect(t[TARGETS.handoff].inputs).not.toContainEqual(
      expect.objectContaining({ externalDependencies: expect.anything() }),
    );
  });
});
