import * as path from 'node:path';
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { parse as parseLenient } from 'jsonc-parser';
import {
  ASSET_LOCK_FILE,
  clientConfigSchema,
  destinationName,
  formatHandoffError,
  handoffPaths,
  isHandoffError,
  LEDGER_FILE,
  parseAndValidate,
  TEMPLATE_OVERRIDE_DIR,
  REGISTRY_FILE,
  WORKSPACE_CONFIG_FILE,
  type ClientConfig,
} from '@nx-handoff/core/config';
import { VERSION_RUNTIME_INPUT, type ImplementationInputs, type InputDefinition } from './implementation-inputs';

/**
 * Target inference for one `handoff.json`: a pure function of the file's path and text, the
 * workspace root and the implementation inputs. The createNodes wrapper does the I/O.
 */

export const TARGETS = {
  check: 'handoff-check',
  pin: 'handoff-pin',
  package: 'handoff-package',
  coldTest: 'handoff-cold-test',
  handoff: 'handoff',
  verify: 'handoff-verify',
  deliver: 'handoff-deliver',
  regenProof: 'handoff-regen-proof',
  upscale: 'handoff-upscale',
} as const;

export const CLIENT_TAG = 'handoff-client';
/**
 * Keeps every client's asset lock current before a target that reads media runs: Nx hashes the
 * lock, not the media (they are in .nxignore). Nx runs it before tasks on a TTY (applied without a
 * prompt with `sync.applyChanges: true`), fails a non-TTY run when out of sync, and skips it in CI
 * (where `nx sync:check` is the gate).
 */
export const SYNC_ASSETS_GENERATOR = 'nx-handoff:sync-assets';
export const CONFIG_ERROR_TAG = 'handoff-config-error';
const TECHNOLOGIES = ['nx-handoff'];

export type InferredProject = Omit<ProjectConfiguration, 'root'> & { name: string };

export interface HandoffInference {
  /** Project root, workspace-relative POSIX ('.' for the workspace root). */
  root: string;
  project: InferredProject;
  /** Set when handoff.json could not be read or is invalid: the targets then fail with it. */
  error?: string;
}

/**
 * The zip's bytes are identical for one zlib (DEFLATE output): a cache entry built with another
 * zlib must not vouch for a zip this machine would rebuild differently. Not needed beside
 * VERSION_RUNTIME_INPUT, which prints zlib's version too.
 */
export const ZLIB_INPUT: InputDefinition = { runtime: 'node -p process.versions.zlib' };

function isSameRuntime(a: InputDefinition, b: InputDefinition): boolean {
  return typeof a === 'object' && typeof b === 'object' && 'runtime' in a && 'runtime' in b && a.runtime === b.runtime;
}

/**
 * Inputs of each target. Pin ignores the media files: an asset change does not re-pin. Where the
 * plugin's version is a runtime input (an installed or linked plugin), its command also prints
 * zlib's version, so check and pin then depend on zlib too: one command runs instead of two.
 */
export function handoffInputs(impl: ImplementationInputs): {
  check: InputDefinition[];
  pin: InputDefinition[];
  full: InputDefinition[];
} {
  const registry = `{workspaceRoot}/${REGISTRY_FILE}`;
  // Workspace strip defaults (terms, tags) decide what pin accepts and what ships.
  const defaults = `{workspaceRoot}/${WORKSPACE_CONFIG_FILE}`;
  return {
    // Every file of the client (what ships, what is ignored by git), without templates or zlib: nothing is rendered or zipped.
    check: ['{projectRoot}/**/*', registry, defaults, ...impl.full],
    // The asset lock is JSON but only stands in for the media, which pin never reads.
    pin: ['{projectRoot}/**/*.json', `!{projectRoot}/**/${ASSET_LOCK_FILE}`, registry, defaults, ...impl.pin],
    full: [
      '{projectRoot}/**/*',
      registry,
      defaults,
      `{workspaceRoot}/${TEMPLATE_OVERRIDE_DIR}/**/*`,
      ...(impl.full.some((i) => isSameRuntime(i, VERSION_RUNTIME_INPUT)) ? [] : [ZLIB_INPUT]),
      ...impl.full,
    ],
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Exact output files of a version, as `{workspaceRoot}/...` paths. */
export function handoffOutputs(workspaceRoot: string, slug: string, version: number, date: string) {
  const p = handoffPaths(workspaceRoot, slug, version, date);
  const rel = (abs: string) => toPosix(path.relative(workspaceRoot, abs));
  return {
    pinsFile: rel(p.pinsFile),
    zipFile: rel(p.zipFile),
    zipShaFile: rel(p.zipShaFile),
    reportFile: rel(p.reportFile),
    buildFile: rel(p.buildFile),
  };
}

function target(executor: string, description: string, extra: Partial<TargetConfiguration>): TargetConfiguration {
  return { executor, ...extra, metadata: { description, technologies: TECHNOLOGIES } };
}

/** Never cached: delivering is a side effect, and the ledger it writes is an input of every target. */
function deliverDescription(slug: string, config: ClientConfig, v: string): string {
  const names = (config.deliver?.destinations ?? []).map(destinationName);
  const to = names.length ? `to ${names.join(', ')}` : 'to the destinations in handoff.json (none configured yet)';
  return `Deliver ${slug}'s ${v} bundle ${to}, record it in ${LEDGER_FILE} and write BRIEF.md. Never cached; --destination=<names>, --force.`;
}

function validTargets(
  slug: string,
  config: ClientConfig,
  workspaceRoot: string,
  impl: ImplementationInputs,
): Record<string, TargetConfiguration> {
  const out = handoffOutputs(workspaceRoot, slug, config.version, config.date);
  const { check, pin, full } = handoffInputs(impl);
  const v = `v${config.version}`;
  return {
    [TARGETS.check]: target(
      'nx-handoff:check',
      `Report every problem of ${slug}'s ${v} in one pass (inventory, filter, strip, denylist and credential scans, the leak gate's rules, Windows-safe names, pins), grouped by file with fixes. Writes no bundle.`,
      {
        cache: true,
        inputs: check,
        outputs: [],
        syncGenerators: [SYNC_ASSETS_GENERATOR],
      },
    ),
    // Check and pin run side by side (pin only reads the records and the registry); package waits
    // for both, so a bundle is never packaged only to fail the leak gate afterwards.
    [TARGETS.pin]: target(
      'nx-handoff:pin',
      `Pin every model used by ${slug}'s approved jobs to an exact name@version (${out.pinsFile}); runs beside handoff-check.`,
      {
        cache: true,
        inputs: pin,
        outputs: [`{workspaceRoot}/${out.pinsFile}`],
      },
    ),
    // The zip itself is not a cached output: copying a multi-GB zip into .nx/cache on every build
    // and back out on every warm run without the daemon cost more than the rare rebuild after a
    // restore (docs/benchmarks.md). Its build record is cached; `handoff` rebuilds a missing zip.
    [TARGETS.package]: target(
      'nx-handoff:package',
      `Build the deterministic ${v} bundle ${out.zipFile}, its .sha256 and its build record (cached: the record and .sha256, not the zip).`,
      {
        cache: true,
        dependsOn: [TARGETS.check, TARGETS.pin],
        inputs: full,
        outputs: [`{workspaceRoot}/${out.zipShaFile}`, `{workspaceRoot}/${out.buildFile}`],
        syncGenerators: [SYNC_ASSETS_GENERATOR],
      },
    ),
    [TARGETS.coldTest]: target(
      'nx-handoff:cold-test',
      `Cold-test the ${v} bundle in a clean folder (report: ${out.reportFile}); any other zip: handoff-verify --zip=<path>.`,
      {
        cache: true,
        dependsOn: [TARGETS.package],
        inputs: full,
        outputs: [`{workspaceRoot}/${out.reportFile}`],
        syncGenerators: [SYNC_ASSETS_GENERATOR],
      },
    ),
    // Never cached, a stat when nothing changed: makes sure dist/ holds the verified zip.
    [TARGETS.handoff]: target(
      'nx-handoff:ensure',
      `Build and verify ${slug}'s handoff ${v} (${config.date}): pin -> package -> cold-test (cached), then make sure ${out.zipFile} is there, rebuilding it when the cache restored only its build record.`,
      {
        cache: false,
        dependsOn: [TARGETS.coldTest],
        inputs: full,
        syncGenerators: [SYNC_ASSETS_GENERATOR],
      },
    ),
    [TARGETS.verify]: target(
      'nx-handoff:verify',
      `Cold-test any bundle as it is, never from the cache and never rebuilding it: --zip=<path> (default: the ${v} bundle). The report goes beside the zip.`,
      { cache: false },
    ),
    [TARGETS.deliver]: target('nx-handoff:deliver', deliverDescription(slug, config, v), {
      cache: false,
      dependsOn: [TARGETS.handoff],
    }),
    // Opt-in (no other target depends on it) and never cached: it spends credits on real generations.
    [TARGETS.regenProof]: target(
      'nx-handoff:regen-proof',
      `Opt-in, spends credits: regenerate one job of the ${v} bundle (--jobs=a,b, --all) with its pinned model and seed and compare with the shipped asset (identical / equivalent / drifted / not reproducible). Report and pictures beside the zip. Asks first on a TTY; --yes, --allow-drift. Never cached.`,
      { cache: false, dependsOn: [TARGETS.handoff] },
    ),
    // Opt-in, never cached: it spends credits and writes inputs (the copies) into the client folder.
    [TARGETS.upscale]: target(
      'nx-handoff:upscale',
      `Opt-in, spends credits: higher-resolution copies of ${slug}'s approved generated images (--assets=<globs>, --scale=2|4) through the pinned topaz-upscale-image, written beside their sources in <folder>/upscaled/ for the next \`handoff\` of ${v}. Refused once ${v} is delivered (bump first). Never cached.`,
      { cache: false },
    ),
  };
}

function brokenTargets(error: string): Record<string, TargetConfiguration> {
  const first = error.split('\n').find((l) => l.includes(': ')) ?? error;
  const why = `Disabled: handoff.json is invalid (${first.trim()}). Run the target or see the project description for every problem.`;
  const t = (executor: string, dependsOn?: string) =>
    target(executor, why, { cache: false, ...(dependsOn ? { dependsOn: [dependsOn] } : {}) });
  return {
    [TARGETS.check]: t('nx-handoff:check'),
    [TARGETS.pin]: t('nx-handoff:pin', TARGETS.check),
    [TARGETS.package]: t('nx-handoff:package', TARGETS.pin),
    [TARGETS.coldTest]: t('nx-handoff:cold-test', TARGETS.package),
    [TARGETS.handoff]: t('nx-handoff:ensure', TARGETS.coldTest),
    [TARGETS.verify]: t('nx-handoff:verify'),
    [TARGETS.deliver]: t('nx-handoff:deliver', TARGETS.handoff),
    [TARGETS.regenProof]: t('nx-handoff:regen-proof', TARGETS.handoff),
    [TARGETS.upscale]: t('nx-handoff:upscale'),
  };
}

/** `name` from a file that failed validation, when it is at least a string. */
function lenientName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parseLenient(text, [], { allowTrailingComma: true });
    return value && typeof value.name === 'string' && value.name.trim() ? value.name.trim() : undefined;
  } catch {
    return undefined;
  }
}

const TARGET_GROUP = { handoff: Object.values(TARGETS) };

function brokenProject(root: string, name: string, error: string): InferredProject {
  return {
    projectType: 'application',
    tags: [CLIENT_TAG, CONFIG_ERROR_TAG],
    name,
    metadata: {
      description: `handoff.json is invalid: ${error}`,
      technologies: TECHNOLOGIES,
      targetGroups: TARGET_GROUP,
    },
    targets: brokenTargets(error),
  };
}

/**
 * Two handoff.json files claiming one project name would make Nx reject the whole graph (a copied
 * client folder keeps its "name"). The first by path keeps the name; each other one becomes a
 * broken project named after its folder path, reporting the clash.
 */
export function resolveNameClashes(
  files: ReadonlyArray<{ file: string; inference: HandoffInference }>,
): Array<{ file: string; inference: HandoffInference }> {
  const owner = new Map<string, string>();
  // By path segments, so clients/acme comes before clients/acme-copy.
  const byPath = (a: { file: string }, b: { file: string }) =>
    a.file.replace(/\//g, '\u0000') < b.file.replace(/\//g, '\u0000') ? -1 : 1;
  for (const { inference } of [...files].sort(byPath)) {
    if (!owner.has(inference.project.name)) owner.set(inference.project.name, inference.root);
  }
  return files.map(({ file, inference }) => {
    const first = owner.get(inference.project.name);
    if (first === inference.root) return { file, inference };
    const error = `${file}: project name "${inference.project.name}" is already used by ${first}/handoff.json\n  fix: give this client its own "name" (kebab-case slug)`;
    const name = inference.root
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    return { file, inference: { root: inference.root, error, project: brokenProject(inference.root, name, error) } };
  });
}

/**
 * Infer the project for `configFile` (workspace-relative). `text` is the file content, or the
 * error met reading it. Never throws: a broken file yields a project whose targets fail with
 * the problems, so one client cannot break the graph of the whole workspace.
 */
export function inferHandoffProject(
  configFile: string,
  text: string | Error,
  workspaceRoot: string,
  impl: ImplementationInputs,
): HandoffInference {
  const root = toPosix(path.dirname(configFile)) || '.';
  const folderName = path.basename(root === '.' ? path.resolve(workspaceRoot) : root);
  const base = { projectType: 'application' as const, tags: [CLIENT_TAG] };
  try {
    if (typeof text !== 'string') throw text;
    const config = parseAndValidate(text, path.join(workspaceRoot, configFile), clientConfigSchema, {
      jsonc: true,
      displayBase: workspaceRoot,
    });
    const slug = config.name ?? folderName;
    return {
      root,
      project: {
        ...base,
        name: slug,
        metadata: {
          description: `Handoff bundle for ${config.client}, version ${config.version} (${config.date}).`,
          technologies: TECHNOLOGIES,
          targetGroups: TARGET_GROUP,
        },
        targets: validTargets(slug, config, workspaceRoot, impl),
      },
    };
  } catch (err) {
    const error = isHandoffError(err)
      ? formatHandoffError(err).replace(/^nx-handoff: /, '')
      : String((err as Error)?.message ?? err);
    return {
      root,
      error,
      project: brokenProject(root, lenientName(typeof text === 'string' ? text : undefined) ?? folderName, error),
    };
  }
}
