import * as path from 'node:path';
import { globAsync, type Tree } from '@nx/devkit';
import { parse as parseLenient } from 'jsonc-parser';
import { CLIENT_CONFIG_FILE, PLACEHOLDER_MARKER, SLUG_RE } from '@nx-handoff/core/config';
import { pluginPackageDir, schemaRefFor } from '../../utils/schema-ref';
import type { HandoffClientGeneratorSchema, RightsKind } from './schema';

export interface NormalizedHandoffClientSchema {
  slug: string;
  /** Workspace-relative POSIX folder of the client. */
  directory: string;
  client: string;
  engagement: string;
  receivingTeam?: { name?: string; tools: string[] };
  rights: RightsKind[];
  rightsStatus: string;
  regenerate: boolean;
  terms: string[];
  format: 'zip' | 'bagit';
  supportContact: string;
  supportContactIsPlaceholder: boolean;
  supportWindowDays: number;
  date: string;
  schemaRef: string;
  skipFormat: boolean;
  /** Write handoff.json into an existing engagement folder, detecting its layout. */
  adopt: boolean;
}

const RIGHTS_KINDS: RightsKind[] = ['licensed-stock', 'font', 'reference-face', 'client-supplied'];
const RIGHTS_WORDS: Record<RightsKind, string> = {
  'licensed-stock': 'licensed stock imagery',
  font: 'licensed fonts',
  'reference-face': 'reference faces (likeness releases)',
  'client-supplied': 'client-supplied material',
};
/** Written when no contact was given; handoff-check refuses it (the bundle README would ship it). */
export const SUPPORT_PLACEHOLDER = `${PLACEHOLDER_MARKER}: agency support contact (name, e-mail)`;

/** Accept a list or a comma-separated string; trim, drop blanks and duplicates. */
export function splitList(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value.flatMap((v) => String(v).split(',')) : (value ?? '').split(',');
  return [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
}

export function titleCase(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A sentence without its full stop: the bundle README writes "Status: <status>. Details, ...". */
export function rightsStatusFor(rights: RightsKind[]): string {
  if (rights.length === 0) return 'All assets are generated work: no licensed stock, fonts or reference faces';
  const words = rights.map((r) => RIGHTS_WORDS[r]);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];
  return `Generated work plus ${list}: see the rights items before reuse`;
}

function fail(message: string): never {
  throw new Error(`nx-handoff:handoff-client: ${message}`);
}

function checkDate(date: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    fail(`--date "${date}" is not a calendar date as YYYY-MM-DD`);
  }
  return date;
}

/** True when the folder already holds files (an engagement to adopt). */
function holdsFiles(tree: Tree, dir: string): boolean {
  return tree.exists(dir) && tree.children(dir).length > 0;
}

function checkDirectory(tree: Tree, directory: string): string {
  const dir = path.posix.normalize(directory.split(path.sep).join('/')).replace(/\/+$/, '');
  if (path.posix.isAbsolute(dir) || dir === '.' || dir === '' || dir.startsWith('..')) {
    fail(`--directory "${directory}" must be a folder inside the workspace, relative to its root (e.g. clients/acme)`);
  }
  if (tree.exists(path.posix.join(dir, CLIENT_CONFIG_FILE))) {
    fail(
      `${dir}/${CLIENT_CONFIG_FILE} already exists: this client is already set up (bump "version" in it for a new handoff)`,
    );
  }
  return dir;
}

/** Another handoff.json already using this slug (by "name" or by folder). */
async function findSlugOwner(tree: Tree, slug: string): Promise<string | undefined> {
  for (const file of await globAsync(tree, [`**/${CLIENT_CONFIG_FILE}`])) {
    if (file.split('/').includes('node_modules') || file.startsWith('dist/')) continue;
    const parsed = parseLenient(tree.read(file, 'utf8') ?? '', [], { allowTrailingComma: true });
    const name =
      parsed && typeof parsed.name === 'string' ? parsed.name : path.posix.basename(path.posix.dirname(file));
    if (name === slug) return file;
  }
  return undefined;
}

function checkRights(value: HandoffClientGeneratorSchema['rights']): RightsKind[] {
  const list = splitList(value as string | string[] | undefined);
  const bad = list.filter((r) => !RIGHTS_KINDS.includes(r as RightsKind));
  if (bad.length)
    fail(`--rights: unknown kind(s) ${bad.map((b) => `"${b}"`).join(', ')}; expected ${RIGHTS_KINDS.join(', ')}`);
  return list as RightsKind[];
}

export async function normalizeOptions(
  tree: Tree,
  options: HandoffClientGeneratorSchema,
  pluginDir = pluginPackageDir(),
): Promise<NormalizedHandoffClientSchema> {
  const slug = (options.name ?? '').trim();
  if (!SLUG_RE.test(slug)) {
    fail(
      `"${slug}" is not a valid client slug: use kebab-case, 2 to 64 characters (a-z, 0-9 and -, not starting or ending with -), e.g. acme-fintech`,
    );
  }
  const directory = checkDirectory(tree, options.directory?.trim() || `clients/${slug}`);
  const adopt = options.adopt ?? holdsFiles(tree, directory);
  if (adopt && !holdsFiles(tree, directory))
    fail(`--adopt: ${directory} does not exist or is empty; leave out --adopt to scaffold a new client`);
  const owner = await findSlugOwner(tree, slug);
  if (owner) fail(`a client named "${slug}" already exists (${owner}); choose another slug`);
  const client = options.client?.trim() || titleCase(slug);
  const rights = checkRights(options.rights);
  const teamName = options.receivingTeam?.trim() || undefined;
  const tools = splitList(options.receivingTools);
  const supportContact = options.supportContact?.trim() || '';
  const format = options.format ?? 'zip';
  if (format !== 'zip' && format !== 'bagit') fail(`--format must be zip or bagit, got "${format}"`);
  const days = options.supportWindowDays ?? 30;
  if (!Number.isInteger(days) || days < 0) fail(`--supportWindowDays must be a whole number of days, got ${days}`);
  return {
    slug,
    directory,
    client,
    engagement: options.engagement?.trim() || `${client} engagement`,
    receivingTeam: teamName || tools.length ? { name: teamName, tools } : undefined,
    rights,
    rightsStatus: options.rightsStatus?.trim() || rightsStatusFor(rights),
    regenerate: options.regenerate ?? true,
    terms: [...new Set([...splitList(options.competitors), ...splitList(options.reviewers)])],
    format,
    supportContact: supportContact || SUPPORT_PLACEHOLDER,
    supportContactIsPlaceholder: !supportContact,
    supportWindowDays: days,
    date: checkDate(options.date?.trim() || todayUtc()),
    schemaRef: schemaRefFor(tree.root, directory, pluginDir),
    skipFormat: options.skipFormat ?? false,
    adopt,
  };
}
