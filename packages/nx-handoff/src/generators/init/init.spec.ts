import { readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { modelRegistrySchema } from '@nx-handoff/core';
import { logger } from '@nx/devkit';
import { initGenerator, NEXT_STEPS, readCatalog, registryFromCatalog } from './init';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.delete('.oxfmtrc.json'); // no formatter installed here: formatFiles is a no-op, as in most client workspaces
  });

  it('registers the plugin once, however often it runs', async () => {
    await initGenerator(tree, {});
    await initGenerator(tree, {});
    expect(readNxJson(tree)!.plugins!.filter((p) => p === 'nx-handoff')).toHaveLength(1);
  });

  it('recognises an existing object-form registration', async () => {
    updateNxJson(tree, { ...readNxJson(tree)!, plugins: [{ plugin: 'nx-handoff', exclude: ['archive/**'] }] });
    await initGenerator(tree, {});
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: 'nx-handoff', exclude: ['archive/**'] }]);
  });

  it('seeds model-registry.json from the dated catalog with exact pins the pipeline accepts', async () => {
    await initGenerator(tree, {});
    const registry = readJson(tree, 'model-registry.json');
    expect(modelRegistrySchema.safeParse(registry).success).toBe(true);
    expect(registry.catalogDate).toBe('2026-11-01');
    expect(registry.models.recraftv4.pin).toBe('recraftv4@2026-03-15');
    expect(registry.models['gemini-3.1-flash-image'].pin).toBe('gemini-3.1-flash-image@2026-02-01');
    expect(registry.models['flux-2-pro'].pin).toMatch(/^flux-2-pro@/);
    expect(registry.models['kling-v2'].capabilities.kind).toBe('video');
    expect(registry.models['topaz-upscale-image'].pin).toMatch(/^topaz-upscale-image@/);
    for (const entry of Object.values<{ pin: string; capabilities: Record<string, unknown> }>(registry.models)) {
      expect(entry.pin).not.toMatch(/@latest$/);
      expect(Object.keys(entry.capabilities).sort()).toEqual([
        'aspectRatios',
        'kind',
        'maxPromptLength',
        'params',
        'seed',
      ]);
    }
  });

  it('sets sync.applyChanges (so nx run keeps the asset locks current) unless the workspace chose', async () => {
    await initGenerator(tree, {});
    expect(readNxJson(tree)!.sync).toEqual({ applyChanges: true });
    updateNxJson(tree, { ...readNxJson(tree)!, sync: { applyChanges: false } });
    await initGenerator(tree, {});
    expect(readNxJson(tree)!.sync).toEqual({ applyChanges: false });
  });

  it('hides the media of existing clients from Nx in .nxignore, keeping the user lines', async () => {
    tree.write('.nxignore', 'tmp/\n');
    tree.write('clients/acme/handoff.json', '{}');
    await initGenerator(tree, {});
    await initGenerator(tree, {});
    const ignore = tree.read('.nxignore', 'utf8')!;
    expect(ignore.startsWith('tmp/\n\n# nx-handoff:media begin')).toBe(true);
    expect(ignore.match(/nx-handoff:media begin/g)).toHaveLength(1);
    expect(ignore).toContain('/clients/acme/**/*.[mM][pP]4');
    expect(tree.exists('clients/acme/handoff.assets.lock.json')).toBe(true);
  });

  it('never overwrites an existing registry', async () => {
    tree.write('model-registry.json', '{"catalogDate":"2025-01-01","models":{}}');
    await initGenerator(tree, {});
    expect(tree.read('model-registry.json', 'utf8')).toBe('{"catalogDate":"2025-01-01","models":{}}');
  });

  it('can skip the registry', async () => {
    await initGenerator(tree, { skipRegistry: true });
    expect(tree.exists('model-registry.json')).toBe(false);
  });

  it('ignores dist/handoff once, keeping the existing .gitignore', async () => {
    tree.write('.gitignore', 'node_modules\n.nx');
    await initGenerator(tree, {});
    await initGenerator(tree, {});
    const text = tree.read('.gitignore', 'utf8')!;
    expect(text.startsWith('node_modules\n.nx\n')).toBe(true);
    expect(text.match(/^\/dist\/handoff$/gm)).toHaveLength(1);
  });

  it('leaves a .gitignore that already ignores dist/handoff alone', async () => {
    tree.write('.gitignore', 'dist/handoff/\n');
    await initGenerator(tree, {});
    expect(tree.read('.gitignore', 'utf8')).toBe('dist/handoff/\n');
  });

  it('keeps the registry in alias order and rejects a catalog pin that is not exact', () => {
    const catalog = readCatalog();
    expect(Object.keys(registryFromCatalog(catalog).models)).toEqual(
      Object.keys(catalog.models).sort((a, b) => a.localeCompare(b)),
    );
    expect(Object.keys(catalog.models).length).toBeGreaterThanOrEqual(8);
    expect(() =>
      registryFromCatalog({ catalogDate: '2026-11-01', models: { x: { pin: 'x@latest', capabilities: {} } } }),
    ).toThrow();
  });

  it('prints the next step after writing the files (what `nx add nx-handoff` shows)', async () => {
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      const callback = await initGenerator(tree, {});
      expect(info).not.toHaveBeenCalled();
      callback();
      const printed = info.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toContain('nx g nx-handoff:handoff-client <client-slug>');
      expect(printed).toContain('nx run <client-slug>:handoff');
      expect(info).toHaveBeenCalledTimes(NEXT_STEPS.length);
    } finally {
      info.mockRestore();
    }
  });
});
