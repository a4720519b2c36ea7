import * as path from 'node:path';
import { logger, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { clientConfigSchema, parseAndValidate } from '@nx-handoff/core';
import { handoffClientGenerator } from './handoff-client';
import { PLACEHOLDER_MARKER } from '@nx-handoff/core/config';
import { rightsStatusFor, splitList, SUPPORT_PLACEHOLDER } from './normalize-options';

const DATE = '2026-11-01';

function readConfig(tree: Tree, file: string) {
  return parseAndValidate(tree.read(file, 'utf8')!, file, clientConfigSchema, { jsonc: true });
}

describe('handoff-client generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;
  afterEach(() => jest.restoreAllMocks());
  beforeEach(() => {
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace();
    tree.delete('.oxfmtrc.json'); // no formatter installed here: formatFiles is a no-op, as in most client workspaces
  });

  it('scaffolds clients/<slug> with a commented handoff.json that the pipeline accepts', async () => {
    await handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE });
    const text = tree.read('clients/acme-fintech/handoff.json', 'utf8')!;
    expect(text).toMatch(/^\/\/ /m);
    const config = readConfig(tree, 'clients/acme-fintech/handoff.json');
    expect(config).toMatchObject({
      name: 'acme-fintech',
      client: 'Acme Fintech',
      version: 1,
      date: DATE,
      format: 'zip',
      deliverables: ['deliverables'],
      regeneration: { supported: true },
      brand: { system: 'brand/brand-system.json', rules: 'brand/brand.md' },
    });
    expect(config.support.contact).toBe(SUPPORT_PLACEHOLDER);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('set "support.contact" in clients/acme-fintech/handoff.json'),
    );
    expect(config.rights.status).toBe(rightsStatusFor([]));
    expect(config.rights.status).not.toMatch(/\.$/); // the README template adds the full stop
    // The stubs mark what only the agency can write with the marker handoff-check looks for.
    expect(config.support.contact).toContain(PLACEHOLDER_MARKER);
    expect(tree.read('clients/acme-fintech/brand/brand.md', 'utf8')).toContain(PLACEHOLDER_MARKER);
    const system = tree.read('clients/acme-fintech/brand/brand-system.json', 'utf8')!;
    expect(JSON.parse(system).brand).toBe('Acme Fintech');
    expect(system).toContain(PLACEHOLDER_MARKER);
    expect(tree.exists('clients/acme-fintech/deliverables/.gitkeep')).toBe(true);
    expect(tree.exists('clients/acme-fintech/package.json')).toBe(false);
    expect(tree.exists('clients/acme-fintech/project.json')).toBe(false);
  });

  it('writes every answer where the pipeline reads it', async () => {
    await handoffClientGenerator(tree, {
      name: 'northwind',
      directory: 'engagements/northwind-2026',
      date: DATE,
      client: 'Northwind "Coffee" Roasters',
      engagement: '2026-Q1 to 2026-Q3 retainer',
      receivingTeam: 'In-house studio',
      receivingTools: 'Figma, Bynder ,Figma',
      rights: 'licensed-stock,font',
      regenerate: false,
      competitors: 'Southwind, Eastwind',
      reviewers: ['Dana Reviewer'],
      format: 'bagit',
      supportContact: 'Jo <jo@agency.example>',
      supportWindowDays: 60,
    });
    const config = readConfig(tree, 'engagements/northwind-2026/handoff.json');
    expect(config).toMatchObject({
      name: 'northwind',
      client: 'Northwind "Coffee" Roasters',
      engagement: '2026-Q1 to 2026-Q3 retainer',
      format: 'bagit',
      receivingTeam: { name: 'In-house studio', tools: ['Figma', 'Bynder'] },
      regeneration: { supported: false },
      support: { contact: 'Jo <jo@agency.example>', windowDays: 60 },
    });
    expect(config.strip.terms).toEqual(['Southwind', 'Eastwind', 'Dana Reviewer']);
    expect(config.rights.status).toMatch(/licensed stock imagery and licensed fonts/);
    expect(tree.exists('clients/northwind/handoff.json')).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('points $schema at the plugin schema through node_modules outside the plugin repository', async () => {
    await handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE });
    expect(readConfig(tree, 'clients/acme-fintech/handoff.json').$schema).toBe(
      '../../node_modules/nx-handoff/schemas/handoff.schema.json',
    );
  });

  it('defaults the date to today in UTC', async () => {
    await handoffClientGenerator(tree, { name: 'acme-fintech' });
    expect(readConfig(tree, 'clients/acme-fintech/handoff.json').date).toBe(new Date().toISOString().slice(0, 10));
  });

  it('runs init when the plugin or the registry is missing', async () => {
    await handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE });
    expect(readNxJson(tree)!.plugins).toContain('nx-handoff');
    expect(tree.exists('model-registry.json')).toBe(true);
    expect(tree.read('.gitignore', 'utf8')).toContain('/dist/handoff');
  });

  it.each([
    ['Acme', /not a valid client slug/],
    ['a', /not a valid client slug/],
    ['acme_fintech', /not a valid client slug/],
    ['-acme', /not a valid client slug/],
    ['x'.repeat(65), /not a valid client slug/],
  ])('rejects the slug %j', async (name, error) => {
    await expect(handoffClientGenerator(tree, { name, date: DATE })).rejects.toThrow(error);
    expect(tree.exists(path.posix.join('clients', name, 'handoff.json'))).toBe(false);
  });

  it('hides the client media from Nx (.nxignore block) and writes its asset lock; adopted media are hashed', async () => {
    await handoffClientGenerator(tree, { name: 'acme', date: DATE });
    expect(tree.read('.nxignore', 'utf8')).toContain('/clients/acme/**/*.[pP][nN][gG]\n');
    expect(JSON.parse(tree.read('clients/acme/handoff.assets.lock.json', 'utf8')!).files).toEqual([]);
    await handoffClientGenerator(tree, { name: 'globex', date: DATE, directory: 'work/globex' });
    const ignore = tree.read('.nxignore', 'utf8')!;
    expect(ignore).toContain('/clients/acme/**/*.[pP][nN][gG]\n');
    expect(ignore).toContain('/work/globex/**/*.[pP][nN][gG]\n');
    expect(ignore.match(/nx-handoff:media begin/g)).toHaveLength(1);
  });

  it('accepts 2- and 64-character slugs', async () => {
    await handoffClientGenerator(tree, { name: 'ab', date: DATE });
    await handoffClientGenerator(tree, { name: 'a'.repeat(64), date: DATE });
    expect(tree.exists(`clients/${'a'.repeat(64)}/handoff.json`)).toBe(true);
  });

  it('refuses an existing client, by folder or by name', async () => {
    await handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE });
    await expect(handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE })).rejects.toThrow(/already exists/);
    await expect(
      handoffClientGenerator(tree, { name: 'acme-fintech', directory: 'other/acme', date: DATE }),
    ).rejects.toThrow(/client named "acme-fintech" already exists \(clients\/acme-fintech\/handoff.json\)/);
  });

  it.each([
    [{ date: '2026-02-30' }, /not a calendar date/],
    [{ directory: '../outside' }, /inside the workspace/],
    [{ rights: 'stock' }, /unknown kind/],
    [{ format: 'tar' as 'zip' }, /zip or bagit/],
  ])('rejects bad options %j', async (opts, error) => {
    await expect(handoffClientGenerator(tree, { name: 'acme-fintech', date: DATE, ...opts })).rejects.toThrow(error);
  });

  it('adopts an existing engagement in the recipe layout: detects deliverables, results.json and docs/, overwrites nothing', async () => {
    tree.write('work/acme/campaigns/spring/results.json', '{"jobs":[]}');
    tree.write('work/acme/campaigns/summer/results.json', '{"jobs":[]}');
    tree.write('work/acme/deliverables/spring/hero.png', 'png');
    tree.write('work/acme/deliverables/spring/drafts/old.png', 'png');
    tree.write('work/acme/docs/brand-system.json', '{"colors":{}}');
    tree.write('work/acme/docs/brand.md', '# Ours\n');
    await handoffClientGenerator(tree, { name: 'acme', directory: 'work/acme', date: DATE });
    const text = tree.read('work/acme/handoff.json', 'utf8')!;
    expect(text).toContain('// Written for an existing engagement folder (--adopt). What was found:');
    expect(text).toContain('//   - 2 results.json file(s) in campaigns/spring, campaigns/summer');
    expect(text).toContain('//   - brand system: docs/brand-system.json');
    expect(readConfig(tree, 'work/acme/handoff.json')).toMatchObject({
      deliverables: ['deliverables'],
      brand: { system: 'docs/brand-system.json', rules: 'docs/brand.md' },
    });
    expect(tree.read('work/acme/docs/brand.md', 'utf8')).toBe('# Ours\n');
    expect(tree.exists('work/acme/brand/brand.md')).toBe(false);
    expect(tree.exists('work/acme/deliverables/.gitkeep')).toBe(false);
  });

  it('adopting says what it could not tell, and writes a brand stub only where none exists', async () => {
    tree.write('clients/globex/spring/results.json', '{"jobs":[]}');
    tree.write('clients/globex/spring/a.png', 'png');
    tree.write('clients/globex/summer/b.mp4', 'mp4');
    tree.write('clients/globex/brand/brand.md', '# Keep me\n');
    await handoffClientGenerator(tree, { name: 'globex', date: DATE, adopt: true });
    const text = tree.read('clients/globex/handoff.json', 'utf8')!;
    expect(text).toContain('// What could not be told (check these):');
    expect(text).toContain('no brand system JSON in brand/ or docs/');
    expect(readConfig(tree, 'clients/globex/handoff.json')).toMatchObject({
      deliverables: ['spring', 'summer'],
      brand: { system: 'brand/brand-system.json', rules: 'brand/brand.md' },
    });
    expect(tree.read('clients/globex/brand/brand.md', 'utf8')).toBe('# Keep me\n');
    expect(tree.exists('clients/globex/brand/brand-system.json')).toBe(true);
    await expect(handoffClientGenerator(tree, { name: 'initech', adopt: true, date: DATE })).rejects.toThrow(
      /--adopt: clients\/initech does not exist or is empty/,
    );
  });

  it('splits comma lists', () => {
    expect(splitList(' a, b,,a ')).toEqual(['a', 'b']);
    expect(splitList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
