import * as path from 'node:path';
import { topFolderName, zipFileName } from './bundle/bundle-files';
import type { LoadedClient } from './types';

/** Workspace model registry file name (at the workspace root). */
export const REGISTRY_FILE = 'model-registry.json';

/** Folder name for template overrides, in the client folder or at the workspace root. */
export const TEMPLATE_OVERRIDE_DIR = 'handoff-templates';

/** Workspace defaults every client extends (strip rules); defined beside the loader that reads it. */
export { WORKSPACE_CONFIG_FILE } from './config/load-client';

/** Default output root, relative to the workspace root. */
export const DEFAULT_OUTPUT_DIR = 'dist/handoff';

export { topFolderName, zipFileName };

export interface HandoffPaths {
  /** `dist/handoff/<slug>/handoff-v<N>` (absolute). Never deleted or overwritten as a whole. */
  versionDir: string;
  /** Resolved model pins written by the pin step. */
  pinsFile: string;
  zipFile: string;
  /** `<zip>.sha256`, `sha256sum -c` compatible. */
  zipShaFile: string;
  /** Cold-test JSON report beside the zip: `<zip>.cold-test.json`. */
  reportFile: string;
  /**
   * `<zip>.build.json`: sha256, size, format and file identity of the zip the package step wrote.
   * Nx caches this record (a BuiltZip) instead of the zip (see bundle/built-zip.ts).
   */
  buildFile: string;
  /** `<zip>.stamp.json`, never cached: which bytes this machine last wrote or hashed at zipFile, and the file's identity. */
  stampFile: string;
}

/** Every file a version's targets write: the exact outputs Nx declares. */
export function handoffPaths(
  workspaceRoot: string,
  slug: string,
  version: number,
  date: string,
  outputDir = DEFAULT_OUTPUT_DIR,
): HandoffPaths {
  const versionDir = path.resolve(workspaceRoot, outputDir, slug, `handoff-v${version}`);
  const zipFile = path.join(versionDir, zipFileName(slug, version, date));
  return {
    versionDir,
    pinsFile: path.join(versionDir, 'model-pins.lock.json'),
    zipFile,
    zipShaFile: `${zipFile}.sha256`,
    reportFile: coldTestReportPath(zipFile),
    buildFile: `${zipFile}.build.json`,
    stampFile: `${zipFile}.stamp.json`,
  };
}

/** The paths of a loaded client's current version (its handoff.json `version` and `date`). */
export function clientPaths(client: Pick<LoadedClient, 'workspaceRoot' | 'slug' | 'config'>): HandoffPaths {
  return handoffPaths(client.workspaceRoot, client.slug, client.config.version, client.config.date);
}

/** The cold-test report always sits beside the zip it checked. */
export function coldTestReportPath(zipFile: string): string {
  return `${zipFile}.cold-test.json`;
}
