/**
 * What each published package exposes, and the manifest the build writes for it.
 *
 * In this repository the packages' own package.json files point at their TypeScript sources
 * (`main: src/index.ts`), so tests, the example client and Nx run from source with no build step.
 * `npm run build` compiles them into `dist/packages/<folder>/` and writes there a manifest whose
 * `main`, `types` and `exports` point at compiled JavaScript: that folder is what is packed and
 * published. Pure: no I/O here.
 */

export interface PublishedPackage {
  /** Folder under packages/ (and under dist/packages/). */
  folder: string;
  /** Subpath -> source file (relative to the package folder, `.ts`). `.` is the main entry. */
  entries: Record<string, string>;
  /** JSON files a consumer may resolve through the package name (besides package.json). */
  jsonExports: string[];
}

export const PUBLISHED_PACKAGES: PublishedPackage[] = [
  { folder: 'templates', entries: { '.': 'src/index.ts' }, jsonExports: [] },
  {
    folder: 'handoff-core',
    entries: { '.': 'src/index.ts', './config': 'config.ts', './ensure': 'ensure.ts' },
    jsonExports: [],
  },
  {
    folder: 'nx-handoff',
    entries: { '.': 'src/index.ts', './plugin': 'plugin.ts' },
    // Nx reads generators.json/executors.json and the schemas through the package name.
    jsonExports: ['generators.json', 'executors.json', 'schemas/handoff.schema.json'],
  },
];

/** Fields of a source manifest that stay in the repository. */
const DEV_ONLY_FIELDS = ['scripts', 'devDependencies', 'nx', 'private'];

export function compiledPath(source: string, ext: '.js' | '.d.ts'): string {
  if (!source.endsWith('.ts')) throw new Error(`entry ${source} is not a .ts file`);
  return `./${source.slice(0, -'.ts'.length)}${ext}`;
}

type Manifest = Record<string, unknown>;

/** The manifest to publish, from the source manifest and the package's entries. */
export function publishManifest(source: Manifest, pkg: PublishedPackage): Manifest {
  const out: Manifest = {};
  for (const [key, value] of Object.entries(source)) {
    if (!DEV_ONLY_FIELDS.includes(key)) out[key] = value;
  }
  const main = pkg.entries['.'];
  if (!main) throw new Error(`${pkg.folder}: no "." entry`);
  const exportsMap: Record<string, unknown> = {};
  for (const [subpath, file] of Object.entries(pkg.entries)) {
    exportsMap[subpath] = { types: compiledPath(file, '.d.ts'), default: compiledPath(file, '.js') };
  }
  exportsMap['./package.json'] = './package.json';
  for (const json of pkg.jsonExports) exportsMap[`./${json}`] = `./${json}`;
  out.main = compiledPath(main, '.js');
  out.types = compiledPath(main, '.d.ts');
  out.exports = exportsMap;
  return out;
}

/**
 * Whether a file of a package folder belongs in the published package (besides the compiled
 * JavaScript, which tsc writes). Specs, fixtures, test helpers, build scripts and TypeScript
 * sources stay out; declaration files written by hand (schema.d.ts) and every data file go in.
 */
export function isPublishedAsset(relPath: string): boolean {
  const parts = relPath.split('/');
  const excludedDir = ['node_modules', 'fixtures', '__fixtures__', 'testing', 'scripts'];
  if (parts.some((p) => excludedDir.includes(p))) return false;
  const name = parts[parts.length - 1] ?? '';
  if (name === 'package.json' || name.startsWith('tsconfig')) return false;
  if (/\.spec\.[cm]?[jt]s$/.test(name)) return false;
  if (name.endsWith('.d.ts')) return true;
  // Generator templates are copied whatever their extension.
  if (parts.includes('files')) return true;
  return !/\.[cm]?ts$/.test(name);
}
