import picomatch from 'picomatch';
import type { ClientConfig } from '../config/client-config';
import type { ApprovedSet, AssetFile, Dropped, Inventory, InventoryJob } from '../types';

/**
 * Files that never ship, whatever the config says: secrets, credentials and OS litter.
 * Matched against the client-relative path (dot files included).
 */
export const NEVER_SHIP_GLOBS = [
  // environment files and keys
  '**/.env*', '**/*.pem', '**/*.key', '**/*.p12', '**/*.pfx', '**/*.crt', '**/*.cer', '**/*.ppk',
  '**/*.jks', '**/*.keystore', '**/*.kdbx', '**/id_rsa*', '**/id_ecdsa*', '**/id_ed25519*', '**/.ssh/**',
  // credential stores of common tools
  '**/.npmrc', '**/.yarnrc*', '**/.pypirc', '**/.netrc', '**/.git-credentials', '**/.pgpass', '**/.htpasswd',
  '**/.docker/**', '**/.aws/**', '**/.azure/**', '**/.config/gcloud/**', '**/credentials', '**/credentials.json',
  '**/.gen-ai/**', '**/gen-ai*.token', '**/*.token',
  // version control and OS litter (AppleDouble files carry Finder tags and comments)
  '**/.git/**', '**/.gitignore', '**/.gitkeep', '**/.DS_Store', '**/._*', '**/.Spotlight-V100/**', '**/.fseventsd/**',
  '**/.Trashes/**', '**/Icon\r', '**/Thumbs.db', '**/desktop.ini',
  // metadata sidecars: generator prompts, reviewer names
  '**/*.xmp',
];

type Matcher = (p: string) => boolean;

function matcher(globs: string[]): Matcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true, nocase: true });
}

function firstMatch(globs: string[], p: string): string | undefined {
  return globs.find((g) => picomatch.isMatch(p, g, { dot: true, nocase: true }));
}

/** Why a job does not ship, or undefined when it is approved. */
function jobDropReason(j: InventoryJob, filter: ClientConfig['filter'], excluded: Matcher): Dropped | undefined {
  const status = (j.job.status ?? '').toLowerCase();
  const statuses = filter.excludeStatuses.map((s) => s.toLowerCase());
  if (status && statuses.includes(status)) return { kind: 'job', id: j.job.id, reason: 'status', detail: status };
  const tags = new Set(filter.excludeTags.map((t) => t.toLowerCase()));
  const tag = (j.job.tags ?? []).find((t) => tags.has(t.toLowerCase()));
  if (tag) return { kind: 'job', id: j.job.id, reason: 'tag', detail: tag };
  const out = j.outputs.find((o) => excluded(o));
  if (out) return { kind: 'job', id: j.job.id, reason: 'excluded-folder', detail: firstMatch(filter.excludeGlobs, out) ?? out };
  return undefined;
}

/**
 * Keep what ships: jobs not failed/draft/rejected/WIP and assets outside excluded folders that are
 * not outputs of dropped jobs. Pure: no I/O. Results files keep only their approved jobs.
 */
export function filterApproved(inventory: Inventory, filter: ClientConfig['filter']): ApprovedSet {
  const excluded = matcher(filter.excludeGlobs);
  const neverShip = matcher(NEVER_SHIP_GLOBS);
  const dropped: Dropped[] = [];
  const jobs: InventoryJob[] = [];
  for (const j of inventory.jobs) {
    const reason = jobDropReason(j, filter, excluded);
    if (reason) dropped.push(reason);
    else jobs.push(j);
  }
  const approvedOutputs = new Set(jobs.flatMap((j) => j.outputs));
  const droppedOutputs = new Set(inventory.jobs.filter((j) => !jobs.includes(j)).flatMap((j) => j.outputs));
  const assets: AssetFile[] = [];
  for (const a of inventory.assets) {
    if (neverShip(a.rel)) dropped.push({ kind: 'asset', id: a.rel, reason: 'secret-or-system-file', detail: firstMatch(NEVER_SHIP_GLOBS, a.rel) ?? a.rel });
    else if (excluded(a.rel)) dropped.push({ kind: 'asset', id: a.rel, reason: 'excluded-folder', detail: firstMatch(filter.excludeGlobs, a.rel) ?? a.rel });
    else if (droppedOutputs.has(a.rel) && !approvedOutputs.has(a.rel)) dropped.push({ kind: 'asset', id: a.rel, reason: 'output-of-dropped-job', detail: a.rel });
    else assets.push(a);
  }
  const approvedIds = new Set(jobs.map((j) => j.job.id));
  const results = inventory.results
    .map((r) => ({ ...r, jobs: r.jobs.filter((job) => approvedIds.has(job.id)) }))
    .filter((r) => r.jobs.length > 0);
  return { results, jobs, assets, dropped };
}
