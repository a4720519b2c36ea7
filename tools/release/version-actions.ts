/**
 * `nx release version` for our three npm packages.
 *
 * Nx's default version actions live in @nx/js, whose 24.x line is not installable here (and
 * mixing in 23.x is not supported), so this is the small package.json-only implementation
 * `release.version.versionActions` points at: read the version from the source package.json,
 * write the new one, and keep the exact lockstep pins between our packages
 * (`"@nx-handoff/core": "0.2.0"`) in step. `npm run build` copies the versions into the
 * publish manifests under dist/packages.
 */
import { readJson, type ProjectGraph, type Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';
import * as path from 'node:path';

const DEPENDENCY_COLLECTIONS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const;

type Manifest = { name?: string; version?: string } & Partial<
  Record<(typeof DEPENDENCY_COLLECTIONS)[number], Record<string, string>>
>;

export default class PackageJsonVersionActions extends VersionActions {
  validManifestFilenames = ['package.json'];

  private manifestPath(): string {
    return path.join(this.projectGraphNode.data.root, 'package.json');
  }

  async readCurrentVersionFromSourceManifest(
    tree: Tree,
  ): Promise<{ currentVersion: string; manifestPath: string } | null> {
    const manifestPath = this.manifestPath();
    const manifest = readJson<Manifest>(tree, manifestPath);
    if (!manifest.version) throw new Error(`${manifestPath} has no "version": add one (e.g. "0.1.0")`);
    return { currentVersion: manifest.version, manifestPath };
  }

  async readCurrentVersionFromRegistry(): Promise<{ currentVersion: string | null; logText: string } | null> {
    // The releases are in lockstep with the committed manifests; the registry is not consulted.
    return null;
  }

  async readCurrentVersionOfDependency(
    tree: Tree,
    projectGraph: ProjectGraph,
    dependencyProjectName: string,
  ): Promise<{ currentVersion: string | null; dependencyCollection: string | null }> {
    const depNode = projectGraph.nodes[dependencyProjectName];
    const depName = depNode ? readJson<Manifest>(tree, path.join(depNode.data.root, 'package.json')).name : undefined;
    const manifest = readJson<Manifest>(tree, this.manifestPath());
    for (const collection of DEPENDENCY_COLLECTIONS) {
      const range = depName ? manifest[collection]?.[depName] : undefined;
      if (range) return { currentVersion: range, dependencyCollection: collection };
    }
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(tree: Tree, newVersion: string): Promise<string[]> {
    const logs: string[] = [];
    for (const { manifestPath } of this.manifestsToUpdate) {
      const manifest = readJson<Manifest>(tree, manifestPath);
      manifest.version = newVersion;
      tree.write(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      logs.push(`✍️  New version ${newVersion} written to manifest: ${manifestPath}`);
    }
    return logs;
  }

  async updateProjectDependencies(
    tree: Tree,
    projectGraph: ProjectGraph,
    dependenciesToUpdate: Record<string, string>,
  ): Promise<string[]> {
    const byPackageName: Record<string, string> = {};
    for (const [projectName, version] of Object.entries(dependenciesToUpdate)) {
      const node = projectGraph.nodes[projectName];
      if (!node) continue;
      const name = readJson<Manifest>(tree, path.join(node.data.root, 'package.json')).name;
      if (name) byPackageName[name] = version;
    }
    const logs: string[] = [];
    for (const { manifestPath } of this.manifestsToUpdate) {
      const manifest = readJson<Manifest>(tree, manifestPath);
      let changed = 0;
      for (const collection of DEPENDENCY_COLLECTIONS) {
        const deps = manifest[collection];
        if (!deps) continue;
        for (const [name, version] of Object.entries(byPackageName)) {
          if (deps[name] !== undefined && deps[name] !== version) {
            deps[name] = version; // exact: the packages are released in lockstep
            changed++;
          }
        }
      }
      if (changed) {
        tree.write(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
        logs.push(`✍️  Updated ${changed} dependenc${changed === 1 ? 'y' : 'ies'} in manifest: ${manifestPath}`);
      }
    }
    return logs;
  }
}
