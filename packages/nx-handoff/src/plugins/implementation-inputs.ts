import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { PLUGIN_PACKAGE, pluginPackageDir } from '../utils/schema-ref';
import type { TargetConfiguration } from '@nx/devkit';

/** One entry of a target's `inputs` (not exported by the public @nx/devkit API). */
export type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * The inputs that stand for the pipeline implementation (core, templates, the executors).
 *
 * - `source`: the package is a folder of this workspace (the nx-handoff repo itself): its
 *   sources are hashed as files, so editing a template re-runs every client.
 * - `installed`: the package sits under the workspace's node_modules and a lockfile exists:
 *   `externalDependencies` hashes its locked version (and its dependencies).
 * - `linked`: anything else (npm link, a symlinked node_modules): only the version is known.
 *
 * Every mode but `source` also gets a `runtime` input printing the plugin's version, so an
 * upgrade re-runs the handoff targets even when the lockfile does not list the packages. Nx
 * computes a runtime input once per command, whatever the number of tasks, but each distinct
 * command is a shell and a Node.js start (~100 ms on every `nx` run, cached or not): the same
 * command also prints zlib's version (see ZLIB_INPUT in infer-targets.ts), so one runs, not two.
 */

export { PLUGIN_PACKAGE };
export const CORE_PACKAGE = '@nx-handoff/core';
export const TEMPLATES_PACKAGE = '@nx-handoff/templates';

export type PackageLocation =
  { mode: 'source'; dir: string /* workspace-relative, POSIX */ } | { mode: 'installed' } | { mode: 'linked' };

export interface ImplementationInputs {
  /** What handoff-pin depends on: the pipeline without the templates. */
  pin: InputDefinition[];
  /** What packaging, the cold test and the aggregate depend on: pipeline, templates, executors. */
  full: InputDefinition[];
}

export const VERSION_RUNTIME_INPUT: InputDefinition = {
  runtime: `node -p "process.versions.zlib + ' ' + require('${PLUGIN_PACKAGE}/package.json').version"`,
};

const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Where a package's real folder lies relative to the workspace. Pure. */
export function classifyPackageDir(
  realDir: string | undefined,
  workspaceRoot: string,
  hasLockfile: boolean,
): PackageLocation {
  if (!realDir) return { mode: 'linked' };
  const root = path.resolve(workspaceRoot);
  if (isInside(realDir, root)) {
    const rel = path.relative(root, realDir).split(path.sep).join('/');
    if (!rel.split('/').includes('node_modules')) return { mode: 'source', dir: rel };
    return hasLockfile ? { mode: 'installed' } : { mode: 'linked' };
  }
  return { mode: 'linked' };
}

function sourceGlobs(dir: string, sub: string): InputDefinition[] {
  const base = `{workspaceRoot}/${dir === '' ? '' : `${dir}/`}${sub}`;
  // Specs and their fixtures do not change what the pipeline produces.
  return [`${base}/**/*`, `!${base}/**/*.spec.ts`, `!${base}/**/fixtures/**`, `!${base}/**/__fixtures__/**`];
}

interface Contribution {
  files: InputDefinition[];
  external: string[];
  version: boolean;
}

function contribution(loc: PackageLocation, name: string, sub: string): Contribution {
  if (loc.mode === 'source') return { files: sourceGlobs(loc.dir, sub), external: [], version: false };
  return { files: [], external: loc.mode === 'installed' ? [name] : [], version: true };
}

function combine(parts: Contribution[]): InputDefinition[] {
  const external = parts.flatMap((p) => p.external);
  return [
    ...parts.flatMap((p) => p.files),
    ...(external.length ? [{ externalDependencies: external }] : []),
    ...(parts.some((p) => p.version) ? [VERSION_RUNTIME_INPUT] : []),
  ];
}

/** Build the inputs from the three package locations. Pure. */
export function buildImplementationInputs(locations: {
  core: PackageLocation;
  templates: PackageLocation;
  plugin: PackageLocation;
}): ImplementationInputs {
  const core = contribution(locations.core, CORE_PACKAGE, 'src');
  const templates = contribution(locations.templates, TEMPLATES_PACKAGE, 'src');
  const executors = contribution(locations.plugin, PLUGIN_PACKAGE, 'src/executors');
  return { pin: combine([core, executors]), full: combine([core, templates, executors]) };
}

function realPackageDir(name: string, workspaceRoot: string): string | undefined {
  try {
    return realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [workspaceRoot] })));
  } catch {
    return undefined;
  }
}

/** Resolve the three packages from the workspace root and derive their inputs. */
export function resolveImplementationInputs(workspaceRoot: string): ImplementationInputs {
  const hasLockfile = LOCKFILES.some((f) => existsSync(path.join(workspaceRoot, f)));
  const locate = (name: string, fallback?: string) =>
    classifyPackageDir(realPackageDir(name, workspaceRoot) ?? fallback, workspaceRoot, hasLockfile);
  return buildImplementationInputs({
    core: locate(CORE_PACKAGE),
    templates: locate(TEMPLATES_PACKAGE),
    // The plugin is running, so its own folder is known even if the workspace cannot resolve it.
    plugin: locate(PLUGIN_PACKAGE, pluginPackageDir()),
  });
}
