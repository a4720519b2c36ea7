import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { compiledPath, isPublishedAsset, PUBLISHED_PACKAGES, publishManifest } from './publish-manifest';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const NOT_SHIPPED_DIRS = ['node_modules', 'fixtures', '__fixtures__', 'testing', 'scripts'];

/** The TypeScript files tsc compiles into the published package. */
function shippedSources(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!NOT_SHIPPED_DIRS.includes(entry.name)) out.push(...shippedSources(dir, child));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.spec.ts')) {
      out.push(child);
    }
  }
  return out;
}

/** Bare module specifiers a file imports or requires (package names, no relative paths). */
function importedPackages(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'([^'./][^']*)'/g)) {
    const spec = m[1]!;
    if (spec.includes('${')) continue;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    names.add(name);
  }
  return [...names];
}

describe('publish manifests', () => {
  it('point main, types and every export at compiled files, and expose package.json', () => {
    const source = { name: 'x', version: '1.0.0', main: 'src/index.ts', scripts: { a: 'b' }, nx: {}, private: true };
    const out = publishManifest(source, {
      folder: 'x',
      entries: { '.': 'src/index.ts', './plugin': 'plugin.ts' },
      jsonExports: ['generators.json'],
    });
    expect(out.main).toBe('./src/index.js');
    expect(out.types).toBe('./src/index.d.ts');
    expect(out.exports).toEqual({
      '.': { types: './src/index.d.ts', default: './src/index.js' },
      './plugin': { types: './plugin.d.ts', default: './plugin.js' },
      './package.json': './package.json',
      './generators.json': './generators.json',
    });
    expect(out).not.toHaveProperty('scripts');
    expect(out).not.toHaveProperty('nx');
    expect(out).not.toHaveProperty('private');
    expect(() => compiledPath('src/index.js', '.js')).toThrow(/not a \.ts file/);
  });

  it('keep specs, fixtures, test helpers and sources out, and data files and hand-written .d.ts in', () => {
    expect(isPublishedAsset('src/templates/README.md.hbs')).toBe(true);
    expect(isPublishedAsset('src/executors/pin/schema.json')).toBe(true);
    expect(isPublishedAsset('src/executors/pin/schema.d.ts')).toBe(true);
    expect(isPublishedAsset('src/generators/handoff-client/files/handoff.json.template')).toBe(true);
    expect(isPublishedAsset('src/generators/x/files/main.ts')).toBe(true);
    expect(isPublishedAsset('src/index.ts')).toBe(false);
    expect(isPublishedAsset('src/a.spec.ts')).toBe(false);
    expect(isPublishedAsset('src/package/fixtures/big.png')).toBe(false);
    expect(isPublishedAsset('src/genai/__fixtures__/bin/gen-ai')).toBe(false);
    expect(isPublishedAsset('src/deliver/testing/s3-test-server.ts')).toBe(false);
    expect(isPublishedAsset('scripts/generate-schema.ts')).toBe(false);
    expect(isPublishedAsset('package.json')).toBe(false);
  });

  it.each(PUBLISHED_PACKAGES.map((p) => [p.folder, p] as const))(
    '%s: every entry exists and every imported package is declared',
    (folder, pkg) => {
      const dir = path.join(REPO_ROOT, 'packages', folder);
      for (const file of Object.values(pkg.entries)) expect(existsSync(path.join(dir, file))).toBe(true);
      for (const json of pkg.jsonExports) expect(existsSync(path.join(dir, json))).toBe(true);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
        manifest.name,
      ]);
      const builtins = new Set(builtinModules);
      const undeclared = new Map<string, string>();
      for (const file of shippedSources(dir)) {
        for (const name of importedPackages(readFileSync(path.join(dir, file), 'utf8'))) {
          if (name.startsWith('node:') || builtins.has(name) || declared.has(name)) continue;
          undeclared.set(name, file);
        }
      }
      expect(Object.fromEntries(undeclared)).toEqual({});
    },
  );
});
